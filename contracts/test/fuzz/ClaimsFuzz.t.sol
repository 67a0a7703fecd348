// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "../claims/ClaimsBase.sol";
import {Case, CaseStatus, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";

contract ClaimsFuzzTest is ClaimsBase {
    uint256 internal constant COVER = 10_000e6;
    uint256 internal constant QUORUM_VOTES = 10_000_000e18;

    function _voters() internal view returns (address[4] memory) {
        return [voter1, voter2, voter3, voter4];
    }

    function _weights() internal pure returns (uint256[4] memory) {
        return [uint256(30_000_000e18), 20_000_000e18, 10_000_000e18, 5_000_000e18];
    }

    /// @dev Fuzzes the amount and incident time of a claim: it files exactly when the amount and time
    /// are valid, otherwise reverts with the CoverManager's error for the first broken rule.
    function testFuzz_fileClaim_amountAndTime(uint256 amount, uint256 incidentTime, uint256 elapsed) public {
        uint256 start = _now();
        uint256 coverId = buyClaimable(alice, COVER, 30 days);
        uint256 end = start + 30 days;
        elapsed = bound(elapsed, 0, 40 days);
        vm.warp(start + elapsed);
        amount = bound(amount, 0, COVER * 2);
        incidentTime = bound(incidentTime, start - 2 days, start + 42 days);

        bytes memory expected;
        if (amount == 0) {
            expected = abi.encodeWithSelector(ICoverManager.ZeroAmount.selector);
        } else if (incidentTime < start || incidentTime >= end || incidentTime > _now()) {
            expected = abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, incidentTime, start, end);
        } else if (incidentTime < start + WAITING) {
            expected = abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, coverId, incidentTime, start + WAITING);
        } else if (amount > COVER) {
            expected = abi.encodeWithSelector(ICoverManager.PayoutExceedsCover.selector, coverId, amount, COVER);
        }

        vm.prank(alice);
        if (expected.length != 0) {
            vm.expectRevert(expected);
            claims.fileClaim(coverId, amount, incidentTime, "ipfs://evidence");
            assertEq(claims.caseCount(), 0);
            assertEq(manager.openClaims(), 0);
        } else {
            uint256 caseId = claims.fileClaim(coverId, amount, incidentTime, "ipfs://evidence");
            Case memory c = claims.getCase(caseId);
            assertEq(c.amount, amount);
            assertEq(c.incidentTime, incidentTime);
            assertEq(manager.openClaims(), 1);
        }
    }

    /// @dev Fuzzes an incident report's time and share.
    function testFuzz_reportIncident_timeAndShare(uint256 incidentTime, uint256 share) public {
        incidentTime = bound(incidentTime, 0, _now() + 10 days);
        share = bound(share, 0, 2e18);
        bytes memory expected;
        if (incidentTime > _now()) {
            expected = abi.encodeWithSelector(IClaimsManager.IncidentInFuture.selector, incidentTime);
        } else if (share == 0 || share > 1e18) {
            expected = abi.encodeWithSelector(IClaimsManager.InvalidPayoutShare.selector, share);
        }
        vm.prank(reporter);
        if (expected.length != 0) {
            vm.expectRevert(expected);
            claims.reportIncident(claimsProduct, incidentTime, share, "ipfs://incident");
            assertEq(claims.activeIncident(claimsProduct), 0);
        } else {
            uint256 caseId = claims.reportIncident(claimsProduct, incidentTime, share, "ipfs://incident");
            assertEq(claims.getCase(caseId).amount, share);
            assertEq(claims.activeIncident(claimsProduct), caseId);
        }
    }

    /// @dev Random participation and sides of the four voters: the outcome is quorum && for > against.
    function testFuzz_resolve_matchesFormula(uint8 participate, uint8 sides) public {
        (uint256 coverId, uint256 incidentTime) = _coverPastWaiting(alice, COVER);
        uint256 caseId = fileClaim(alice, coverId, 1_000e6, incidentTime);
        address[4] memory voters = _voters();
        uint256[4] memory weights = _weights();
        uint256 forVotes;
        uint256 againstVotes;
        for (uint256 i = 0; i < 4; ++i) {
            if ((participate >> i) & 1 == 0) continue;
            bool support = (sides >> i) & 1 == 1;
            assertEq(vote(voters[i], caseId, support), weights[i]);
            if (support) forVotes += weights[i];
            else againstVotes += weights[i];
        }
        Case memory c = claims.getCase(caseId);
        assertEq(c.forVotes, forVotes);
        assertEq(c.againstVotes, againstVotes);

        vm.warp(c.deadline);
        bool expected = forVotes + againstVotes >= QUORUM_VOTES && forVotes > againstVotes;
        assertEq(claims.resolve(caseId), expected);
        assertStatus(caseId, expected ? CaseStatus.Accepted : CaseStatus.Rejected);
        assertEq(manager.openClaims(), expected ? 1 : 0);
    }

    /// @dev Random votes, any outcome, then every voter claims: each gets pool x weight / total and the
    /// sum never exceeds the pool.
    function testFuzz_rewards_sumWithinPool(uint8 participate, uint8 sides, bool overturnIt, uint8 order) public {
        participate = participate | 1; // at least voter1
        (uint256 coverId, uint256 incidentTime) = _coverPastWaiting(alice, COVER);
        uint256 caseId = fileClaim(alice, coverId, 1_000e6, incidentTime);
        address[4] memory voters = _voters();
        uint256[4] memory weights = _weights();
        uint256 total;
        for (uint256 i = 0; i < 4; ++i) {
            if ((participate >> i) & 1 == 0) continue;
            vote(voters[i], caseId, (sides >> i) & 1 == 1);
            total += weights[i];
        }
        vm.warp(claims.getCase(caseId).deadline);
        bool accepted = claims.resolve(caseId);
        uint256 pool_;
        if (accepted) {
            if (overturnIt) {
                vm.prank(guardian);
                claims.overturn(caseId, "fuzz");
                pool_ = CLAIM_DEPOSIT;
            } else {
                vm.warp(claims.getCase(caseId).deadline);
                claims.payClaim(caseId);
                pool_ = uint256(CLAIM_DEPOSIT) * VOTER_FEE / 1e18;
            }
        } else {
            pool_ = CLAIM_DEPOSIT;
        }
        assertEq(claims.getCase(caseId).deposit, pool_, "pool");

        uint256 sum;
        for (uint256 k = 0; k < 4; ++k) {
            uint256 i = (k + order) % 4;
            address voter = voters[i];
            uint256 expected = (participate >> i) & 1 == 1 ? pool_ * weights[i] / total : 0;
            assertEq(claims.rewardOf(caseId, voter), expected, "rewardOf");
            if (expected == 0) {
                uint256[] memory ids = _ids(caseId);
                vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, voter));
                vm.prank(voter);
                claims.claimRewards(ids);
            } else {
                uint256 before = usdc.balanceOf(voter);
                vm.prank(voter);
                assertEq(claims.claimRewards(_ids(caseId)), expected);
                assertEq(usdc.balanceOf(voter), before + expected);
                sum += expected;
            }
        }
        assertLe(sum, pool_, "sum <= pool");
        assertLe(pool_ - sum, 4, "dust below one unit per voter");
    }
}
