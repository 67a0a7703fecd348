// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "./ClaimsBase.sol";
import {Case, CaseKind, CaseStatus, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";

contract IncidentsTest is ClaimsBase {
    uint256 internal cover1; // alice, 10,000
    uint256 internal cover2; // bob, 20,000
    uint256 internal start;
    uint256 internal incidentTime;

    uint256 internal constant SHARE = 0.5e18;
    uint256 internal constant BOND_FEE = 200e6; // 20% of 1,000
    uint256 internal constant BOND_REFUND = 800e6;

    function setUp() public override {
        super.setUp();
        start = _now();
        cover1 = buyClaimable(alice, 10_000e6, 30 days);
        cover2 = buyClaimable(bob, 20_000e6, 30 days);
        vm.warp(start + 2 days);
        incidentTime = start + WAITING;
    }

    // ---------------------------------------------------------------- reportIncident

    function test_reportIncident_storesEmitsPullsBondAndFreezes() public {
        uint256 now_ = _now();
        uint256 reporterBefore = usdc.balanceOf(reporter);
        assertGt(pool.freeCapital(), 0);

        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentReported(
            1, claimsProduct, reporter, incidentTime, SHARE, INCIDENT_BOND, now_ + VOTING_PERIOD, "ipfs://incident"
        );
        uint256 caseId = report(incidentTime, SHARE);

        assertEq(caseId, 1);
        Case memory c = claims.getCase(caseId);
        assertEq(c.filer, reporter);
        assertEq(c.snapshot, now_ - 1);
        assertEq(c.deadline, now_ + VOTING_PERIOD);
        assertEq(uint256(c.kind), uint256(CaseKind.Incident));
        assertEq(uint256(c.status), uint256(CaseStatus.Voting));
        assertEq(c.subject, claimsProduct);
        assertEq(c.incidentTime, incidentTime);
        assertEq(c.amount, SHARE);
        assertEq(c.deposit, INCIDENT_BOND);
        assertEq(claims.activeIncident(claimsProduct), caseId);

        assertEq(usdc.balanceOf(reporter), reporterBefore - INCIDENT_BOND, "bond pulled");
        assertEq(usdc.balanceOf(address(claims)), INCIDENT_BOND);
        assertEq(manager.productOpenIncidents(claimsProduct), 1);
        assertEq(manager.openClaims(), 1);

        // Sales of the product wait.
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, claimsProduct));
        manager.quote(claimsProduct, 1_000e6, 30 days);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, claimsProduct));
        manager.extendCover(cover1, 10 days, type(uint256).max);
        // Other products still sell.
        assertGt(manager.quote(productId, 1_000e6, 30 days), 0);

        // Pool exits wait.
        assertEq(pool.freeCapital(), 0);
        uint256 shares = pool.balanceOf(lp1) / 10;
        vm.prank(lp1);
        pool.requestWithdraw(shares);
        vm.warp(_now() + COOLDOWN);
        assertEq(pool.maxRedeem(lp1), 0);
        vm.prank(lp1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalsFrozen.selector, 1));
        pool.redeem(shares, lp1, lp1);
    }

    function test_reportIncident_revertsWhen_EmptyEvidence() public {
        vm.prank(reporter);
        vm.expectRevert(IClaimsManager.EmptyEvidence.selector);
        claims.reportIncident(claimsProduct, incidentTime, SHARE, "");
    }

    function test_reportIncident_revertsWhen_IncidentInFuture() public {
        uint256 future = _now() + 1;
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.IncidentInFuture.selector, future));
        claims.reportIncident(claimsProduct, future, SHARE, "ipfs://incident");
    }

    function test_reportIncident_atCurrentSecond() public {
        uint256 caseId = report(_now(), SHARE);
        assertEq(claims.getCase(caseId).incidentTime, _now());
    }

    function test_reportIncident_revertsWhen_ZeroShare() public {
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.InvalidPayoutShare.selector, 0));
        claims.reportIncident(claimsProduct, incidentTime, 0, "ipfs://incident");
    }

    function test_reportIncident_revertsWhen_ShareAboveOne() public {
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.InvalidPayoutShare.selector, 1e18 + 1));
        claims.reportIncident(claimsProduct, incidentTime, 1e18 + 1, "ipfs://incident");
    }

    function test_reportIncident_revertsWhen_IncidentAlreadyOpen() public {
        uint256 caseId = report(incidentTime, SHARE);
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.IncidentAlreadyOpen.selector, claimsProduct, caseId));
        claims.reportIncident(claimsProduct, incidentTime + 1, 1e18, "ipfs://incident");
    }

    function test_reportIncident_revertsWhen_NotClaimRoute() public {
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, address(claims)));
        claims.reportIncident(productId, incidentTime, SHARE, "ipfs://incident");
    }

    function test_reportIncident_revertsWhen_UnknownProduct() public {
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 99));
        claims.reportIncident(99, incidentTime, SHARE, "ipfs://incident");
    }

    // ---------------------------------------------------------------- accepted incident

    function test_payIncident_revertsWhen_ChallengeOpen() public {
        uint256 caseId = report(incidentTime, SHARE);
        acceptCase(caseId);
        uint256 end = claims.getCase(caseId).deadline;
        vm.warp(end - 1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.ChallengeOpen.selector, caseId, end));
        claims.payIncident(caseId, _ids(cover1));
    }

    function test_payIncident_revertsWhen_StillVoting() public {
        uint256 caseId = report(incidentTime, SHARE);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Voting));
        claims.payIncident(caseId, _ids(cover1));
    }

    function test_payIncident_revertsWhen_WrongKind() public {
        uint256 claimCase = fileClaim(alice, cover1, 1_000e6, incidentTime);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongKind.selector, claimCase, CaseKind.Incident));
        claims.payIncident(claimCase, _ids(cover1));
    }

    function test_payIncident_settlesAndPaysEachCover() public {
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        uint256 now_ = _now();
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 bobBefore = usdc.balanceOf(bob);
        uint256 reporterBefore = usdc.balanceOf(reporter);
        uint256 poolBefore = usdc.balanceOf(address(pool));

        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseSettled(caseId, BOND_REFUND, BOND_FEE, 0);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentPayable(caseId, now_ + PAYOUT_WINDOW);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentCoverPaid(caseId, cover1, 5_000e6);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentCoverPaid(caseId, cover2, 10_000e6);
        vm.prank(makeAddr("keeper"));
        uint256 total = claims.payIncident(caseId, _ids(cover1, cover2));

        assertEq(total, 15_000e6, "total");
        assertEq(usdc.balanceOf(alice), aliceBefore + 5_000e6, "alice");
        assertEq(usdc.balanceOf(bob), bobBefore + 10_000e6, "bob");
        assertEq(usdc.balanceOf(reporter), reporterBefore + BOND_REFUND, "bond refund");
        assertEq(usdc.balanceOf(address(claims)), BOND_FEE, "voters' pool");
        assertEq(usdc.balanceOf(address(pool)), poolBefore - 15_000e6, "pool paid");
        assertEq(manager.cover(cover1).amount, 5_000e6);
        assertEq(manager.cover(cover2).amount, 10_000e6);
        assertTrue(claims.incidentPaid(caseId, cover1));
        assertTrue(claims.incidentPaid(caseId, cover2));
        Case memory c = claims.getCase(caseId);
        assertEq(uint256(c.status), uint256(CaseStatus.Payable));
        assertEq(c.deadline, now_, "settled at");
        assertEq(c.deposit, BOND_FEE);
        // Still paying: sales and exits wait.
        assertEq(claims.activeIncident(claimsProduct), caseId);
        assertEq(manager.openClaims(), 1);
    }

    function test_payIncident_skipsCoversAlreadyPaid() public {
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        claims.payIncident(caseId, _ids(cover1));
        assertTrue(claims.incidentPaid(caseId, cover1));
        assertFalse(claims.incidentPaid(caseId, cover2));
        uint256 aliceBefore = usdc.balanceOf(alice);

        // cover1 skipped, cover2 paid; then both skipped.
        assertEq(claims.payIncident(caseId, _ids(cover1, cover2)), 10_000e6);
        assertEq(claims.payIncident(caseId, _ids(cover1, cover2, cover1)), 0);
        assertEq(usdc.balanceOf(alice), aliceBefore, "alice paid once");
        assertEq(manager.cover(cover1).amount, 5_000e6);
        assertEq(manager.cover(cover2).amount, 10_000e6);
    }

    function test_payIncident_duplicateIdInOneCallPaidOnce() public {
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        assertEq(claims.payIncident(caseId, _ids(cover1, cover1)), 5_000e6);
    }

    function test_payIncident_paysShareOfRemaining() public {
        // First incident pays half; after it closes a second incident pays half of what is left.
        uint256 first = report(incidentTime, SHARE);
        acceptAndWait(first);
        claims.payIncident(first, _ids(cover1));
        vm.warp(_now() + PAYOUT_WINDOW);
        claims.closeIncident(first);

        uint256 second = report(incidentTime, SHARE);
        acceptAndWait(second);
        uint256 aliceBefore = usdc.balanceOf(alice);
        assertEq(claims.payIncident(second, _ids(cover1)), 2_500e6);
        assertEq(usdc.balanceOf(alice), aliceBefore + 2_500e6);
        assertEq(manager.cover(cover1).amount, 2_500e6);
    }

    function test_payIncident_paysCurrentOwner() public {
        uint256 caseId = report(incidentTime, SHARE);
        vm.prank(alice);
        manager.transferFrom(alice, carol, cover1);
        acceptAndWait(caseId);
        claims.payIncident(caseId, _ids(cover1));
        assertEq(usdc.balanceOf(carol), 5_000e6);
    }

    function test_payIncident_revertsWhen_CoverBoughtAfterIncident() public {
        uint256 late = buyClaimable(carolFunded(), 10_000e6, 30 days);
        uint256 bought = _now();
        uint256 caseId = report(incidentTime, SHARE); // incidentTime = start + 1 day < bought
        acceptAndWait(caseId);
        uint256 carolBefore = usdc.balanceOf(carol);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, late, incidentTime, bought, bought + 30 days)
        );
        claims.payIncident(caseId, _ids(cover1, late));
        assertEq(usdc.balanceOf(carol), carolBefore);
        assertFalse(claims.incidentPaid(caseId, late));
        assertFalse(claims.incidentPaid(caseId, cover1), "whole call reverted");
    }

    function test_payIncident_revertsWhen_InWaitingPeriod() public {
        uint256 fresh = buyClaimable(carolFunded(), 10_000e6, 30 days);
        uint256 bought = _now();
        vm.warp(bought + 12 hours);
        uint256 caseId = report(bought + 12 hours, SHARE);
        acceptAndWait(caseId);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, fresh, bought + 12 hours, bought + WAITING)
        );
        claims.payIncident(caseId, _ids(fresh));
        // Older covers are paid.
        assertEq(claims.payIncident(caseId, _ids(cover1)), 5_000e6);
    }

    function test_payIncident_revertsWhen_WrongProduct() public {
        uint256 product2 = _listClaimsProduct();
        uint256 other = _buyOn(product2, bob, 10_000e6, 30 days);
        vm.warp(_now() + 2 days);
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.WrongProduct.selector, other, claimsProduct, product2));
        claims.payIncident(caseId, _ids(other));
    }

    function test_payIncident_revertsWhen_CoverRoutedElsewhere() public {
        (uint256 other,) = buy(alice, 10_000e6, 30 days);
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, address(claims)));
        claims.payIncident(caseId, _ids(other));
    }

    /// @dev A cover a claim already paid in full has nothing left: it is paid 0 (marked paid) and the
    /// rest of the batch goes through.
    function test_payIncident_exhaustedCoverPaysZero() public {
        uint256 claimCase = fileClaim(alice, cover1, 10_000e6, incidentTime);
        acceptAndWait(claimCase);
        claims.payClaim(claimCase);
        assertEq(manager.cover(cover1).amount, 0);

        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        uint256 aliceBefore = usdc.balanceOf(alice);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentCoverPaid(caseId, cover1, 0);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentCoverPaid(caseId, cover2, 10_000e6);
        assertEq(claims.payIncident(caseId, _ids(cover1, cover2)), 10_000e6);
        assertEq(usdc.balanceOf(alice), aliceBefore);
        assertTrue(claims.incidentPaid(caseId, cover1));
    }

    function test_settleIncident_direct() public {
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        uint256 reporterBefore = usdc.balanceOf(reporter);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentPayable(caseId, _now() + PAYOUT_WINDOW);
        claims.settleIncident(caseId);
        assertStatus(caseId, CaseStatus.Payable);
        assertEq(usdc.balanceOf(reporter), reporterBefore + BOND_REFUND);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Payable));
        claims.settleIncident(caseId);
        // Paying after settlement does not refund again.
        claims.payIncident(caseId, _ids(cover1));
        assertEq(usdc.balanceOf(reporter), reporterBefore + BOND_REFUND);
    }

    // ---------------------------------------------------------------- closeIncident

    function test_closeIncident_afterPayoutWindow() public {
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        claims.payIncident(caseId, _ids(cover1));
        uint256 windowEnd = _now() + PAYOUT_WINDOW;

        vm.warp(windowEnd - 1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.PayoutWindowOpen.selector, caseId, windowEnd));
        claims.closeIncident(caseId);
        assertEq(pool.freeCapital(), 0, "exits still wait");

        vm.warp(windowEnd);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.IncidentClosed(caseId);
        vm.prank(makeAddr("keeper"));
        claims.closeIncident(caseId);

        assertStatus(caseId, CaseStatus.Closed);
        assertEq(claims.activeIncident(claimsProduct), 0);
        assertEq(manager.productOpenIncidents(claimsProduct), 0);
        assertEq(manager.openClaims(), 0);
        assertGt(manager.quote(claimsProduct, 1_000e6, 30 days), 0, "sales resume");
        assertGt(pool.freeCapital(), 0, "exits resume");
        buyClaimable(alice, 1_000e6, 30 days);

        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Closed));
        claims.closeIncident(caseId);

        // Covers not yet paid can still be paid.
        uint256 bobBefore = usdc.balanceOf(bob);
        assertEq(claims.payIncident(caseId, _ids(cover1, cover2)), 10_000e6);
        assertEq(usdc.balanceOf(bob), bobBefore + 10_000e6);
    }

    function test_closeIncident_revertsWhen_NotPayable() public {
        uint256 caseId = report(incidentTime, SHARE);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Voting));
        claims.closeIncident(caseId);
        acceptAndWait(caseId);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Accepted));
        claims.closeIncident(caseId);
    }

    function test_closeIncident_exitsResume() public {
        uint256 caseId = report(incidentTime, SHARE);
        acceptAndWait(caseId);
        claims.settleIncident(caseId);
        vm.warp(_now() + PAYOUT_WINDOW);
        claims.closeIncident(caseId);

        uint256 shares = pool.balanceOf(lp1) / 10;
        vm.prank(lp1);
        pool.requestWithdraw(shares);
        vm.warp(_now() + COOLDOWN);
        uint256 before = usdc.balanceOf(lp1);
        vm.prank(lp1);
        uint256 assets = pool.redeem(shares, lp1, lp1);
        assertGt(assets, 0);
        assertEq(usdc.balanceOf(lp1), before + assets);
    }

    // ---------------------------------------------------------------- rejected incident

    function test_rejectedIncident_forfeitsBondAndReopensSales() public {
        uint256 reporterBefore = usdc.balanceOf(reporter);
        uint256 caseId = report(incidentTime, SHARE);
        vote(voter1, caseId, false);
        vote(voter2, caseId, false);
        vm.warp(claims.getCase(caseId).deadline);

        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseSettled(caseId, 0, INCIDENT_BOND, 0);
        assertFalse(claims.resolve(caseId));

        assertStatus(caseId, CaseStatus.Rejected);
        assertEq(usdc.balanceOf(reporter), reporterBefore - INCIDENT_BOND, "bond lost");
        assertEq(usdc.balanceOf(address(claims)), INCIDENT_BOND, "held for voters");
        assertEq(claims.rewardOf(caseId, voter1), 600e6);
        assertEq(claims.rewardOf(caseId, voter2), 400e6);
        assertEq(claims.activeIncident(claimsProduct), 0);
        assertEq(manager.productOpenIncidents(claimsProduct), 0);
        assertEq(manager.openClaims(), 0);
        assertGt(manager.quote(claimsProduct, 1_000e6, 30 days), 0, "sales resume");

        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Rejected));
        claims.payIncident(caseId, _ids(cover1));

        uint256 again = report(incidentTime, SHARE);
        assertEq(again, caseId + 1);
        assertEq(claims.activeIncident(claimsProduct), again);
    }

    function test_noVoteIncident_bondToTreasury() public {
        uint256 treasuryBefore = usdc.balanceOf(treasury);
        uint256 caseId = report(incidentTime, SHARE);
        vm.warp(claims.getCase(caseId).deadline);
        claims.resolve(caseId);
        assertEq(usdc.balanceOf(treasury), treasuryBefore + INCIDENT_BOND);
        assertEq(claims.activeIncident(claimsProduct), 0);
    }

    // ---------------------------------------------------------------- helpers

    function carolFunded() internal returns (address) {
        usdc.faucet(carol, 100_000e6);
        vm.prank(carol);
        usdc.approve(address(manager), type(uint256).max);
        return carol;
    }
}
