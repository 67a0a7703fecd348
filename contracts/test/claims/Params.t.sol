// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ClaimsBase} from "./ClaimsBase.sol";
import {Case, CaseStatus, ClaimsParams, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";

contract ParamsTest is ClaimsBase {
    // Bounds of ClaimsManager (internal constants).
    uint256 internal constant MIN_VOTING_PERIOD = 1 hours;
    uint256 internal constant MAX_VOTING_PERIOD = 30 days;
    uint256 internal constant MAX_CHALLENGE_PERIOD = 30 days;
    uint256 internal constant MIN_PAYOUT_WINDOW = 1 days;
    uint256 internal constant MAX_PAYOUT_WINDOW = 90 days;
    uint256 internal constant MIN_QUORUM = 0.001e18;
    uint256 internal constant MAX_QUORUM = 0.5e18;

    function _set(ClaimsParams memory p) internal {
        vm.prank(admin);
        claims.setParams(p);
    }

    function _expectOutOfRange(ClaimsParams memory p, string memory name, uint256 value, uint256 min, uint256 max)
        internal
    {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.ParameterOutOfRange.selector, name, value, min, max));
        claims.setParams(p);
    }

    function _assertParams(ClaimsParams memory a, ClaimsParams memory b) internal pure {
        assertEq(a.votingPeriod, b.votingPeriod, "votingPeriod");
        assertEq(a.challengePeriod, b.challengePeriod, "challengePeriod");
        assertEq(a.payoutWindow, b.payoutWindow, "payoutWindow");
        assertEq(a.quorumWad, b.quorumWad, "quorumWad");
        assertEq(a.voterFeeWad, b.voterFeeWad, "voterFeeWad");
        assertEq(a.claimDeposit, b.claimDeposit, "claimDeposit");
        assertEq(a.incidentBond, b.incidentBond, "incidentBond");
        assertEq(a.treasury, b.treasury, "treasury");
    }

    function _newParams() internal returns (ClaimsParams memory p) {
        p = ClaimsParams({
            votingPeriod: 5 days,
            challengePeriod: 1 days,
            payoutWindow: 14 days,
            quorumWad: 0.2e18,
            voterFeeWad: 0.5e18,
            claimDeposit: 250e6,
            incidentBond: 5_000e6,
            treasury: makeAddr("treasury2")
        });
    }

    function test_constructor_params() public view {
        _assertParams(claims.params(), defaultClaimsParams());
        assertEq(claims.manager(), address(manager));
        assertEq(claims.token(), address(token));
        assertTrue(claims.hasRole(DEFAULT_ADMIN_ROLE, admin));
        assertTrue(claims.hasRole(GUARDIAN_ROLE, guardian));
        assertEq(claims.caseCount(), 0);
    }

    function test_setParams_byAdminEmits() public {
        ClaimsParams memory p = _newParams();
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.ParamsSet(p);
        _set(p);
        _assertParams(claims.params(), p);
    }

    function test_setParams_revertsWhen_NotAdmin() public {
        address[3] memory who = [guardian, alice, voter1];
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(who[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who[i], DEFAULT_ADMIN_ROLE)
            );
            claims.setParams(_newParams());
        }
        _assertParams(claims.params(), defaultClaimsParams());
    }

    function test_setParams_acceptsEveryBoundEdge() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.votingPeriod = uint32(MIN_VOTING_PERIOD);
        p.challengePeriod = 0;
        p.payoutWindow = uint32(MIN_PAYOUT_WINDOW);
        p.quorumWad = uint64(MIN_QUORUM);
        p.voterFeeWad = 0;
        p.claimDeposit = 0;
        p.incidentBond = 0;
        _set(p);
        _assertParams(claims.params(), p);

        p.votingPeriod = uint32(MAX_VOTING_PERIOD);
        p.challengePeriod = uint32(MAX_CHALLENGE_PERIOD);
        p.payoutWindow = uint32(MAX_PAYOUT_WINDOW);
        p.quorumWad = uint64(MAX_QUORUM);
        p.voterFeeWad = 1e18;
        p.claimDeposit = type(uint88).max;
        p.incidentBond = type(uint88).max;
        _set(p);
        _assertParams(claims.params(), p);
    }

    function test_setParams_revertsWhen_VotingPeriodOutOfRange() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.votingPeriod = uint32(MIN_VOTING_PERIOD - 1);
        _expectOutOfRange(p, "votingPeriod", MIN_VOTING_PERIOD - 1, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
        p.votingPeriod = uint32(MAX_VOTING_PERIOD + 1);
        _expectOutOfRange(p, "votingPeriod", MAX_VOTING_PERIOD + 1, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
    }

    function test_setParams_revertsWhen_ChallengePeriodOutOfRange() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.challengePeriod = uint32(MAX_CHALLENGE_PERIOD + 1);
        _expectOutOfRange(p, "challengePeriod", MAX_CHALLENGE_PERIOD + 1, 0, MAX_CHALLENGE_PERIOD);
    }

    function test_setParams_revertsWhen_PayoutWindowOutOfRange() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.payoutWindow = uint32(MIN_PAYOUT_WINDOW - 1);
        _expectOutOfRange(p, "payoutWindow", MIN_PAYOUT_WINDOW - 1, MIN_PAYOUT_WINDOW, MAX_PAYOUT_WINDOW);
        p.payoutWindow = uint32(MAX_PAYOUT_WINDOW + 1);
        _expectOutOfRange(p, "payoutWindow", MAX_PAYOUT_WINDOW + 1, MIN_PAYOUT_WINDOW, MAX_PAYOUT_WINDOW);
    }

    function test_setParams_revertsWhen_QuorumOutOfRange() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.quorumWad = uint64(MIN_QUORUM - 1);
        _expectOutOfRange(p, "quorumWad", MIN_QUORUM - 1, MIN_QUORUM, MAX_QUORUM);
        p.quorumWad = uint64(MAX_QUORUM + 1);
        _expectOutOfRange(p, "quorumWad", MAX_QUORUM + 1, MIN_QUORUM, MAX_QUORUM);
    }

    function test_setParams_revertsWhen_VoterFeeOutOfRange() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.voterFeeWad = 1e18 + 1;
        _expectOutOfRange(p, "voterFeeWad", 1e18 + 1, 0, 1e18);
    }

    function test_setParams_revertsWhen_ZeroTreasury() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.treasury = address(0);
        vm.prank(admin);
        vm.expectRevert(IClaimsManager.ZeroAddress.selector);
        claims.setParams(p);
    }

    function test_setParams_applyToNextCase() public {
        (uint256 coverId, uint256 incidentTime) = _coverPastWaiting(alice, 10_000e6);
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 10_000e6);
        uint256 old = fileClaim(alice, coverId, 1_000e6, incidentTime);
        uint256 filedOld = _now();

        ClaimsParams memory p = _newParams();
        _set(p);

        uint256 bobBefore = usdc.balanceOf(bob);
        uint256 fresh = fileClaim(bob, cover2, 1_000e6, t2);
        Case memory n = claims.getCase(fresh);
        assertEq(n.deposit, 250e6, "new deposit");
        assertEq(n.deadline, _now() + 5 days, "new voting period");
        assertEq(usdc.balanceOf(bob), bobBefore - 250e6);

        // The open case keeps its deposit and deadline.
        Case memory o = claims.getCase(old);
        assertEq(o.deposit, CLAIM_DEPOSIT, "old deposit");
        assertEq(o.deadline, filedOld + VOTING_PERIOD, "old deadline");

        // New incidents take the new bond.
        uint256 reporterBefore = usdc.balanceOf(reporter);
        uint256 incident = report(incidentTime, 0.5e18);
        assertEq(claims.getCase(incident).deposit, 5_000e6);
        assertEq(usdc.balanceOf(reporter), reporterBefore - 5_000e6);

        // The new quorum (20%) and fee (50%) decide the new case: 20M reaches it exactly.
        assertEq(claims.quorumOf(fresh), 20_000_000e18);
        vote(voter2, fresh, true);
        vm.warp(n.deadline);
        assertTrue(claims.resolve(fresh));
        assertEq(claims.getCase(fresh).deadline, n.deadline + 1 days, "new challenge period");
        vm.warp(n.deadline + 1 days);
        bobBefore = usdc.balanceOf(bob);
        claims.payClaim(fresh);
        assertEq(usdc.balanceOf(bob), bobBefore + 1_000e6 + 125e6, "payout + half the deposit");
        assertEq(claims.rewardOf(fresh, voter2), 125e6);
    }

    function test_setParams_newTreasuryGetsUnvotedDeposits() public {
        (uint256 coverId, uint256 incidentTime) = _coverPastWaiting(alice, 10_000e6);
        ClaimsParams memory p = _newParams();
        _set(p);
        uint256 caseId = fileClaim(alice, coverId, 1_000e6, incidentTime);
        vm.warp(claims.getCase(caseId).deadline);
        claims.resolve(caseId);
        assertEq(usdc.balanceOf(p.treasury), 250e6);
        assertStatus(caseId, CaseStatus.Rejected);
    }

    /// @dev The brief: new parameters apply to the next case. An open case was filed under a 10%
    /// quorum; raising it to 50% mid-vote should not reject a case that reached 10%.
    /// @notice IClaimsManager: the quorum applies at resolution, so a governance change reaches cases
    /// still open (governance may overturn or decide them anyway); the deposit stays the one paid.
    function test_setParams_quorumAppliesAtResolution() public {
        (uint256 coverId, uint256 incidentTime) = _coverPastWaiting(alice, 10_000e6);
        uint256 caseId = fileClaim(alice, coverId, 1_000e6, incidentTime);
        vote(voter3, caseId, true); // 10M: exactly the 10% quorum
        assertEq(claims.quorumOf(caseId), 10_000_000e18, "quorum at filing");

        ClaimsParams memory p = defaultClaimsParams();
        p.quorumWad = 0.5e18;
        p.claimDeposit = 1e6;
        _set(p);

        assertEq(claims.quorumOf(caseId), 50_000_000e18, "the quorum in force");
        assertEq(claims.getCase(caseId).deposit, CLAIM_DEPOSIT, "the deposit paid");
        vm.warp(claims.getCase(caseId).deadline);
        assertFalse(claims.resolve(caseId), "rejected under the new quorum");
    }
}
