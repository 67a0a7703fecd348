// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "../claims/ClaimsBase.sol";
import {Case, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";

contract LateTokensTest is ClaimsBase {
    uint256 internal caseId;
    uint256 internal snapshot;

    function setUp() public override {
        super.setUp();
        (uint256 coverId, uint256 incidentTime) = _coverPastWaiting(alice, 10_000e6);
        caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);
        snapshot = claims.getCase(caseId).snapshot;
        vm.warp(_now() + 1 hours);
    }

    function test_tokensReceivedAfterFiling_noVotingPower() public {
        vm.prank(voter1);
        token.transfer(carol, 10_000_000e18);
        vm.prank(carol);
        token.delegate(carol);
        assertEq(token.getVotes(carol), 10_000_000e18);

        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, caseId, carol, snapshot));
        claims.castVote(caseId, true);

        // The seller still votes with its snapshot weight.
        assertEq(vote(voter1, caseId, true), 30_000_000e18);
        assertEq(claims.getCase(caseId).forVotes, 30_000_000e18);
    }

    function test_undelegatedHolderDelegatesAfterFiling_noVotingPower() public {
        vm.prank(treasury);
        token.delegate(treasury);
        assertEq(token.getVotes(treasury), 35_000_000e18);
        vm.prank(treasury);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, caseId, treasury, snapshot));
        claims.castVote(caseId, false);
    }

    function test_sellerAfterSnapshot_votesWithSnapshotWeight() public {
        vm.prank(voter2);
        token.transfer(carol, 20_000_000e18);
        assertEq(token.getVotes(voter2), 0, "no current votes");
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.VoteCast(caseId, voter2, false, 20_000_000e18);
        assertEq(vote(voter2, caseId, false), 20_000_000e18);
        Case memory c = claims.getCase(caseId);
        assertEq(c.againstVotes, 20_000_000e18);
    }

    function test_redelegationAfterFiling_doesNotDoubleCount() public {
        vm.prank(voter3);
        token.delegate(voter4);
        assertEq(token.getVotes(voter4), 15_000_000e18);
        assertEq(vote(voter4, caseId, true), 5_000_000e18, "snapshot weight only");
        assertEq(vote(voter3, caseId, true), 10_000_000e18, "own snapshot weight");
        assertEq(claims.getCase(caseId).forVotes, 15_000_000e18, "each token counted once");
    }

    function test_buyerCannotVoteTwiceWithTheSameTokens() public {
        // voter1 votes, then moves its tokens to carol who delegates: carol has no power on this case.
        vote(voter1, caseId, true);
        vm.prank(voter1);
        token.transfer(carol, 30_000_000e18);
        vm.prank(carol);
        token.delegate(carol);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, caseId, carol, snapshot));
        claims.castVote(caseId, true);
        assertEq(claims.getCase(caseId).forVotes, 30_000_000e18);
    }

    function test_tokensReceivedAfterFiling_countOnTheNextCase() public {
        vm.prank(voter1);
        token.transfer(carol, 10_000_000e18);
        vm.prank(carol);
        token.delegate(carol);
        vm.warp(_now() + 1);
        uint256 incident = report(_now() - 1, 0.5e18);
        assertEq(vote(carol, incident, true), 10_000_000e18);
    }
}
