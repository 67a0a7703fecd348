// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";

contract SmokeTest is BaseTest {
    function test_buyCover_chargesQuote() public {
        uint256 quoted = manager.quote(productId, 10_000e6, 30 days);
        (uint256 id, uint256 premium) = buy(alice, 10_000e6, 30 days);
        assertEq(premium, quoted, "charged == quote");
        assertEq(manager.ownerOf(id), alice, "buyer owns the cover");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "premium is unearned at purchase, share price unchanged");
        vm.warp(block.timestamp + 40 days);
        assertEq(manager.activeCover(), 0, "expired");
        assertEq(manager.unearnedPremium(), 0, "all earned");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + premium, "premium earned");
    }
}
