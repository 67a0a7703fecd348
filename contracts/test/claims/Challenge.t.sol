// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ClaimsBase} from "./ClaimsBase.sol";
import {Case, CaseStatus, ClaimsParams, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";

contract ChallengeTest is ClaimsBase {
    uint256 internal coverId;
    uint256 internal incidentTime;
    uint256 internal caseId;
    uint256 internal challengeEnd;

    function setUp() public override {
        super.setUp();
        (coverId, incidentTime) = _coverPastWaiting(alice, 10_000e6);
        caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);
        acceptCase(caseId);
        challengeEnd = claims.getCase(caseId).deadline;
    }

    // ---------------------------------------------------------------- overturn

    function test_overturn_byGuardianInChallengePeriod() public {
        uint256 guardianBefore = usdc.balanceOf(guardian);
        uint256 aliceBefore = usdc.balanceOf(alice);
        vm.warp(challengeEnd - 1);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseOverturned(caseId, guardian, "fraud");
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseSettled(caseId, 0, CLAIM_DEPOSIT, 0);
        vm.prank(guardian);
        claims.overturn(caseId, "fraud");

        assertStatus(caseId, CaseStatus.Overturned);
        assertEq(claims.getCase(caseId).deposit, CLAIM_DEPOSIT, "deposit is the reward pool");
        assertEq(manager.openClaims(), 0, "manager claim closed");
        assertEq(manager.cover(coverId).flags & 4, 0);
        assertEq(usdc.balanceOf(guardian), guardianBefore, "guardian gets nothing");
        assertEq(usdc.balanceOf(alice), aliceBefore, "claimant gets nothing");
        assertEq(usdc.balanceOf(address(claims)), CLAIM_DEPOSIT);
        assertEq(claims.rewardOf(caseId, voter1), 60e6);
        assertEq(claims.rewardOf(caseId, voter2), 40e6);

        vm.warp(challengeEnd);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Overturned));
        claims.payClaim(caseId);
    }

    function test_overturn_byAdmin() public {
        vm.prank(admin);
        claims.overturn(caseId, "governance");
        assertStatus(caseId, CaseStatus.Overturned);
    }

    function test_overturn_revertsWhen_ChallengeClosed() public {
        vm.warp(challengeEnd);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.ChallengeClosed.selector, caseId, challengeEnd));
        claims.overturn(caseId, "late");
    }

    function test_overturn_revertsWhen_NotGuardian() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, GUARDIAN_ROLE)
        );
        claims.overturn(caseId, "x");
    }

    function test_overturn_revertsWhen_Voting() public {
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 5_000e6);
        uint256 case2 = fileClaim(bob, cover2, 1_000e6, t2);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, case2, CaseStatus.Voting));
        claims.overturn(case2, "x");
    }

    function test_overturn_revertsWhen_UnknownCase() public {
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.UnknownCase.selector, 77));
        claims.overturn(77, "x");
    }

    function test_overturn_incidentReopensSales() public {
        uint256 incident = report(incidentTime, 0.5e18);
        acceptCase(incident);
        vm.prank(guardian);
        claims.overturn(incident, "bad report");
        assertStatus(incident, CaseStatus.Overturned);
        assertEq(claims.activeIncident(claimsProduct), 0);
        assertEq(manager.productOpenIncidents(claimsProduct), 0);
        assertGt(manager.quote(claimsProduct, 1_000e6, 30 days), 0);
    }

    // ---------------------------------------------------------------- escalate and decide

    function test_escalate_byGuardian() public {
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseEscalated(caseId, guardian);
        vm.prank(guardian);
        claims.escalate(caseId);
        assertStatus(caseId, CaseStatus.Escalated);
        assertEq(manager.openClaims(), 1, "claim stays open");
        assertEq(pool.freeCapital(), 0, "exits wait for governance");

        // Waits for governance: not payable even long after the challenge period.
        vm.warp(challengeEnd + 30 days);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Escalated));
        claims.payClaim(caseId);
        assertEq(claims.rewardOf(caseId, voter1), 0, "undecided");
    }

    function test_escalate_revertsWhen_NotGuardian() public {
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, GUARDIAN_ROLE)
        );
        claims.escalate(caseId);
    }

    function test_escalate_revertsWhen_ChallengeClosed() public {
        vm.warp(challengeEnd);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.ChallengeClosed.selector, caseId, challengeEnd));
        claims.escalate(caseId);
    }

    function test_escalate_revertsWhen_AlreadyEscalated() public {
        vm.prank(guardian);
        claims.escalate(caseId);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Escalated));
        claims.escalate(caseId);
    }

    function test_decide_revertsWhen_Guardian() public {
        vm.prank(guardian);
        claims.escalate(caseId);
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        claims.decide(caseId, true);
        assertStatus(caseId, CaseStatus.Escalated);
    }

    function test_decide_revertsWhen_NotEscalated() public {
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Accepted));
        claims.decide(caseId, true);
    }

    function test_decide_acceptMakesPayableAtOnce() public {
        vm.prank(guardian);
        claims.escalate(caseId);
        vm.warp(_now() + 1 hours); // still inside the original challenge period
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseDecided(caseId, true);
        vm.prank(admin);
        claims.decide(caseId, true);
        Case memory c = claims.getCase(caseId);
        assertEq(uint256(c.status), uint256(CaseStatus.Accepted));
        assertEq(c.deadline, _now(), "challenge over now");
        assertLt(_now(), challengeEnd);

        uint256 aliceBefore = usdc.balanceOf(alice);
        assertEq(claims.payClaim(caseId), 4_000e6);
        assertEq(usdc.balanceOf(alice), aliceBefore + 4_000e6 + 80e6);
    }

    function test_decide_acceptThenGuardianCannotOverturn() public {
        vm.prank(guardian);
        claims.escalate(caseId);
        vm.prank(admin);
        claims.decide(caseId, true);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.ChallengeClosed.selector, caseId, _now()));
        claims.overturn(caseId, "again");
    }

    function test_decide_rejectOverturns() public {
        vm.prank(guardian);
        claims.escalate(caseId);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseDecided(caseId, false);
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseOverturned(caseId, admin, "decided by governance");
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseSettled(caseId, 0, CLAIM_DEPOSIT, 0);
        vm.prank(admin);
        claims.decide(caseId, false);
        assertStatus(caseId, CaseStatus.Overturned);
        assertEq(manager.openClaims(), 0);
        assertEq(claims.getCase(caseId).deposit, CLAIM_DEPOSIT);
    }

    function test_overturnEscalated_byAdmin() public {
        vm.prank(guardian);
        claims.escalate(caseId);
        vm.warp(challengeEnd + 10 days); // governance is not bound by the challenge period
        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.CaseOverturned(caseId, admin, "no");
        vm.prank(admin);
        claims.overturn(caseId, "no");
        assertStatus(caseId, CaseStatus.Overturned);
        assertEq(manager.openClaims(), 0);
    }

    function test_overturnEscalated_revertsWhen_Guardian() public {
        vm.prank(guardian);
        claims.escalate(caseId);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.WrongStatus.selector, caseId, CaseStatus.Escalated));
        claims.overturn(caseId, "no");
    }

    // ---------------------------------------------------------------- guardian limits

    function test_guardian_cannotSetParams() public {
        ClaimsParams memory p = defaultClaimsParams();
        p.treasury = guardian;
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        claims.setParams(p);
        assertEq(claims.params().treasury, treasury);
    }

    function test_guardian_cannotGrantRoles() public {
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        claims.grantRole(GUARDIAN_ROLE, alice);
    }

    function test_guardian_actionsMoveNoFunds() public {
        uint256 guardianBefore = usdc.balanceOf(guardian);
        uint256 claimsBefore = usdc.balanceOf(address(claims));
        uint256 poolBefore = usdc.balanceOf(address(pool));
        vm.startPrank(guardian);
        claims.escalate(caseId);
        manager.pausePayouts(_ids(claimsProduct), 1 days);
        manager.pauseSales(_ids(claimsProduct), 1 days);
        vm.stopPrank();
        assertEq(usdc.balanceOf(guardian), guardianBefore, "guardian");
        assertEq(usdc.balanceOf(address(claims)), claimsBefore, "claims");
        assertEq(usdc.balanceOf(address(pool)), poolBefore, "pool");
        assertEq(usdc.allowance(address(claims), guardian), 0);
        assertEq(usdc.allowance(address(pool), guardian), 0);
    }
}
