// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ClaimsBase} from "../claims/ClaimsBase.sol";
import {CaseStatus, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";

/// @notice What a compromised guardian can and cannot do.
contract GuardianLimitsTest is ClaimsBase {
    uint256 internal coverId;
    uint256 internal incidentTime;
    uint256 internal caseId;

    function setUp() public override {
        super.setUp();
        (coverId, incidentTime) = _coverPastWaiting(alice, 10_000e6);
        caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);
        acceptCase(caseId);
    }

    // ---------------------------------------------------------------- pauses

    function test_pauseSales_cannotExtendRunningPause() public {
        uint256 until = _now() + PAUSE_LIMIT;
        vm.prank(guardian);
        manager.pauseSales(_ids(claimsProduct), PAUSE_LIMIT);
        vm.warp(until - 1);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.AlreadyPaused.selector, claimsProduct, until));
        manager.pauseSales(_ids(claimsProduct), 1 days);
    }

    function test_pauseSales_cooldownRightAfterExpiry() public {
        uint256 until = _now() + PAUSE_LIMIT;
        vm.prank(guardian);
        manager.pauseSales(_ids(claimsProduct), PAUSE_LIMIT);
        vm.warp(until);
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.GuardianCooldown.selector, claimsProduct, until + PAUSE_LIMIT)
        );
        manager.pauseSales(_ids(claimsProduct), PAUSE_LIMIT);
        vm.warp(until + PAUSE_LIMIT - 1);
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.GuardianCooldown.selector, claimsProduct, until + PAUSE_LIMIT)
        );
        manager.pauseSales(_ids(claimsProduct), 1);
        vm.warp(until + PAUSE_LIMIT);
        vm.prank(guardian);
        manager.pauseSales(_ids(claimsProduct), 1 days);
        assertEq(manager.productPausedUntil(claimsProduct), until + PAUSE_LIMIT + 1 days);
    }

    function test_pauseSales_unpauseDoesNotResetCooldown() public {
        uint256 t = _now();
        vm.prank(guardian);
        manager.pauseSales(_ids(claimsProduct), PAUSE_LIMIT);
        vm.warp(t + 1 hours);
        vm.prank(guardian);
        manager.unpauseSales(_ids(claimsProduct));
        vm.warp(t + 2 hours);
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.GuardianCooldown.selector, claimsProduct, t + 1 hours + PAUSE_LIMIT)
        );
        manager.pauseSales(_ids(claimsProduct), PAUSE_LIMIT);
    }

    function test_pausePayouts_cannotExtendOrChain() public {
        uint256 until = _now() + PAUSE_LIMIT;
        vm.prank(guardian);
        manager.pausePayouts(_ids(claimsProduct), PAUSE_LIMIT);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.AlreadyPaused.selector, claimsProduct, until));
        manager.pausePayouts(_ids(claimsProduct), 1 days);
        vm.warp(until);
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.GuardianCooldown.selector, claimsProduct, until + PAUSE_LIMIT)
        );
        manager.pausePayouts(_ids(claimsProduct), 1 days);
        // The accepted claim is payable once the pause ends.
        assertEq(claims.payClaim(caseId), 4_000e6);
    }

    function test_pause_revertsWhen_PauseTooLong() public {
        vm.startPrank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PauseTooLong.selector, PAUSE_LIMIT + 1, PAUSE_LIMIT));
        manager.pauseSales(_ids(claimsProduct), PAUSE_LIMIT + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PauseTooLong.selector, PAUSE_LIMIT + 1, PAUSE_LIMIT));
        manager.pausePayouts(_ids(claimsProduct), PAUSE_LIMIT + 1);
        vm.stopPrank();
    }

    function test_guardian_cannotSetPauseLimit() public {
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        manager.setGuardianPauseLimit(14 days);
        assertEq(manager.guardianPauseLimit(), PAUSE_LIMIT);
    }

    function test_guardian_cannotLiftGovernanceHalt() public {
        vm.prank(admin);
        manager.setPayoutsHalted(_ids(claimsProduct), true);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.HaltedByGovernance.selector, claimsProduct));
        manager.unpausePayouts(_ids(claimsProduct));
        // Nor replace it with a shorter pause.
        vm.prank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.AlreadyPaused.selector, claimsProduct, uint256(type(uint32).max))
        );
        manager.pausePayouts(_ids(claimsProduct), 1 days);

        vm.warp(_now() + 365 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PayoutsPaused.selector, claimsProduct, uint256(type(uint32).max))
        );
        claims.payClaim(caseId);
    }

    function test_guardian_cannotSetClaimsParamsOrRoles() public {
        vm.startPrank(guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        claims.setParams(defaultClaimsParams());
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        claims.decide(caseId, false);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        manager.grantRole(GUARDIAN_ROLE, alice);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- funds

    function _balances() internal view returns (uint256[5] memory b) {
        b[0] = usdc.balanceOf(address(pool));
        b[1] = usdc.balanceOf(address(manager));
        b[2] = usdc.balanceOf(address(claims));
        b[3] = usdc.balanceOf(guardian);
        b[4] = usdc.balanceOf(alice);
    }

    function _assertUnchanged(uint256[5] memory b, string memory step) internal view {
        uint256[5] memory a = _balances();
        for (uint256 i = 0; i < 5; ++i) {
            assertEq(a[i], b[i], step);
        }
    }

    function test_guardian_everyActionMovesNoFunds() public {
        (uint256 cover2, uint256 t2) = (buyClaimable(bob, 5_000e6, 30 days), _now());
        vm.warp(_now() + 1 days);
        uint256 case2 = fileClaim(bob, cover2, 1_000e6, t2 + WAITING);
        vote(voter1, case2, true);
        // caseId is still in its challenge period (2 days from acceptance; 1 day passed).
        uint256[5] memory b = _balances();

        vm.startPrank(guardian);
        manager.pauseSales(_ids(claimsProduct), 1 days);
        _assertUnchanged(b, "pauseSales");
        manager.unpauseSales(_ids(claimsProduct));
        _assertUnchanged(b, "unpauseSales");
        manager.pausePayouts(_ids(claimsProduct), 1 days);
        _assertUnchanged(b, "pausePayouts");
        manager.unpausePayouts(_ids(claimsProduct));
        _assertUnchanged(b, "unpausePayouts");
        claims.escalate(caseId);
        _assertUnchanged(b, "escalate");
        vm.stopPrank();

        // Overturn the second case once accepted: the deposit stays with the voters.
        vm.warp(claims.getCase(case2).deadline);
        claims.resolve(case2);
        b = _balances();
        vm.prank(guardian);
        claims.overturn(case2, "x");
        _assertUnchanged(b, "overturn");
        assertStatus(case2, CaseStatus.Overturned);
        assertEq(claims.rewardOf(case2, voter1), CLAIM_DEPOSIT);
    }

    // ---------------------------------------------------------------- revocation

    function test_governanceRevokesGuardian() public {
        vm.startPrank(admin);
        claims.revokeRole(GUARDIAN_ROLE, guardian);
        manager.revokeRole(GUARDIAN_ROLE, guardian);
        vm.stopPrank();
        assertFalse(claims.hasRole(GUARDIAN_ROLE, guardian));

        bytes memory denied =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, GUARDIAN_ROLE);
        vm.startPrank(guardian);
        vm.expectRevert(denied);
        claims.overturn(caseId, "x");
        vm.expectRevert(denied);
        claims.escalate(caseId);
        vm.expectRevert(denied);
        manager.pauseSales(_ids(claimsProduct), 1 days);
        vm.expectRevert(denied);
        manager.pausePayouts(_ids(claimsProduct), 1 days);
        vm.expectRevert(denied);
        manager.unpauseSales(_ids(claimsProduct));
        vm.stopPrank();
        assertStatus(caseId, CaseStatus.Accepted);

        // A new guardian can act.
        address newGuardian = makeAddr("newGuardian");
        vm.prank(admin);
        claims.grantRole(GUARDIAN_ROLE, newGuardian);
        vm.prank(newGuardian);
        claims.escalate(caseId);
        assertStatus(caseId, CaseStatus.Escalated);
    }
}
