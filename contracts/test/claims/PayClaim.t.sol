// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "./ClaimsBase.sol";
import {Case, CaseKind, CaseStatus, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";

contract PayClaimTest is ClaimsBase {
    uint256 internal coverId;
    uint256 internal incidentTime;
    uint256 internal caseId;
    uint256 internal challengeEnd;

    uint256 internal constant FEE = 20e6; // 20% of the 100 USDC deposit
    uint256 internal constant REFUND = 80e6;

    function setUp() public override {
        super.setUp();
        (coverId, incidentTime) = _coverPastWaiting(alice, 10_000e6);
        caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);
        acceptCase(caseId);
        challengeEnd = claims.getCase(caseId).deadline;
    }

    function test_payClaim_revertsWhen_ChallengeOpen() public {
        vm.warp(challengeEnd - 1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.ChallengeOpen.selector, caseId, challengeEnd));
        claims.payClaim(caseId);
    }

    function test_payClaim_paysOwnerAndSplitsDeposit() public {
        vm.warp(challengeEnd);
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 poolBefore = usdc.balanceOf(address(pool));

        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseSettled(caseId, REFUND, FEE, 0);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.ClaimPaid(caseId, coverId, alice, 4_000e6);
        vm.prank(makeAddr("keeper"));
        uint256 paid = claims.payClaim(caseId);

        assertEq(paid, 4_000e6, "paid");
        assertEq(usdc.balanceOf(alice), aliceBefore + 4_000e6 + REFUND, "payout + refund");
        assertEq(usdc.balanceOf(address(pool)), poolBefore - 4_000e6, "from the pool");
        assertEq(usdc.balanceOf(address(claims)), FEE, "reward pool kept");
        Case memory c = claims.getCase(caseId);
        assertEq(uint256(c.status), uint256(CaseStatus.Paid));
        assertEq(c.deposit, FEE, "reward pool");
        assertEq(manager.cover(coverId).amount, 6_000e6, "remaining");
        assertEq(manager.cover(coverId).flags & 4, 0, "claim flag cleared");
        assertEq(manager.cover(coverId).flags & 1, 1, "paid flag");
        assertEq(manager.openClaims(), 0);
    }

    function test_payClaim_paysCurrentOwnerRefundsClaimant() public {
        vm.prank(alice);
        manager.transferFrom(alice, bob, coverId);
        vm.warp(challengeEnd);
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 bobBefore = usdc.balanceOf(bob);

        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.ClaimPaid(caseId, coverId, bob, 4_000e6);
        claims.payClaim(caseId);

        assertEq(usdc.balanceOf(bob), bobBefore + 4_000e6, "new owner gets the payout");
        assertEq(usdc.balanceOf(alice), aliceBefore + REFUND, "claimant gets the refund");
    }

    function test_payClaim_revertsWhen_PayoutsPaused() public {
        vm.prank(guardian);
        manager.pausePayouts(_ids(claimsProduct), 3 days);
        uint256 until = _now() + 3 days;
        vm.warp(challengeEnd);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PayoutsPaused.selector, claimsProduct, until));
        claims.payClaim(caseId);
        assertStatus(caseId, CaseStatus.Accepted);

        vm.warp(until);
        assertEq(claims.payClaim(caseId), 4_000e6);
        assertStatus(caseId, CaseStatus.Paid);
    }

    function test_payClaim_revertsWhen_HaltedByGovernance() public {
        vm.prank(admin);
        manager.setPayoutsHalted(_ids(claimsProduct), true);
        vm.warp(challengeEnd + 100 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PayoutsPaused.selector, claimsProduct, uint256(type(uint32).max))
        );
        claims.payClaim(caseId);
        vm.prank(admin);
        manager.setPayoutsHalted(_ids(claimsProduct), false);
        assertEq(claims.payClaim(caseId), 4_000e6);
    }

    function test_payClaim_paysNothingAfterIncidentPaidTheWholeCover() public {
        // An incident for 100% of each cover, accepted and paid before the claim is paid.
        uint256 incident = report(incidentTime, 1e18);
        acceptAndWait(incident);
        uint256 aliceBefore = usdc.balanceOf(alice);
        assertEq(claims.payIncident(incident, _ids(coverId)), 10_000e6);
        assertEq(manager.cover(coverId).amount, 0);
        assertEq(usdc.balanceOf(alice), aliceBefore + 10_000e6);

        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.ClaimPaid(caseId, coverId, alice, 0);
        assertEq(claims.payClaim(caseId), 0, "nothing left");
        assertStatus(caseId, CaseStatus.Paid);
        assertEq(usdc.balanceOf(alice), aliceBefore + 10_000e6 + REFUND, "only the refund");
        assertEq(manager.cover(coverId).flags & 4, 0, "claim closed");
        assertEq(manager.openClaims(), 1, "only the incident remains");
    }

    function test_payClaim_paysWhatIsLeftAfterPartialIncident() public {
        // A 75% incident leaves 2,500 of the 10,000 cover: the 4,000 claim is capped at 2,500.
        uint256 incident = report(incidentTime, 0.75e18);
        acceptAndWait(incident);
        assertEq(claims.payIncident(incident, _ids(coverId)), 7_500e6);
        uint256 aliceBefore = usdc.balanceOf(alice);
        assertEq(claims.payClaim(caseId), 2_500e6);
        assertEq(usdc.balanceOf(alice), aliceBefore + 2_500e6 + REFUND);
        assertEq(manager.cover(coverId).amount, 0);
    }

    function test_payClaim_revertsWhen_WrongKind() public {
        uint256 incident = report(incidentTime, 0.5e18);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongKind.selector, incident, CaseKind.Claim));
        claims.payClaim(incident);
    }

    function test_payClaim_revertsWhen_UnknownCase() public {
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.UnknownCase.selector, 42));
        claims.payClaim(42);
    }

    function test_payClaim_revertsWhen_AlreadyPaid() public {
        vm.warp(challengeEnd);
        claims.payClaim(caseId);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Paid));
        claims.payClaim(caseId);
    }

    function test_payClaim_revertsWhen_StillVoting() public {
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 5_000e6);
        uint256 case2 = fileClaim(bob, cover2, 1_000e6, t2);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, case2, CaseStatus.Voting));
        claims.payClaim(case2);
    }

    function test_payClaim_revertsWhen_Rejected() public {
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 5_000e6);
        uint256 case2 = fileClaim(bob, cover2, 1_000e6, t2);
        vote(voter1, case2, false);
        vm.warp(claims.getCase(case2).deadline);
        claims.resolve(case2);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, case2, CaseStatus.Rejected));
        claims.payClaim(case2);
    }

    function test_payClaim_thenNewClaimForTheRest() public {
        vm.warp(challengeEnd);
        claims.payClaim(caseId);

        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PayoutExceedsCover.selector, coverId, 6_000e6 + 1, 6_000e6)
        );
        claims.fileClaim(coverId, 6_000e6 + 1, incidentTime, "ipfs://evidence");

        uint256 case2 = fileClaim(alice, coverId, 6_000e6, incidentTime);
        assertEq(case2, caseId + 1);
        acceptAndWait(case2);
        uint256 aliceBefore = usdc.balanceOf(alice);
        assertEq(claims.payClaim(case2), 6_000e6);
        assertEq(usdc.balanceOf(alice), aliceBefore + 6_000e6 + REFUND);
        assertEq(manager.cover(coverId).amount, 0, "cover exhausted");
    }
}
