// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager, Cover, ProductStatus} from "../../src/interfaces/ICoverManager.sol";

contract PayoutTest is UnitBase {
    uint256 internal coverId;
    uint256 internal constant INCIDENT = T0 + 1 days + 1 hours;

    function setUp() public override {
        super.setUp();
        (coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
    }

    function _payout(uint256 id, uint256 amount, uint256 incidentTime, bool fromReserve) internal {
        vm.prank(route);
        manager.payout(id, amount, incidentTime, fromReserve);
    }

    // ---------------------------------------------------------------- happy paths

    function test_payout_fromCapitalPaysOwnerAndReducesCover() public {
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 assetsBefore = pool.totalAssets();
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CoverPaid(coverId, alice, route, 4_000e6, INCIDENT);
        vm.expectEmit(true, true, false, true, address(usdc));
        emit IERC20.Transfer(address(pool), alice, 4_000e6);
        _payout(coverId, 4_000e6, INCIDENT, false);

        assertEq(usdc.balanceOf(alice), aliceBefore + 4_000e6, "owner paid");
        assertEq(pool.totalAssets(), assetsBefore - 4_000e6, "depositors bear the payout");
        Cover memory c = manager.cover(coverId);
        assertEq(c.amount, 6_000e6, "remaining cover amount");
        assertEq(c.flags, 1, "paid flag");
        assertEq(c.owner, alice, "cover still owned");
        assertEq(manager.ownerOf(coverId), alice, "NFT kept");
    }

    function test_payout_partialPayoutsUpToTheWholeAmount() public {
        _payout(coverId, 6_000e6, INCIDENT, false);
        _payout(coverId, 4_000e6, INCIDENT + 1 hours, false);
        assertEq(manager.cover(coverId).amount, 0, "cover exhausted");
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PayoutExceedsCover.selector, coverId, 1, 0));
        _payout(coverId, 1, INCIDENT, false);
    }

    function test_payout_fromReserveConsumesReservation() public {
        _reserve(5_000e6);
        uint256 assetsBefore = pool.totalAssets();
        uint256 aliceBefore = usdc.balanceOf(alice);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PayoutReserveChanged(route, -int256(5_000e6), 0);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CoverPaid(coverId, alice, route, 5_000e6, INCIDENT);
        _payout(coverId, 5_000e6, INCIDENT, true);

        assertEq(usdc.balanceOf(alice), aliceBefore + 5_000e6, "owner paid");
        assertEq(manager.reservedBy(route), 0, "reservation used");
        assertEq(manager.owedPayouts(), 0, "nothing owed");
        assertEq(pool.totalAssets(), assetsBefore, "reserved payout does not move the share price again");
        assertEq(manager.cover(coverId).amount, 5_000e6, "remaining cover amount");
    }

    function test_payout_fromReservePartiallyKeepsTheRest() public {
        _reserve(8_000e6);
        _payout(coverId, 3_000e6, INCIDENT, true);
        assertEq(manager.reservedBy(route), 5_000e6, "rest of the reservation kept");
        assertEq(manager.owedPayouts(), 5_000e6, "rest still owed");
    }

    function test_payout_paysTheCurrentNftOwner() public {
        vm.prank(alice);
        manager.transferFrom(alice, bob, coverId);
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 bobBefore = usdc.balanceOf(bob);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CoverPaid(coverId, bob, route, 2_500e6, INCIDENT);
        _payout(coverId, 2_500e6, INCIDENT, false);
        assertEq(usdc.balanceOf(bob), bobBefore + 2_500e6, "new owner paid");
        assertEq(usdc.balanceOf(alice), aliceBefore, "previous owner not paid");
    }

    function test_payout_afterCoverEndForIncidentDuringCover() public {
        vm.warp(T0 + 45 days); // expired, within the claim grace period the route enforces
        uint256 aliceBefore = usdc.balanceOf(alice);
        _payout(coverId, 10_000e6, T0 + 30 days - 1, false);
        assertEq(usdc.balanceOf(alice), aliceBefore + 10_000e6, "expired cover pays an incident from its period");
    }

    function test_payout_incidentAtWaitingPeriodEndAndNow() public {
        _payout(coverId, 1e6, T0 + WAITING, false); // first second past the waiting period
        _payout(coverId, 1e6, block.timestamp, false); // incident now
        assertEq(manager.cover(coverId).amount, 10_000e6 - 2e6, "both paid");
    }

    function test_payout_unaffectedByProductStatusAndPause() public {
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Retired);
        _payout(coverId, 1_000e6, INCIDENT, false);
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Active);
        vm.prank(guardian);
        manager.pauseSales(_ids(productId), 1 days);
        _payout(coverId, 1_000e6, INCIDENT, false);
        assertEq(manager.cover(coverId).amount, 8_000e6, "payouts run whatever the product's sales state");
    }

    function test_payout_allowedWhileClaimsOpen() public {
        _openClaim();
        _payout(coverId, 1_000e6, INCIDENT, false);
        assertEq(manager.cover(coverId).amount, 9_000e6, "open claims do not block payouts");
    }

    function test_payout_withoutReserveUpToAllCapital() public {
        _reserve(995_000e6);
        uint256 available = pool.totalAssets();
        assertGt(available, 5_000e6, "a little above 5,000 left");
        assertLt(available, 10_000e6, "less than the cover amount");
        _payout(coverId, available, INCIDENT, false);
        assertEq(pool.totalAssets(), 0, "all unreserved capital paid");
        assertEq(manager.reservedBy(route), 995_000e6, "reservation untouched");
    }

    // ---------------------------------------------------------------- errors

    function test_payout_revertsWhen_ZeroAmount() public {
        vm.expectRevert(ICoverManager.ZeroAmount.selector);
        _payout(coverId, 0, INCIDENT, false);
    }

    function test_payout_revertsWhen_UnknownCover() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownCover.selector, 99));
        _payout(99, 1e6, INCIDENT, false);
    }

    function test_payout_revertsWhen_NotClaimRoute() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, bob));
        vm.prank(bob);
        manager.payout(coverId, 1e6, INCIDENT, false);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, admin));
        vm.prank(admin);
        manager.payout(coverId, 1e6, INCIDENT, false);
    }

    function test_payout_revertsWhen_CoverIsCancelled() public {
        vm.prank(alice);
        manager.cancelCover(coverId, 0);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverIsCancelled.selector, coverId));
        _payout(coverId, 1e6, INCIDENT, false);
    }

    function test_payout_revertsWhen_IncidentBeforeStart() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, T0 - 1, T0, T0 + 30 days)
        );
        _payout(coverId, 1e6, T0 - 1, false);
    }

    function test_payout_revertsWhen_IncidentAtEnd() public {
        vm.warp(T0 + 40 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, T0 + 30 days, T0, T0 + 30 days)
        );
        _payout(coverId, 1e6, T0 + 30 days, false);
    }

    function test_payout_revertsWhen_IncidentInFuture() public {
        uint256 future = block.timestamp + 1;
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, future, T0, T0 + 30 days)
        );
        _payout(coverId, 1e6, future, false);
    }

    function test_payout_revertsWhen_InWaitingPeriod() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, coverId, T0 + WAITING - 1, T0 + WAITING)
        );
        _payout(coverId, 1e6, T0 + WAITING - 1, false);
    }

    function test_payout_revertsWhen_PayoutExceedsCover() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PayoutExceedsCover.selector, coverId, 10_000e6 + 1, 10_000e6)
        );
        _payout(coverId, 10_000e6 + 1, INCIDENT, false);
    }

    function test_payout_revertsWhen_ExceedsRouteHolding() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, route, 1e6, 0));
        _payout(coverId, 1e6, INCIDENT, true);
        _reserve(1_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ExceedsRouteHolding.selector, route, 2_000e6, 1_000e6)
        );
        _payout(coverId, 2_000e6, INCIDENT, true);
    }

    function test_payout_revertsWhen_InsufficientCapital() public {
        _reserve(995_000e6);
        uint256 available = pool.totalAssets();
        assertEq(
            available,
            usdc.balanceOf(address(pool)) - manager.unearnedPremium() - 995_000e6,
            "capital = balance - unearned - owed"
        );
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.InsufficientCapital.selector, 6_000e6, available));
        _payout(coverId, 6_000e6, INCIDENT, false);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InsufficientCapital.selector, available + 1, available)
        );
        _payout(coverId, available + 1, INCIDENT, false);
    }
}
