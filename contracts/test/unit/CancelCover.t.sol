// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager, Cover, ProductStatus} from "../../src/interfaces/ICoverManager.sol";

contract CancelCoverTest is UnitBase {
    /// @dev The reference cover cancelled at T0 + 10 days: 20.5 days of its 30.5-day stream remain,
    /// floor(6,245,790 x 1,771,200 / 1e6) = 11,062,543 unearned; fee ceil(10%) = 1,106,255.
    uint256 internal constant UNEARNED_AT_10D = 11_062_543;
    uint256 internal constant FEE_AT_10D = 1_106_255;
    uint256 internal constant REFUND_AT_10D = 9_956_288;

    uint256 internal coverId;

    function setUp() public override {
        super.setUp();
        (coverId,) = _buyReference();
    }

    function _cancel(address caller, uint256 id, uint256 minRefund) internal returns (uint256) {
        vm.prank(caller);
        return manager.cancelCover(id, minRefund);
    }

    // ---------------------------------------------------------------- happy paths

    function test_cancelCover_refundsUnearnedMinusFeeAndBurns() public {
        vm.warp(T0 + 10 days);
        (uint256 qRefund, uint256 qFee) = manager.quoteCancel(coverId);
        assertEq(qRefund, REFUND_AT_10D, "quoted refund");
        assertEq(qFee, FEE_AT_10D, "quoted fee");
        assertEq(qRefund + qFee, UNEARNED_AT_10D, "refund + fee = unearned, rounded down");
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 poolBefore = usdc.balanceOf(address(pool));

        vm.expectEmit(true, true, true, true, address(manager));
        emit IERC721.Transfer(alice, address(0), coverId);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CoverCancelled(coverId, alice, REFUND_AT_10D, FEE_AT_10D);
        vm.expectEmit(true, true, false, true, address(usdc));
        emit IERC20.Transfer(address(pool), alice, REFUND_AT_10D);
        uint256 refund = _cancel(alice, coverId, REFUND_AT_10D);

        assertEq(refund, REFUND_AT_10D, "returned refund");
        assertEq(usdc.balanceOf(alice), aliceBefore + REFUND_AT_10D, "owner refunded");
        assertEq(usdc.balanceOf(address(pool)), poolBefore - REFUND_AT_10D, "refund left the pool");
        assertEq(manager.balanceOf(alice), 0, "NFT burnt");
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, coverId));
        manager.ownerOf(coverId);

        Cover memory c = manager.cover(coverId);
        assertEq(c.owner, address(0), "owner cleared");
        assertEq(c.end, T0 + 10 days, "end set to the cancellation time");
        assertEq(c.flags, 2, "cancelled flag");
        assertEq(c.amount, 10_000e6, "amount kept for the record");
        assertEq(manager.activeCover(), 0, "cover left the pool's active cover");
        assertEq(manager.productActiveCover(productId), 0, "cover left the product's active cover");
        assertEq(manager.unearnedPremium(), 0, "no unearned premium left");
        assertEq(manager.requiredCapital(), 0, "no capital required");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + PREMIUM_10K_30D - REFUND_AT_10D, "pool keeps earned + fee");
        assertFalse(manager.isActive(coverId, T0 + 10 days), "not active from the cancellation");
        assertTrue(manager.isActive(coverId, T0 + 10 days - 1), "was active before");
    }

    function test_cancelCover_rightAfterPurchaseRefundsNinetyPercent() public {
        uint256 unearned = RATE_10K_30D * STREAM_10K_30D / EARN_SCALE;
        uint256 fee = (unearned * CANCEL_FEE + WAD - 1) / WAD;
        uint256 refund = _cancel(alice, coverId, 0);
        assertEq(refund, unearned - fee, "refund = floor(unearned) - ceil(10%)");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + PREMIUM_10K_30D - refund, "pool keeps the fee");
        assertGe(pool.totalAssets(), INITIAL_CAPITAL + fee, "depositors gain at least the fee");
    }

    function test_cancelCover_withZeroFeeRefundsAllUnearned() public {
        vm.prank(admin);
        manager.setCancelFee(0);
        vm.warp(T0 + 10 days);
        (uint256 qRefund, uint256 qFee) = manager.quoteCancel(coverId);
        assertEq(qFee, 0, "no fee");
        assertEq(qRefund, UNEARNED_AT_10D, "whole unearned premium");
        assertEq(_cancel(alice, coverId, 0), UNEARNED_AT_10D, "refund");
    }

    function test_cancelCover_byApprovedAddressRefundsOwner() public {
        vm.prank(alice);
        manager.approve(bob, coverId);
        vm.warp(T0 + 10 days);
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 bobBefore = usdc.balanceOf(bob);
        uint256 refund = _cancel(bob, coverId, 0);
        assertEq(refund, REFUND_AT_10D, "refund");
        assertEq(usdc.balanceOf(alice), aliceBefore + refund, "the owner is refunded");
        assertEq(usdc.balanceOf(bob), bobBefore, "the approved caller gets nothing");
    }

    function test_cancelCover_byOperator() public {
        vm.prank(alice);
        manager.setApprovalForAll(bob, true);
        _cancel(bob, coverId, 0);
        assertEq(manager.balanceOf(alice), 0, "operator cancelled alice's cover");
    }

    function test_cancelCover_refundsTransferredOwner() public {
        vm.prank(alice);
        manager.transferFrom(alice, bob, coverId);
        vm.warp(T0 + 10 days);
        uint256 bobBefore = usdc.balanceOf(bob);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotCoverOwner.selector, coverId, alice));
        _cancel(alice, coverId, 0);
        uint256 refund = _cancel(bob, coverId, 0);
        assertEq(usdc.balanceOf(bob), bobBefore + refund, "new owner refunded");
    }

    function test_cancelCover_allowedWhenProductNotSelling() public {
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Retired);
        assertGt(_cancel(alice, coverId, 0), 0, "retired product's cover can still be cancelled");
    }

    function test_cancelCover_afterExtensionRefundsTheExtendedStream() public {
        vm.warp(T0 + 10 days);
        vm.prank(alice);
        uint256 extPremium = manager.extendCover(coverId, 30 days, type(uint256).max);
        // New stream: 6,312,339 per second (scaled) until T0 + 60.5 days, i.e. 50.5 days from now:
        // floor(6,312,339 x 4,363,200 / 1e6) = 27,541,997 unearned, fee ceil(10%) = 2,754,200.
        assertEq(manager.cover(coverId).rateScaled, 6_312_339, "extended stream rate");
        (uint256 qRefund, uint256 qFee) = manager.quoteCancel(coverId);
        assertEq(qFee, 2_754_200, "fee on the extended stream");
        assertEq(qRefund, 24_787_797, "refund of the extended stream");
        assertEq(_cancel(alice, coverId, 0), 24_787_797, "refund");
        assertEq(manager.unearnedPremium(), 0, "nothing unearned");
        assertEq(manager.activeCover(), 0, "nothing active");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + PREMIUM_10K_30D + extPremium - 24_787_797, "pool keeps the rest");
        vm.warp(T0 + 70 days);
        assertEq(manager.activeCover(), 0, "both emptied buckets pass cleanly");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + PREMIUM_10K_30D + extPremium - 24_787_797, "unchanged");
    }

    function test_cancelCover_leavesOtherCoversInTheBucket() public {
        (uint256 other,) = buy(bob, 5_000e6, 30 days); // same product and expiry day
        _cancel(alice, coverId, 0);
        assertEq(manager.activeCover(), 5_000e6, "bob's cover still active");
        assertEq(manager.productActiveCover(productId), 5_000e6, "bob's cover still counted");
        vm.warp(BOUNDARY_10K_30D - 1);
        assertEq(manager.activeCover(), 5_000e6, "active until the boundary");
        vm.warp(BOUNDARY_10K_30D);
        assertEq(manager.activeCover(), 0, "bob's cover expires at the boundary");
        assertEq(manager.unearnedPremium(), 0, "all earned");
        assertEq(manager.ownerOf(other), bob, "expired cover keeps its NFT");
    }

    // ---------------------------------------------------------------- errors

    function test_cancelCover_revertsWhen_UnknownCover() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownCover.selector, 2));
        _cancel(alice, 2, 0);
    }

    function test_cancelCover_revertsWhen_CoverIsCancelled() public {
        _cancel(alice, coverId, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverIsCancelled.selector, coverId));
        _cancel(alice, coverId, 0);
    }

    function test_cancelCover_revertsWhen_CoverExpired() public {
        vm.warp(T0 + 30 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverExpired.selector, coverId, T0 + 30 days));
        _cancel(alice, coverId, 0);
    }

    function test_cancelCover_revertsWhen_NotCoverOwner() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotCoverOwner.selector, coverId, bob));
        _cancel(bob, coverId, 0);
    }

    function test_cancelCover_revertsWhen_IncidentOpen() public {
        _openClaim(); // an incident on the cover's product
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, productId));
        _cancel(alice, coverId, 0);
        _closeClaim();
        assertGt(_cancel(alice, coverId, 0), 0, "cancellable once the incident closed");
    }

    function test_cancelCover_revertsWhen_ClaimAlreadyOpen() public {
        vm.warp(T0 + 2 days);
        vm.prank(route);
        manager.openClaim(coverId, alice, T0 + 1 days, 1_000e6);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ClaimAlreadyOpen.selector, coverId));
        _cancel(alice, coverId, 0);
        vm.prank(route);
        manager.closeClaim(coverId);
        assertGt(_cancel(alice, coverId, 0), 0, "cancellable once the claim closed");
    }

    function test_cancelCover_revertsWhen_RefundBelowMin() public {
        vm.warp(T0 + 10 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.RefundBelowMin.selector, REFUND_AT_10D, REFUND_AT_10D + 1)
        );
        _cancel(alice, coverId, REFUND_AT_10D + 1);
    }

    /// @dev ICoverManager: CoverHasPayouts, "has received a payout and can no longer be extended or
    /// cancelled" (this failed before e28027d, which added the check).
    function test_cancelCover_revertsWhen_CoverHasPayouts() public {
        vm.warp(T0 + 2 days);
        vm.prank(route);
        manager.payout(coverId, 1_000e6, T0 + 1 days, false);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverHasPayouts.selector, coverId));
        _cancel(alice, coverId, 0);
    }

    function test_quoteCancel_revertsLikeCancelCover() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownCover.selector, 5));
        manager.quoteCancel(5);
        _openClaim();
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, productId));
        manager.quoteCancel(coverId);
        _closeClaim();
        vm.warp(T0 + 2 days);
        vm.prank(route);
        manager.payout(coverId, 1_000e6, T0 + 1 days, false);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverHasPayouts.selector, coverId));
        manager.quoteCancel(coverId);
        vm.warp(T0 + 30 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverExpired.selector, coverId, T0 + 30 days));
        manager.quoteCancel(coverId);
    }

    // ---------------------------------------------------------------- ledger after cancellations

    /// @dev Regression (failed before e28027d): a cancellation leaves its emptied bucket linked in its
    /// day's list; once a sync finds no active cover it sets nextExpiryDay to "none", and a new cover
    /// whose stream ends on the emptied bucket's day reused the linked bucket without lowering the
    /// hint, so its expiry was never processed and every view and sync later underflowed.
    function test_cancelCover_laterCoverInEmptiedBucketStillExpires() public {
        buy(bob, 1_000e6, 1 days); // bucket day ends T0 + 1.5 days
        _cancel(alice, coverId, 0); // empties the bucket ending T0 + 30.5 days
        vm.warp(T0 + 2 days); // bob's cover has expired: the next sync finds no active cover
        manager.sync();
        assertEq(manager.activeCover(), 0, "nothing active");
        // 28 days from T0 + 2 days ends at T0 + 30 days: the same (emptied) bucket as alice's cover.
        (uint256 late,) = buy(bob, 2_000e6, 28 days);
        assertEq(_boundary(manager.cover(late).end), BOUNDARY_10K_30D, "same expiry day as the cancelled cover");

        vm.warp(BOUNDARY_10K_30D + 1 days);
        assertEq(manager.activeCover(), 0, "late cover left the pool's active cover");
        assertEq(manager.productActiveCover(productId), 0, "late cover left the product's active cover");
        assertEq(manager.unearnedPremium(), 0, "late cover's premium fully earned");
        assertGt(pool.totalAssets(), INITIAL_CAPITAL, "pool still values its shares");
        (uint256 next,) = buy(alice, 1_000e6, 10 days);
        assertEq(manager.ownerOf(next), alice, "sales still work");
    }
}
