// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager, ProductParams} from "../../src/interfaces/ICoverManager.sol";

contract ClaimRoutesTest is UnitBase {
    address internal route2 = makeAddr("route2");
    uint256 internal product2;

    function setUp() public override {
        super.setUp();
        ProductParams memory p = defaultProductParams();
        p.claimRoute = route2;
        product2 = _listProduct(p);
    }

    // ---------------------------------------------------------------- reservePayout

    function test_reservePayout_setsCapitalAside() public {
        uint256 freeBefore = pool.freeCapital();
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PayoutReserveChanged(route, int256(100_000e6), 100_000e6);
        _reserve(100_000e6);

        assertEq(manager.reservedBy(route), 100_000e6, "route's reservation");
        assertEq(manager.owedPayouts(), 100_000e6, "owed payouts");
        assertEq(manager.liabilities(), 100_000e6, "liabilities include owed payouts");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL - 100_000e6, "reservation leaves totalAssets at once");
        assertEq(pool.freeCapital(), freeBefore - 100_000e6, "and free capital");
        assertEq(usdc.balanceOf(address(pool)), INITIAL_CAPITAL, "no asset moves");
    }

    function test_reservePayout_accumulatesPerRoute() public {
        _reserve(1_000e6);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PayoutReserveChanged(route, int256(2_000e6), 3_000e6);
        _reserve(2_000e6);
        vm.prank(route2);
        manager.reservePayout(product2, 500e6);
        assertEq(manager.reservedBy(route), 3_000e6, "route's total");
        assertEq(manager.reservedBy(route2), 500e6, "route2's total");
        assertEq(manager.owedPayouts(), 3_500e6, "pool total");
    }

    function test_reservePayout_allCapital() public {
        _reserve(INITIAL_CAPITAL);
        assertEq(pool.totalAssets(), 0, "everything reserved");
    }

    function test_reservePayout_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 9));
        vm.prank(route);
        manager.reservePayout(9, 1e6);
    }

    function test_reservePayout_revertsWhen_NotClaimRoute() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, bob));
        vm.prank(bob);
        manager.reservePayout(productId, 1e6);
        // A route is only the route of its own product.
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, product2, route));
        vm.prank(route);
        manager.reservePayout(product2, 1e6);
    }

    function test_reservePayout_revertsWhen_ZeroAmount() public {
        vm.expectRevert(ICoverManager.ZeroAmount.selector);
        _reserve(0);
    }

    function test_reservePayout_revertsWhen_InsufficientCapital() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InsufficientCapital.selector, INITIAL_CAPITAL + 1, INITIAL_CAPITAL)
        );
        _reserve(INITIAL_CAPITAL + 1);
        _reserve(400_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InsufficientCapital.selector, 600_000e6 + 1, 600_000e6)
        );
        _reserve(600_000e6 + 1);
    }

    function test_reservePayout_unearnedPremiumIsNotCapital() public {
        (, uint256 premium) = _buyReference();
        assertEq(usdc.balanceOf(address(pool)), INITIAL_CAPITAL + premium, "premium in the pool");
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InsufficientCapital.selector, INITIAL_CAPITAL + 1, INITIAL_CAPITAL)
        );
        _reserve(INITIAL_CAPITAL + 1);
    }

    // ---------------------------------------------------------------- releasePayout

    function test_releasePayout_returnsCapital() public {
        _reserve(10_000e6);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PayoutReserveChanged(route, -int256(4_000e6), 6_000e6);
        vm.prank(route);
        manager.releasePayout(4_000e6);
        assertEq(manager.reservedBy(route), 6_000e6, "remaining reservation");
        assertEq(manager.owedPayouts(), 6_000e6, "remaining owed");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL - 6_000e6, "released capital is back");
        vm.prank(route);
        manager.releasePayout(6_000e6);
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "all back");
    }

    function test_releasePayout_byFormerRouteAfterRouteChange() public {
        _reserve(10_000e6);
        ProductParams memory p = defaultProductParams();
        p.claimRoute = bob;
        vm.prank(admin);
        manager.updateProduct(productId, p);
        // Reservations belong to the address: the former route can still release its own.
        vm.prank(route);
        manager.releasePayout(10_000e6);
        assertEq(manager.reservedBy(route), 0, "released");
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, route));
        _reserve(1e6);
        vm.prank(bob);
        manager.reservePayout(productId, 1e6);
        assertEq(manager.reservedBy(bob), 1e6, "new route reserves");
    }

    function test_releasePayout_revertsWhen_ExceedsRouteHolding() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, bob, 1, 0));
        vm.prank(bob);
        manager.releasePayout(1);
        _reserve(10_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, route, 10_000e6 + 1, 10_000e6)
        );
        vm.prank(route);
        manager.releasePayout(10_000e6 + 1);
        // Another route cannot release it.
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, route2, 1e6, 0));
        vm.prank(route2);
        manager.releasePayout(1e6);
    }

    // ---------------------------------------------------------------- openClaim / closeClaim

    function test_openClaim_countsAndFreezes() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ClaimCountChanged(route, 1, 1);
        _openClaim();
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ClaimCountChanged(route2, 1, 2);
        vm.prank(route2);
        manager.openClaim(product2);
        assertEq(manager.openClaims(), 2, "two open claims");
        assertEq(pool.freeCapital(), 0, "no free capital while claims are open");
    }

    function test_openClaim_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 0));
        vm.prank(route);
        manager.openClaim(0);
    }

    function test_openClaim_revertsWhen_NotClaimRoute() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, route2));
        vm.prank(route2);
        manager.openClaim(productId);
    }

    function test_closeClaim_decrementsOwnCount() public {
        _openClaim();
        _openClaim();
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ClaimCountChanged(route, -1, 1);
        _closeClaim();
        assertEq(manager.openClaims(), 1, "one still open");
        _closeClaim();
        assertEq(manager.openClaims(), 0, "all closed");
        assertEq(pool.freeCapital(), INITIAL_CAPITAL, "free capital back");
    }

    function test_closeClaim_revertsWhen_ExceedsRouteHolding() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, route, 1, 0));
        _closeClaim();
        _openClaim();
        // route2 cannot close route's claim.
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, route2, 1, 0));
        vm.prank(route2);
        manager.closeClaim();
        _closeClaim();
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, route, 1, 0));
        _closeClaim();
    }

    function test_payout_newRouteAfterUpdate() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
        ProductParams memory p = defaultProductParams();
        p.claimRoute = route2;
        vm.prank(admin);
        manager.updateProduct(productId, p);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, route));
        vm.prank(route);
        manager.payout(coverId, 1e6, T0 + 1 days, false);
        vm.prank(route2);
        manager.payout(coverId, 1e6, T0 + 1 days, false);
        assertEq(manager.cover(coverId).amount, 10_000e6 - 1e6, "new route paid");
    }
}
