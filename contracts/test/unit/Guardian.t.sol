// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager, ProductStatus} from "../../src/interfaces/ICoverManager.sol";

contract GuardianTest is UnitBase {
    uint256 internal product2;

    function setUp() public override {
        super.setUp();
        product2 = _listProduct(defaultProductParams());
    }

    function _pause(uint256[] memory ids, uint256 duration) internal {
        vm.prank(guardian);
        manager.pauseSales(ids, duration);
    }

    function _unpause(address who, uint256[] memory ids) internal {
        vm.prank(who);
        manager.unpauseSales(ids);
    }

    // ---------------------------------------------------------------- pauseSales

    function test_pauseSales_blocksSalesUntilEnd() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.SalesPausedUntil(productId, T0 + PAUSE_LIMIT, guardian);
        _pause(_ids(productId), PAUSE_LIMIT);
        assertEq(manager.productPausedUntil(productId), T0 + PAUSE_LIMIT, "paused until");
        assertEq(uint8(manager.productStatus(productId)), uint8(ProductStatus.Active), "status untouched");

        vm.warp(T0 + PAUSE_LIMIT - 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.SalesPaused.selector, productId, T0 + PAUSE_LIMIT));
        buy(alice, 1_000e6, 10 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.SalesPaused.selector, productId, T0 + PAUSE_LIMIT));
        manager.quote(productId, 1_000e6, 10 days);

        vm.warp(T0 + PAUSE_LIMIT);
        (uint256 id,) = buy(alice, 1_000e6, 10 days);
        assertEq(manager.ownerOf(id), alice, "sales resume when the pause ends");
    }

    function test_pauseSales_severalProductsAtOnce() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.SalesPausedUntil(productId, T0 + 1 days, guardian);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.SalesPausedUntil(product2, T0 + 1 days, guardian);
        _pause(_ids(productId, product2), 1 days);
        assertEq(manager.productPausedUntil(productId), T0 + 1 days, "first paused");
        assertEq(manager.productPausedUntil(product2), T0 + 1 days, "second paused");
    }

    function test_pauseSales_onlyAffectsListedProducts() public {
        _pause(_ids(product2), 1 days);
        (uint256 id,) = buy(alice, 1_000e6, 10 days);
        assertEq(manager.ownerOf(id), alice, "unpaused product still sells");
    }

    function test_pauseSales_leavesCancelAndPayoutOpen() public {
        (uint256 coverId,) = _buyReference();
        (uint256 other,) = buy(bob, 1_000e6, 10 days);
        vm.warp(T0 + 2 days);
        _pause(_ids(productId), 1 days);
        vm.prank(route);
        manager.payout(coverId, 1_000e6, T0 + 1 days, false);
        assertEq(manager.cover(coverId).amount, 9_000e6, "payout while paused");
        vm.prank(bob);
        assertGt(manager.cancelCover(other, 0), 0, "cancellation while paused");
    }

    /// @notice A new pause needs the pause limit to pass after the last one ended, so the guardian
    /// cannot chain pauses into an unbounded one.
    function test_pauseSales_againOnlyAfterCooldown() public {
        _pause(_ids(productId), 1 days);
        vm.warp(T0 + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.GuardianCooldown.selector, productId, T0 + 1 days + PAUSE_LIMIT)
        );
        _pause(_ids(productId), 2 days);
        vm.warp(T0 + 1 days + PAUSE_LIMIT);
        _pause(_ids(productId), 2 days);
        assertEq(manager.productPausedUntil(productId), T0 + 1 days + PAUSE_LIMIT + 2 days, "new pause");
    }

    function test_pauseSales_revertsWhen_ZeroDuration() public {
        vm.expectRevert(ICoverManager.ZeroAmount.selector);
        _pause(_ids(productId), 0);
    }

    function test_pauseSales_revertsWhen_PauseTooLong() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PauseTooLong.selector, PAUSE_LIMIT + 1, PAUSE_LIMIT));
        _pause(_ids(productId), PAUSE_LIMIT + 1);
    }

    function test_pauseSales_revertsWhen_AlreadyPaused() public {
        _pause(_ids(productId), 2 days);
        vm.warp(T0 + 2 days - 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.AlreadyPaused.selector, productId, T0 + 2 days));
        _pause(_ids(productId), 1 days);
    }

    function test_pauseSales_revertsWhen_AlreadyPausedLaterInList() public {
        _pause(_ids(product2), 2 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.AlreadyPaused.selector, product2, T0 + 2 days));
        _pause(_ids(productId, product2), 1 days);
        assertEq(manager.productPausedUntil(productId), 0, "whole call reverted");
    }

    function test_pauseSales_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 3));
        _pause(_ids(productId, 3), 1 days);
    }

    function test_pauseSales_revertsWhen_NotGuardian() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, GUARDIAN_ROLE)
        );
        vm.prank(bob);
        manager.pauseSales(_ids(productId), 1 days);
        // The admin pauses through setProductStatus, not as a guardian.
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, GUARDIAN_ROLE)
        );
        vm.prank(admin);
        manager.pauseSales(_ids(productId), 1 days);
    }

    // ---------------------------------------------------------------- unpauseSales

    function test_unpauseSales_byGuardian() public {
        _pause(_ids(productId), 3 days);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.SalesUnpaused(productId, guardian);
        _unpause(guardian, _ids(productId));
        assertEq(manager.productPausedUntil(productId), T0, "pause ends now");
        (uint256 id,) = buy(alice, 1_000e6, 10 days);
        assertEq(manager.ownerOf(id), alice, "sells again");
    }

    function test_unpauseSales_byAdmin() public {
        _pause(_ids(productId, product2), 3 days);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.SalesUnpaused(productId, admin);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.SalesUnpaused(product2, admin);
        _unpause(admin, _ids(productId, product2));
        assertEq(manager.productPausedUntil(productId), T0, "first lifted");
        assertEq(manager.productPausedUntil(product2), T0, "second lifted");
    }

    function test_unpauseSales_thenGuardianMayPauseAgainAfterCooldown() public {
        _pause(_ids(productId), 3 days);
        _unpause(admin, _ids(productId));
        vm.warp(T0 + 1 hours);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.GuardianCooldown.selector, productId, T0 + PAUSE_LIMIT));
        _pause(_ids(productId), 1 days);
        vm.warp(T0 + PAUSE_LIMIT);
        _pause(_ids(productId), 1 days);
        assertEq(manager.productPausedUntil(productId), T0 + PAUSE_LIMIT + 1 days, "new pause");
    }

    // ---------------------------------------------------------------- payouts

    function test_pausePayouts_blocksPayoutsUntilItEnds() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PayoutsPausedUntil(productId, T0 + 5 days, guardian);
        vm.prank(guardian);
        manager.pausePayouts(_ids(productId), 3 days);
        assertEq(manager.productPayoutsPausedUntil(productId), T0 + 5 days, "until");
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PayoutsPaused.selector, productId, T0 + 5 days));
        vm.prank(route);
        manager.payout(coverId, 1_000e6, T0 + 1 days, false);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PayoutsPaused.selector, productId, T0 + 5 days));
        vm.prank(route);
        manager.payoutShare(coverId, productId, 0.5e18, T0 + 1 days);
        // Sales go on.
        buy(bob, 1_000e6, 30 days);
        vm.warp(T0 + 5 days);
        vm.prank(route);
        manager.payout(coverId, 1_000e6, T0 + 1 days, false);
        assertEq(manager.cover(coverId).amount, 9_000e6, "paid once the pause ended");
    }

    function test_pausePayouts_boundedLikeSalesPauses() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PauseTooLong.selector, PAUSE_LIMIT + 1, PAUSE_LIMIT));
        vm.prank(guardian);
        manager.pausePayouts(_ids(productId), PAUSE_LIMIT + 1);
        vm.prank(guardian);
        manager.pausePayouts(_ids(productId), 1 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.AlreadyPaused.selector, productId, T0 + 1 days));
        vm.prank(guardian);
        manager.pausePayouts(_ids(productId), 1 days);
        vm.warp(T0 + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.GuardianCooldown.selector, productId, T0 + 1 days + PAUSE_LIMIT)
        );
        vm.prank(guardian);
        manager.pausePayouts(_ids(productId), 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, GUARDIAN_ROLE)
        );
        vm.prank(bob);
        manager.pausePayouts(_ids(productId), 1 days);
    }

    function test_unpausePayouts_byGuardianOrAdmin() public {
        vm.prank(guardian);
        manager.pausePayouts(_ids(productId, product2), 3 days);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PayoutsUnpaused(productId, guardian);
        vm.prank(guardian);
        manager.unpausePayouts(_ids(productId));
        vm.prank(admin);
        manager.unpausePayouts(_ids(product2));
        assertEq(manager.productPayoutsPausedUntil(productId), T0, "lifted");
        assertEq(manager.productPayoutsPausedUntil(product2), T0, "lifted by admin");
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, GUARDIAN_ROLE)
        );
        vm.prank(bob);
        manager.unpausePayouts(_ids(productId));
    }

    function test_setPayoutsHalted_onlyGovernanceLiftsIt() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PayoutsPausedUntil(productId, type(uint32).max, admin);
        vm.prank(admin);
        manager.setPayoutsHalted(_ids(productId), true);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.HaltedByGovernance.selector, productId));
        vm.prank(guardian);
        manager.unpausePayouts(_ids(productId));
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.AlreadyPaused.selector, productId, type(uint32).max)
        );
        vm.prank(guardian);
        manager.pausePayouts(_ids(productId), 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        vm.prank(guardian);
        manager.setPayoutsHalted(_ids(productId), false);
        vm.prank(admin);
        manager.setPayoutsHalted(_ids(productId), false);
        assertEq(manager.productPayoutsPausedUntil(productId), 0, "resumed");
    }

    function test_unpauseSales_revertsWhen_NotGuardianOrAdmin() public {
        _pause(_ids(productId), 3 days);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, GUARDIAN_ROLE)
        );
        _unpause(bob, _ids(productId));
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, route, GUARDIAN_ROLE)
        );
        _unpause(route, _ids(productId));
        assertEq(manager.productPausedUntil(productId), T0 + 3 days, "still paused");
    }

    function test_unpauseSales_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 0));
        _unpause(guardian, _ids(0));
    }
}
