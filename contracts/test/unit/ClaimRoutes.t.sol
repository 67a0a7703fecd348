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

    /// @notice Owed payouts are kept inside the ledger's liabilities, beside the premium stream: time earns
    /// the premium down to zero and never touches what is owed; a release takes exactly its amount out.
    function test_reservePayout_owedStaysWholeWhileThePremiumStreams() public {
        (uint256 coverId,) = _buyReference();
        uint256 rate = manager.cover(coverId).rateScaled;
        uint256 streamEnd = (block.timestamp + 30 days + 1 days - 1) / 1 days * 1 days;
        _reserve(7_000e6 + 1); // an odd unit: nothing is rounded away
        for (uint256 i; i < 3; ++i) {
            vm.warp(vm.getBlockTimestamp() + 11 days + 7 hours);
            uint256 now_ = vm.getBlockTimestamp();
            uint256 unearned = now_ < streamEnd ? (rate * (streamEnd - now_) + 1e6 - 1) / 1e6 : 0;
            assertEq(manager.unearnedPremium(), unearned, "unearned premium streams on its own");
            assertEq(manager.owedPayouts(), 7_000e6 + 1, "owed payouts do not stream");
            assertEq(manager.liabilities(), unearned + 7_000e6 + 1, "liabilities == unearned + owed");
            manager.sync();
            assertEq(manager.liabilities(), unearned + 7_000e6 + 1, "a sync changes nothing at the same time");
        }
        vm.prank(route);
        manager.releasePayout(7_000e6 + 1);
        assertEq(manager.liabilities(), 0, "all released, the stream long over");
        assertEq(manager.owedPayouts(), 0, "nothing owed");
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

    // ---------------------------------------------------------------- openIncident / closeIncident

    function test_openIncident_countsAndFreezes() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.IncidentCountChanged(productId, 1, 1);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ClaimCountChanged(route, 1, 1);
        _openClaim();
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ClaimCountChanged(route2, 1, 2);
        vm.prank(route2);
        manager.openIncident(product2);
        assertEq(manager.openClaims(), 2, "two open");
        assertEq(manager.productOpenIncidents(productId), 1, "product's incidents");
        assertEq(pool.freeCapital(), 0, "no free capital while incidents are open");
    }

    function test_openIncident_pausesTheProductsSalesOnly() public {
        (uint256 coverId,) = _buyReference();
        _openClaim();
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, productId));
        manager.quote(productId, 1_000e6, 30 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, productId));
        buy(alice, 1_000e6, 30 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, productId));
        vm.prank(alice);
        manager.extendCover(coverId, 1 days, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, productId));
        vm.prank(alice);
        manager.cancelCover(coverId, 0);
        // The other product still sells.
        manager.quote(product2, 1_000e6, 30 days);
        _closeClaim();
        buy(alice, 1_000e6, 30 days);
    }

    function test_openIncident_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 0));
        vm.prank(route);
        manager.openIncident(0);
    }

    function test_openIncident_revertsWhen_NotClaimRoute() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, route2));
        vm.prank(route2);
        manager.openIncident(productId);
    }

    function test_closeIncident_decrementsCount() public {
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

    function test_closeIncident_revertsWhen_NoneOpenOrNotRoute() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NoOpenIncident.selector, productId));
        _closeClaim();
        _openClaim();
        // route2 cannot close route's incident.
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, route2));
        vm.prank(route2);
        manager.closeIncident(productId);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NoOpenIncident.selector, product2));
        vm.prank(route2);
        manager.closeIncident(product2);
        _closeClaim();
    }

    // ---------------------------------------------------------------- openClaim / closeClaim (one cover)

    function test_openClaim_marksTheCoverAndFreezesExits() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ClaimCountChanged(route, 1, 1);
        vm.prank(route);
        (address owner, uint256 pid) = manager.openClaim(coverId, alice, T0 + 1 days + 1, 5_000e6);
        assertEq(owner, alice, "owner");
        assertEq(pid, productId, "product");
        assertEq(manager.cover(coverId).flags & 4, 4, "claim open");
        assertEq(pool.freeCapital(), 0, "exits wait");
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ClaimAlreadyOpen.selector, coverId));
        vm.prank(alice);
        manager.cancelCover(coverId, 0);
        // Sales go on: one claim is not an incident.
        buy(bob, 1_000e6, 30 days);

        vm.prank(route);
        manager.closeClaim(coverId);
        assertEq(manager.cover(coverId).flags & 4, 0, "claim closed");
        assertEq(manager.openClaims(), 0, "count");
    }

    function test_openClaim_acceptsAnApprovedClaimant() public {
        (uint256 coverId,) = _buyReference();
        vm.prank(alice);
        manager.approve(bob, coverId);
        vm.warp(T0 + 2 days);
        vm.prank(route);
        (address owner,) = manager.openClaim(coverId, bob, T0 + 1 days + 1, 1e6);
        assertEq(owner, alice, "funds still go to the owner");
    }

    function test_openClaim_revertsWhen_InputInvalid() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
        uint256 t = T0 + 1 days + 1;
        vm.startPrank(route);
        vm.expectRevert(ICoverManager.ZeroAmount.selector);
        manager.openClaim(coverId, alice, t, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownCover.selector, 999));
        manager.openClaim(999, alice, t, 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotCoverOwner.selector, coverId, bob));
        manager.openClaim(coverId, bob, t, 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PayoutExceedsCover.selector, coverId, 10_001e6, 10_000e6));
        manager.openClaim(coverId, alice, t, 10_001e6);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, coverId, T0 + 1, T0 + 1 days));
        manager.openClaim(coverId, alice, T0 + 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, T0 - 1, T0, T0 + 30 days)
        );
        manager.openClaim(coverId, alice, T0 - 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, T0 + 3 days, T0, T0 + 30 days)
        );
        manager.openClaim(coverId, alice, T0 + 3 days, 1); // in the future
        manager.openClaim(coverId, alice, t, 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ClaimAlreadyOpen.selector, coverId));
        manager.openClaim(coverId, alice, t, 1);
        vm.stopPrank();

        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, route2));
        vm.prank(route2);
        manager.openClaim(coverId, alice, t, 1);
    }

    function test_openClaim_revertsWhen_FiledAfterGrace() public {
        (uint256 coverId,) = _buyReference();
        uint256 deadline = T0 + 30 days + GRACE;
        vm.warp(deadline);
        vm.prank(route);
        manager.openClaim(coverId, alice, T0 + 2 days, 1); // the last second of the window
        vm.prank(route);
        manager.closeClaim(coverId);
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ClaimWindowClosed.selector, coverId, deadline));
        vm.prank(route);
        manager.openClaim(coverId, alice, T0 + 2 days, 1);
    }

    function test_closeClaim_revertsWhen_NoneOpenOrNotRoute() public {
        (uint256 coverId,) = _buyReference();
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NoOpenClaim.selector, coverId));
        vm.prank(route);
        manager.closeClaim(coverId);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, route2));
        vm.prank(route2);
        manager.closeClaim(coverId);
    }

    // ---------------------------------------------------------------- payoutShare

    function test_payoutShare_paysTheShareOfWhatIsLeft() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
        uint256 before = usdc.balanceOf(alice);
        vm.prank(route);
        uint256 paid = manager.payoutShare(coverId, productId, 0.25e18, T0 + 1 days);
        assertEq(paid, 2_500e6, "25% of 10,000");
        assertEq(usdc.balanceOf(alice) - before, 2_500e6, "to the owner");
        vm.prank(route);
        paid = manager.payoutShare(coverId, productId, 1e18, T0 + 1 days);
        assertEq(paid, 7_500e6, "100% of what is left");
        assertEq(manager.cover(coverId).amount, 0, "nothing left");
        uint256 balance = usdc.balanceOf(alice);
        vm.prank(route);
        assertEq(manager.payoutShare(coverId, productId, 1e18, T0 + 1 days), 0, "a spent cover pays 0");
        assertEq(usdc.balanceOf(alice), balance, "and moves nothing");
        // It is still checked: an ineligible incident time reverts even when nothing would be paid.
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, coverId, T0, T0 + 1 days));
        vm.prank(route);
        manager.payoutShare(coverId, productId, 1e18, T0);
    }

    function test_payoutShare_revertsWhen_InputInvalid() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
        vm.startPrank(route);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.InvalidShare.selector, 0));
        manager.payoutShare(coverId, productId, 0, T0 + 1 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.InvalidShare.selector, 1e18 + 1));
        manager.payoutShare(coverId, productId, 1e18 + 1, T0 + 1 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.WrongProduct.selector, coverId, product2, productId));
        manager.payoutShare(coverId, product2, 1e18, T0 + 1 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, coverId, T0, T0 + 1 days));
        manager.payoutShare(coverId, productId, 1e18, T0);
        vm.stopPrank();
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
