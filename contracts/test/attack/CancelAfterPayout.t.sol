// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";

/// @notice A cover that has been paid cannot be cancelled for a refund.
/// @dev ICoverManager: "CoverHasPayouts: Cover `coverId` has received a payout and can no longer be
/// extended or cancelled." Regression test: cancelCover used not to check the paid flag, so a holder
/// could be paid on a claim and then take back the unearned premium (minus the fee) on top (fixed in
/// e28027d).
contract CancelAfterPayoutTest is BaseTest {
    function test_cancelCover_revertsAfterPayout() public {
        (uint256 id,) = buy(alice, 1_000e6, 30 days);
        vm.warp(vm.getBlockTimestamp() + 2 days);
        vm.prank(route);
        manager.payout(id, 100e6, vm.getBlockTimestamp() - 1, false);

        uint256 streamEnd = (uint256(manager.cover(id).end) + 1 days - 1) / 1 days * 1 days;
        uint256 unearned = manager.cover(id).rateScaled * (streamEnd - vm.getBlockTimestamp()) / 1e6;
        assertGt(unearned, 1e6, "there is unearned premium a cancellation would return");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverHasPayouts.selector, id));
        manager.cancelCover(id, 0);
    }

    function test_extendCover_revertsAfterPayout() public {
        (uint256 id,) = buy(alice, 1_000e6, 30 days);
        vm.warp(vm.getBlockTimestamp() + 2 days);
        vm.prank(route);
        manager.payout(id, 100e6, vm.getBlockTimestamp() - 1, false);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverHasPayouts.selector, id));
        manager.extendCover(id, 10 days, type(uint256).max);
    }
}
