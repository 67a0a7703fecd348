// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "./ClaimsBase.sol";
import {CaseStatus, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";

contract RewardsTest is ClaimsBase {
    uint256 internal coverId;
    uint256 internal incidentTime;
    uint256 internal caseId;

    uint256 internal constant W1 = 30_000_000e18;
    uint256 internal constant W2 = 20_000_000e18;
    uint256 internal constant W3 = 10_000_000e18;
    uint256 internal constant W4 = 5_000_000e18;

    function setUp() public override {
        super.setUp();
        (coverId, incidentTime) = _coverPastWaiting(alice, 10_000e6);
        caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);
    }

    function _claim(address voter, uint256 id) internal returns (uint256) {
        vm.prank(voter);
        return claims.claimRewards(_ids(id));
    }

    function _rejectWithAllFour() internal {
        vote(voter1, caseId, true);
        vote(voter2, caseId, false);
        vote(voter3, caseId, false);
        vote(voter4, caseId, false);
        vm.warp(claims.getCase(caseId).deadline);
        assertFalse(claims.resolve(caseId));
    }

    function test_rewards_rejectedProRataAllVoters() public {
        _rejectWithAllFour();
        uint256 total = W1 + W2 + W3 + W4;
        // pool x weight / total, rounded down.
        assertEq(claims.rewardOf(caseId, voter1), 46_153_846);
        assertEq(claims.rewardOf(caseId, voter2), 30_769_230);
        assertEq(claims.rewardOf(caseId, voter3), 15_384_615);
        assertEq(claims.rewardOf(caseId, voter4), 7_692_307);
        assertEq(claims.rewardOf(caseId, voter1), uint256(CLAIM_DEPOSIT) * W1 / total);
        assertEq(claims.rewardOf(caseId, voter4), uint256(CLAIM_DEPOSIT) * W4 / total);

        uint256 sum;
        address[4] memory voters = [voter1, voter2, voter3, voter4];
        for (uint256 i = 0; i < 4; ++i) {
            uint256 before = usdc.balanceOf(voters[i]);
            uint256 expected = claims.rewardOf(caseId, voters[i]);
            assertEq(_claim(voters[i], caseId), expected);
            assertEq(usdc.balanceOf(voters[i]), before + expected);
            sum += expected;
        }
        assertLe(sum, CLAIM_DEPOSIT, "sum <= pool");
        assertEq(sum, 99_999_998);
        assertEq(usdc.balanceOf(address(claims)), CLAIM_DEPOSIT - sum, "dust stays");
    }

    function test_rewards_acceptedPaidClaimFeeOnly() public {
        vote(voter1, caseId, true);
        vote(voter2, caseId, true);
        vote(voter3, caseId, false);
        vm.warp(claims.getCase(caseId).deadline);
        assertTrue(claims.resolve(caseId));

        // Undecided until settled.
        assertEq(claims.rewardOf(caseId, voter1), 0);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, voter1));
        claims.claimRewards(_ids(caseId));

        vm.warp(claims.getCase(caseId).deadline);
        claims.payClaim(caseId);
        // pool = 20 USDC, total weight 60M.
        assertEq(claims.rewardOf(caseId, voter1), 10_000_000);
        assertEq(claims.rewardOf(caseId, voter2), 6_666_666);
        assertEq(claims.rewardOf(caseId, voter3), 3_333_333, "losing side paid too");
        assertEq(claims.rewardOf(caseId, voter4), 0, "did not vote");
    }

    function test_claimRewards_paysEmitsAndOnlyOnce() public {
        _rejectWithAllFour();
        uint256 before = usdc.balanceOf(voter2);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.RewardClaimed(caseId, voter2, 30_769_230);
        assertEq(_claim(voter2, caseId), 30_769_230);
        assertEq(usdc.balanceOf(voter2), before + 30_769_230);
        (,,, bool rewarded) = claims.receipt(caseId, voter2);
        assertTrue(rewarded);
        assertEq(claims.rewardOf(caseId, voter2), 0);

        vm.prank(voter2);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, voter2));
        claims.claimRewards(_ids(caseId));
        // Others unaffected.
        assertEq(claims.rewardOf(caseId, voter1), 46_153_846);
    }

    function test_claimRewards_revertsWhen_NonVoter() public {
        _rejectWithAllFour();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, alice));
        claims.claimRewards(_ids(caseId));
        vm.prank(treasury);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, treasury));
        claims.claimRewards(_ids(caseId));
    }

    function test_claimRewards_revertsWhen_Undecided() public {
        vote(voter1, caseId, true);
        assertEq(claims.rewardOf(caseId, voter1), 0);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, voter1));
        claims.claimRewards(_ids(caseId));
    }

    function test_claimRewards_revertsWhen_UnknownCase() public {
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, 999, voter1));
        claims.claimRewards(_ids(999));
    }

    function test_claimRewards_severalCases() public {
        // Case 1 rejected by all four; case 2 an incident accepted by voter1 and voter2, then settled.
        uint256 incident = report(incidentTime, 0.5e18);
        vote(voter1, incident, true);
        vote(voter2, incident, true);
        _rejectWithAllFour();
        vm.warp(claims.getCase(incident).deadline);
        assertTrue(claims.resolve(incident));
        vm.warp(claims.getCase(incident).deadline);
        claims.settleIncident(incident);
        // Incident pool: 20% of the 1,000 bond = 200 USDC; voter1 30/50 of it.
        assertEq(claims.rewardOf(incident, voter1), 120e6);
        assertEq(claims.rewardOf(incident, voter2), 80e6);

        uint256 before = usdc.balanceOf(voter1);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.RewardClaimed(caseId, voter1, 46_153_846);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.RewardClaimed(incident, voter1, 120e6);
        vm.prank(voter1);
        uint256 total = claims.claimRewards(_ids(caseId, incident));
        assertEq(total, 46_153_846 + 120e6);
        assertEq(usdc.balanceOf(voter1), before + total);
    }

    function test_claimRewards_batchWithBadIdRevertsWhole() public {
        _rejectWithAllFour();
        uint256 before = usdc.balanceOf(voter1);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, voter1));
        claims.claimRewards(_ids(caseId, caseId));
        assertEq(usdc.balanceOf(voter1), before);
        assertEq(claims.rewardOf(caseId, voter1), 46_153_846, "still claimable");
    }

    function test_rewards_overturnedWholeDeposit() public {
        acceptCase(caseId); // voter1 + voter2
        vm.prank(guardian);
        claims.overturn(caseId, "fraud");
        assertEq(claims.rewardOf(caseId, voter1), 60e6);
        assertEq(claims.rewardOf(caseId, voter2), 40e6);
        assertEq(_claim(voter1, caseId) + _claim(voter2, caseId), CLAIM_DEPOSIT);
        assertEq(usdc.balanceOf(address(claims)), 0);
    }

    function test_rewards_noVotesNothingToClaim() public {
        vm.warp(claims.getCase(caseId).deadline);
        claims.resolve(caseId);
        assertStatus(caseId, CaseStatus.Rejected);
        assertEq(claims.rewardOf(caseId, voter1), 0);
        vm.prank(voter1);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoReward.selector, caseId, voter1));
        claims.claimRewards(_ids(caseId));
    }
}
