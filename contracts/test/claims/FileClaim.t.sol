// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {ClaimsBase} from "./ClaimsBase.sol";
import {Case, CaseKind, CaseStatus, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";

contract FileClaimTest is ClaimsBase {
    uint256 internal coverId;
    uint256 internal start;
    uint256 internal end;
    uint256 internal incidentTime;

    function setUp() public override {
        super.setUp();
        start = _now();
        end = start + 30 days;
        (coverId, incidentTime) = _coverPastWaiting(alice, 10_000e6);
    }

    // ---------------------------------------------------------------- happy path

    function test_fileClaim_storesCaseEmitsAndPullsDeposit() public {
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 now_ = _now();
        assertGt(pool.freeCapital(), 0, "free capital before");
        assertEq(manager.openClaims(), 0);

        vm.expectEmit(true, true, true, true, address(claims));
        emit IClaimsManager.ClaimFiled(
            1,
            coverId,
            alice,
            claimsProduct,
            4_000e6,
            incidentTime,
            CLAIM_DEPOSIT,
            now_ + VOTING_PERIOD,
            "ipfs://evidence"
        );
        uint256 caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);

        assertEq(caseId, 1, "case id");
        assertEq(claims.caseCount(), 1, "case count");
        Case memory c = claims.getCase(caseId);
        assertEq(c.filer, alice, "filer");
        assertEq(c.snapshot, now_ - 1, "snapshot");
        assertEq(c.deadline, now_ + VOTING_PERIOD, "deadline");
        assertEq(uint256(c.kind), uint256(CaseKind.Claim), "kind");
        assertEq(uint256(c.status), uint256(CaseStatus.Voting), "status");
        assertEq(c.subject, coverId, "subject");
        assertEq(c.incidentTime, incidentTime, "incident time");
        assertEq(c.amount, 4_000e6, "amount");
        assertEq(c.deposit, CLAIM_DEPOSIT, "deposit");
        assertEq(c.forVotes, 0, "for");
        assertEq(c.againstVotes, 0, "against");

        assertEq(usdc.balanceOf(alice), aliceBefore - CLAIM_DEPOSIT, "deposit pulled");
        assertEq(usdc.balanceOf(address(claims)), CLAIM_DEPOSIT, "deposit held");
        assertEq(manager.openClaims(), 1, "open claims");
        assertEq(manager.cover(coverId).flags & 4, 4, "claim-open flag");
        assertEq(pool.freeCapital(), 0, "free capital frozen");
    }

    function test_fileClaim_secondCaseGetsNextId() public {
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 5_000e6);
        assertEq(fileClaim(alice, coverId, 1_000e6, incidentTime), 1);
        assertEq(fileClaim(bob, cover2, 1_000e6, t2), 2);
        assertEq(claims.caseCount(), 2);
        assertEq(manager.openClaims(), 2);
    }

    function test_fileClaim_byApprovedAccount() public {
        vm.prank(alice);
        manager.approve(bob, coverId);
        uint256 bobBefore = usdc.balanceOf(bob);
        uint256 caseId = fileClaim(bob, coverId, 1_000e6, incidentTime);
        assertEq(claims.getCase(caseId).filer, bob, "filer is the approved account");
        assertEq(usdc.balanceOf(bob), bobBefore - CLAIM_DEPOSIT, "deposit from the filer");
        assertEq(manager.ownerOf(coverId), alice, "owner unchanged");
    }

    function test_fileClaim_byOperator() public {
        vm.prank(alice);
        manager.setApprovalForAll(bob, true);
        uint256 caseId = fileClaim(bob, coverId, 1_000e6, incidentTime);
        assertEq(claims.getCase(caseId).filer, bob);
    }

    function test_fileClaim_fullAmountAndLastSecondOfWindow() public {
        vm.warp(end + GRACE);
        uint256 caseId = fileClaim(alice, coverId, 10_000e6, end - 1);
        assertEq(claims.getCase(caseId).amount, 10_000e6);
    }

    // ---------------------------------------------------------------- errors

    function test_fileClaim_revertsWhen_EmptyEvidence() public {
        vm.prank(alice);
        vm.expectRevert(IClaimsManager.EmptyEvidence.selector);
        claims.fileClaim(coverId, 1_000e6, incidentTime, "");
    }

    function test_fileClaim_revertsWhen_ZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(ICoverManager.ZeroAmount.selector);
        claims.fileClaim(coverId, 0, incidentTime, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_UnknownCover() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownCover.selector, 999));
        claims.fileClaim(999, 1_000e6, incidentTime, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_NotCoverOwner() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotCoverOwner.selector, coverId, bob));
        claims.fileClaim(coverId, 1_000e6, incidentTime, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_PayoutExceedsCover() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PayoutExceedsCover.selector, coverId, 10_000e6 + 1, 10_000e6)
        );
        claims.fileClaim(coverId, 10_000e6 + 1, incidentTime, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_IncidentBeforeStart() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, start - 1, start, end)
        );
        claims.fileClaim(coverId, 1_000e6, start - 1, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_IncidentAtEnd() public {
        vm.warp(end + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, end, start, end));
        claims.fileClaim(coverId, 1_000e6, end, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_IncidentAfterEnd() public {
        vm.warp(end + 2 days);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, end + 1 days, start, end)
        );
        claims.fileClaim(coverId, 1_000e6, end + 1 days, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_IncidentInFuture() public {
        uint256 future = _now() + 1;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, coverId, future, start, end));
        claims.fileClaim(coverId, 1_000e6, future, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_InWaitingPeriod() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, coverId, start + WAITING - 1, start + WAITING)
        );
        claims.fileClaim(coverId, 1_000e6, start + WAITING - 1, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_ClaimWindowClosed() public {
        vm.warp(end + GRACE + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ClaimWindowClosed.selector, coverId, end + GRACE));
        claims.fileClaim(coverId, 1_000e6, incidentTime, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_ClaimAlreadyOpen() public {
        fileClaim(alice, coverId, 1_000e6, incidentTime);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.ClaimAlreadyOpen.selector, coverId));
        claims.fileClaim(coverId, 2_000e6, incidentTime, "ipfs://evidence");
        assertEq(claims.caseCount(), 1);
        assertEq(manager.openClaims(), 1);
    }

    function test_fileClaim_revertsWhen_NotClaimRoute() public {
        uint256 t0 = _now();
        (uint256 other,) = buy(alice, 10_000e6, 30 days); // default product: routes to `route`
        vm.warp(t0 + 2 days);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, productId, address(claims)));
        claims.fileClaim(other, 1_000e6, t0 + WAITING, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_InsufficientAllowance() public {
        vm.prank(alice);
        manager.transferFrom(alice, carol, coverId);
        usdc.faucet(carol, 1_000e6);
        vm.prank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(claims), 0, uint256(CLAIM_DEPOSIT)
            )
        );
        claims.fileClaim(coverId, 1_000e6, incidentTime, "ipfs://evidence");
        // Nothing stuck: no claim counted.
        assertEq(manager.openClaims(), 0);
        assertEq(manager.cover(coverId).flags & 4, 0);
    }

    function test_fileClaim_revertsWhen_InsufficientBalance() public {
        vm.prank(alice);
        manager.transferFrom(alice, carol, coverId);
        vm.prank(carol);
        usdc.approve(address(claims), type(uint256).max);
        vm.prank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, carol, 0, uint256(CLAIM_DEPOSIT))
        );
        claims.fileClaim(coverId, 1_000e6, incidentTime, "ipfs://evidence");
    }

    function test_fileClaim_revertsWhen_CoverCancelled() public {
        vm.prank(alice);
        manager.cancelCover(coverId, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotCoverOwner.selector, coverId, alice));
        claims.fileClaim(coverId, 1_000e6, incidentTime, "ipfs://evidence");
    }
}
