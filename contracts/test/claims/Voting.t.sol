// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "./ClaimsBase.sol";
import {Case, CaseStatus, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";

contract VotingTest is ClaimsBase {
    uint256 internal coverId;
    uint256 internal incidentTime;
    uint256 internal caseId;
    uint256 internal filedAt;
    uint256 internal deadline;

    uint256 internal constant W1 = 30_000_000e18;
    uint256 internal constant W2 = 20_000_000e18;
    uint256 internal constant W3 = 10_000_000e18;
    uint256 internal constant W4 = 5_000_000e18;
    uint256 internal constant QUORUM_VOTES = 10_000_000e18;

    function setUp() public override {
        super.setUp();
        (coverId, incidentTime) = _coverPastWaiting(alice, 10_000e6);
        filedAt = _now();
        caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);
        deadline = filedAt + VOTING_PERIOD;
    }

    // ---------------------------------------------------------------- castVote

    function test_castVote_weightIsPastVotesAtSnapshot() public {
        assertEq(token.getPastVotes(voter1, filedAt - 1), W1);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.VoteCast(caseId, voter1, true, W1);
        uint256 weight = vote(voter1, caseId, true);
        assertEq(weight, W1, "weight");
        (bool voted, bool support, uint256 w, bool rewarded) = claims.receipt(caseId, voter1);
        assertTrue(voted);
        assertTrue(support);
        assertEq(w, W1);
        assertFalse(rewarded);
    }

    function test_castVote_againstEmitsAndRecords() public {
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.VoteCast(caseId, voter4, false, W4);
        assertEq(vote(voter4, caseId, false), W4);
        (bool voted, bool support, uint256 w,) = claims.receipt(caseId, voter4);
        assertTrue(voted);
        assertFalse(support);
        assertEq(w, W4);
    }

    function test_castVote_talliesBothSides() public {
        vote(voter1, caseId, true);
        vote(voter2, caseId, false);
        vote(voter3, caseId, true);
        vote(voter4, caseId, false);
        Case memory c = claims.getCase(caseId);
        assertEq(c.forVotes, W1 + W3, "for");
        assertEq(c.againstVotes, W2 + W4, "against");
    }

    function test_castVote_lastSecondBeforeDeadline() public {
        vm.warp(deadline - 1);
        assertEq(vote(voter3, caseId, true), W3);
    }

    function test_castVote_revertsWhen_UnknownCase() public {
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.UnknownCase.selector, 99));
        claims.castVote(99, true);
    }

    function test_castVote_revertsWhen_AlreadyVoted() public {
        vote(voter1, caseId, true);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.AlreadyVoted.selector, caseId, voter1));
        claims.castVote(caseId, false);
        assertEq(claims.getCase(caseId).forVotes, W1);
        assertEq(claims.getCase(caseId).againstVotes, 0);
    }

    function test_castVote_revertsWhen_FilerCannotVote() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.FilerCannotVote.selector, caseId));
        claims.castVote(caseId, true);
    }

    function test_castVote_revertsWhen_FilerWithVotingPower() public {
        // voter1, approved on bob's cover, files the claim: its 30M votes may not decide its own case.
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 5_000e6);
        vm.prank(bob);
        manager.approve(voter1, cover2);
        usdc.faucet(voter1, 1_000e6);
        vm.prank(voter1);
        usdc.approve(address(claims), type(uint256).max);
        uint256 case2 = fileClaim(voter1, cover2, 1_000e6, t2);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.FilerCannotVote.selector, case2));
        claims.castVote(case2, true);
    }

    function test_castVote_revertsWhen_NoVotingPower_undelegated() public {
        assertEq(token.balanceOf(treasury), 35_000_000e18, "holds tokens");
        vm.prank(treasury);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, caseId, treasury, filedAt - 1));
        claims.castVote(caseId, true);
    }

    function test_castVote_revertsWhen_VotingClosed() public {
        vm.warp(deadline);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.VotingClosed.selector, caseId, deadline));
        claims.castVote(caseId, true);
    }

    function test_castVote_revertsWhen_Resolved() public {
        vote(voter3, caseId, true);
        vm.warp(deadline);
        claims.resolve(caseId);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Accepted));
        claims.castVote(caseId, true);
    }

    function test_castVote_revertsWhen_Rejected() public {
        vm.warp(deadline);
        claims.resolve(caseId);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Rejected));
        claims.castVote(caseId, true);
    }

    // ---------------------------------------------------------------- resolve

    function test_quorumOf_isTenPercentOfSupplyAtSnapshot() public view {
        assertEq(claims.quorumOf(caseId), QUORUM_VOTES);
    }

    function test_quorumOf_revertsWhen_UnknownCase() public {
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.UnknownCase.selector, 7));
        claims.quorumOf(7);
    }

    function test_resolve_revertsWhen_VotingOpen() public {
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.VotingOpen.selector, caseId, deadline));
        claims.resolve(caseId);
    }

    function test_resolve_revertsWhen_UnknownCase() public {
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.UnknownCase.selector, 5));
        claims.resolve(5);
    }

    function test_resolve_revertsWhen_AlreadyResolved() public {
        vm.warp(deadline);
        claims.resolve(caseId);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Rejected));
        claims.resolve(caseId);
    }

    function test_resolve_acceptedAtExactQuorum() public {
        vote(voter3, caseId, true); // 10M = exactly 10% of the supply
        vm.warp(deadline);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseResolved(caseId, true, W3, 0, QUORUM_VOTES, deadline + CHALLENGE_PERIOD);
        assertTrue(claims.resolve(caseId));
        assertStatus(caseId, CaseStatus.Accepted);
        Case memory c = claims.getCase(caseId);
        assertEq(c.deadline, deadline + CHALLENGE_PERIOD, "challenge end");
        assertEq(c.deposit, CLAIM_DEPOSIT, "deposit untouched");
        assertEq(manager.openClaims(), 1, "claim still open");
        assertEq(usdc.balanceOf(address(claims)), CLAIM_DEPOSIT);
    }

    function test_resolve_acceptedWithMajorityAndAgainstVotes() public {
        vote(voter1, caseId, true);
        vote(voter2, caseId, false);
        vm.warp(deadline);
        assertTrue(claims.resolve(caseId));
        assertStatus(caseId, CaseStatus.Accepted);
    }

    function test_resolve_rejectedBelowQuorum() public {
        vote(voter4, caseId, true); // 5M < 10M
        vm.warp(deadline);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseResolved(caseId, false, W4, 0, QUORUM_VOTES, 0);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseSettled(caseId, 0, CLAIM_DEPOSIT, 0);
        assertFalse(claims.resolve(caseId));
        assertStatus(caseId, CaseStatus.Rejected);
        assertEq(claims.getCase(caseId).deposit, CLAIM_DEPOSIT, "deposit is the voters' pool");
        assertEq(usdc.balanceOf(address(claims)), CLAIM_DEPOSIT, "kept for the voters");
    }

    function test_resolve_rejectedByMajorityAgainst() public {
        vote(voter1, caseId, false);
        vote(voter2, caseId, true);
        vm.warp(deadline);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseResolved(caseId, false, W2, W1, QUORUM_VOTES, 0);
        assertFalse(claims.resolve(caseId));
        assertStatus(caseId, CaseStatus.Rejected);
    }

    function test_resolve_tieIsRejected() public {
        vote(voter1, caseId, true); // 30M
        vote(voter2, caseId, false); // 20M
        vote(voter3, caseId, false); // 10M
        vm.warp(deadline);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseResolved(caseId, false, W1, W2 + W3, QUORUM_VOTES, 0);
        assertFalse(claims.resolve(caseId));
        assertStatus(caseId, CaseStatus.Rejected);
    }

    function test_resolve_quorumCountsAgainstVotes() public {
        // voter4 (5M) for, voter3 (10M) against: quorum reached by both sides together, majority against.
        vote(voter4, caseId, true);
        vote(voter3, caseId, false);
        vm.warp(deadline);
        assertFalse(claims.resolve(caseId));
    }

    function test_resolve_noVotesSendsDepositToTreasury() public {
        uint256 treasuryBefore = usdc.balanceOf(treasury);
        vm.warp(deadline);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseResolved(caseId, false, 0, 0, QUORUM_VOTES, 0);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseSettled(caseId, 0, 0, CLAIM_DEPOSIT);
        assertFalse(claims.resolve(caseId));
        assertEq(usdc.balanceOf(treasury), treasuryBefore + CLAIM_DEPOSIT, "treasury");
        assertEq(usdc.balanceOf(address(claims)), 0, "nothing left");
        assertEq(claims.getCase(caseId).deposit, 0, "no pool");
    }

    function test_resolve_rejectedClosesManagerClaim() public {
        vote(voter1, caseId, false);
        assertEq(manager.openClaims(), 1);
        vm.warp(deadline);
        claims.resolve(caseId);
        assertEq(manager.openClaims(), 0, "open claims");
        assertEq(manager.cover(coverId).flags & 4, 0, "claim flag cleared");
        assertGt(pool.freeCapital(), 0, "exits resume");
        // The cover can be claimed on again.
        uint256 case2 = fileClaim(alice, coverId, 1_000e6, incidentTime);
        assertEq(case2, 2);
    }

    function test_resolve_anyoneMayCall() public {
        vote(voter1, caseId, true);
        vm.warp(deadline);
        vm.prank(makeAddr("keeper"));
        assertTrue(claims.resolve(caseId));
    }
}
