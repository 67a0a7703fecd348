// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {BuyCoverParams} from "../../src/interfaces/ICoverManager.sol";

/// @notice A cover bought into an expiry bucket that a cancellation emptied must still expire.
/// @dev Regression tests (fixed in e28027d). Found by the invariant suite (shrunk to: two covers ending
/// on day D cancelled, a shorter cover expires, a new cover ending on day D). Mechanism in RiskLedger, as
/// it was: a cancellation empties a bucket but
/// leaves it linked in its day's list (bit set). When a sync processes a day and active cover drops to 0,
/// `nextExpiryDay` is set to NO_EXPIRY although that future day still has a list. `_addToBucket` lowers
/// `nextExpiryDay` only when the day had no list (`head == 0`), so a later cover whose stream ends on
/// that day is never processed: it never leaves active cover, and once its stream ends its rate keeps
/// being subtracted from the unearned premium, which underflows: unearnedPremium(), liabilities(),
/// activeCover(), totalAssets() and every state-changing call then revert (exits, deposits, purchases,
/// payouts), so the pool's funds are stuck.
contract ExpiryBucketReuseTest is BaseTest {
    function _dayOf(uint256 end) internal pure returns (uint256) {
        return Math.ceilDiv(end, 1 days);
    }

    function _assertHealthyAfterExpiry() internal {
        assertEq(manager.activeCover(), 0, "every cover expired at its stream end");
        assertEq(manager.productActiveCover(productId), 0, "the product's covers expired too");
        assertEq(manager.unearnedPremium(), 0, "nothing left unearned");
        assertEq(pool.totalAssets(), usdc.balanceOf(address(pool)), "the whole balance belongs to depositors");

        uint256 shares = pool.balanceOf(lp1);
        vm.prank(lp1);
        pool.requestWithdraw(shares);
        vm.warp(vm.getBlockTimestamp() + COOLDOWN);
        uint256 expected = pool.previewRedeem(shares);
        vm.prank(lp1);
        assertEq(pool.redeem(shares, lp1, lp1), expected, "the depositor can leave");
    }

    function test_sync_expiresCoverInBucketEmptiedByCancellation() public {
        uint256 t0 = vm.getBlockTimestamp();
        (uint256 a,) = buy(alice, 1_000e6, 20 days); // stream ends on day D
        buy(bob, 1_000e6, 10 days); // ends earlier
        vm.prank(alice);
        manager.cancelCover(a, 0); // bucket (product, D) is now empty but still linked

        vm.warp(t0 + 12 days);
        manager.sync(); // bob's day passes, active cover drops to 0
        assertEq(manager.activeCover(), 0, "nothing active before the new purchase");

        (uint256 c,) = buy(alice, 1_000e6, 8 days);
        assertEq(_dayOf(manager.cover(c).end), _dayOf(t0 + 20 days), "the new cover ends on day D");
        assertEq(manager.activeCover(), 1_000e6, "the new cover is active");

        vm.warp(t0 + 25 days); // past day D
        _assertHealthyAfterExpiry();
    }

    function test_sync_expiresCoverInDayListedByAnotherProduct() public {
        vm.prank(admin);
        uint256 other = manager.listProduct(defaultProductParams());
        uint256 t0 = vm.getBlockTimestamp();
        vm.prank(alice);
        (uint256 a,) = manager.buyCover(
            BuyCoverParams({
                productId: other,
                riskKey: bytes32(0),
                amount: 1_000e6,
                period: 20 days,
                maxPremium: type(uint256).max,
                recipient: alice
            })
        ); // day D now has a list, headed by the other product
        buy(bob, 1_000e6, 10 days);
        vm.prank(alice);
        manager.cancelCover(a, 0);

        vm.warp(t0 + 12 days);
        manager.sync();
        (uint256 c,) = buy(alice, 1_000e6, 8 days); // first bucket of this product on day D
        assertEq(_dayOf(manager.cover(c).end), _dayOf(t0 + 20 days), "the new cover ends on day D");

        vm.warp(t0 + 25 days);
        _assertHealthyAfterExpiry();
        assertEq(manager.productActiveCover(other), 0, "the other product has nothing active");
    }
}
