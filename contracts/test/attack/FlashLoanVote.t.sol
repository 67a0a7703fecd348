// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {ClaimsBase} from "../claims/ClaimsBase.sol";
import {Case, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";

/// @notice A minimal flash lender of BWK: lends its whole balance within one call, checks repayment.
contract BwkFlashLender {
    IERC20 internal immutable _token;

    error NotRepaid(uint256 before, uint256 afterwards);

    constructor(IERC20 token_) {
        _token = token_;
    }

    function flashLoan(address receiver, uint256 amount) external {
        uint256 before = _token.balanceOf(address(this));
        _token.transfer(receiver, amount);
        FlashVoter(receiver).onFlashLoan(amount);
        uint256 afterwards = _token.balanceOf(address(this));
        if (afterwards < before) revert NotRepaid(before, afterwards);
    }
}

/// @notice Borrows BWK, delegates to itself, votes on a case and repays, all in one transaction.
contract FlashVoter {
    IERC20 internal immutable _token;
    IClaimsManager internal immutable _claims;
    BwkFlashLender internal immutable _lender;
    bool internal immutable _catchVote;

    uint256 public caseId;
    bool public voteReverted;
    bytes public revertData;
    uint256 public votesWhileHolding;

    constructor(IERC20 token_, IClaimsManager claims_, BwkFlashLender lender_, bool catchVote_) {
        _token = token_;
        _claims = claims_;
        _lender = lender_;
        _catchVote = catchVote_;
    }

    function attack(uint256 caseId_, uint256 amount) external {
        caseId = caseId_;
        _lender.flashLoan(address(this), amount);
    }

    function onFlashLoan(uint256 amount) external {
        IVotes(address(_token)).delegate(address(this));
        votesWhileHolding = IVotes(address(_token)).getVotes(address(this));
        if (_catchVote) {
            try _claims.castVote(caseId, true) returns (uint256) {
                voteReverted = false;
            } catch (bytes memory err) {
                voteReverted = true;
                revertData = err;
            }
        } else {
            _claims.castVote(caseId, true);
        }
        _token.transfer(address(_lender), amount);
    }
}

contract FlashLoanVoteTest is ClaimsBase {
    BwkFlashLender internal lender;
    uint256 internal caseId;
    uint256 internal snapshot;
    uint256 internal constant LOAN = 35_000_000e18;

    function setUp() public override {
        super.setUp();
        lender = new BwkFlashLender(IERC20(address(token)));
        vm.prank(treasury);
        token.transfer(address(lender), LOAN);
        (uint256 coverId, uint256 incidentTime) = _coverPastWaiting(alice, 10_000e6);
        caseId = fileClaim(alice, coverId, 4_000e6, incidentTime);
        snapshot = claims.getCase(caseId).snapshot;
    }

    function test_flashLoanVote_reverts() public {
        FlashVoter attacker = new FlashVoter(IERC20(address(token)), claims, lender, false);
        vm.expectRevert(
            abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, caseId, address(attacker), snapshot)
        );
        attacker.attack(caseId, LOAN);
        Case memory c = claims.getCase(caseId);
        assertEq(c.forVotes, 0);
        assertEq(c.againstVotes, 0);
        assertEq(token.balanceOf(address(lender)), LOAN);
    }

    function test_flashLoanVote_caughtHasNoWeight() public {
        FlashVoter attacker = new FlashVoter(IERC20(address(token)), claims, lender, true);
        vm.warp(_now() + 1 hours); // later in the voting period, same result
        attacker.attack(caseId, LOAN);

        assertEq(attacker.votesWhileHolding(), LOAN, "had current votes during the loan");
        assertTrue(attacker.voteReverted(), "vote reverted");
        assertEq(
            attacker.revertData(),
            abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, caseId, address(attacker), snapshot)
        );
        Case memory c = claims.getCase(caseId);
        assertEq(c.forVotes, 0, "for unchanged");
        assertEq(c.againstVotes, 0, "against unchanged");
        (bool voted,,,) = claims.receipt(caseId, address(attacker));
        assertFalse(voted);
        assertEq(token.balanceOf(address(lender)), LOAN, "repaid");
        assertEq(token.balanceOf(address(attacker)), 0);
    }

    function test_flashLoanVote_cannotTipAClosedCase() public {
        // voter4 (5M) alone is below quorum; the flash loan's 35M cannot push it over.
        vote(voter4, caseId, true);
        FlashVoter attacker = new FlashVoter(IERC20(address(token)), claims, lender, true);
        attacker.attack(caseId, LOAN);
        vm.warp(claims.getCase(caseId).deadline);
        assertFalse(claims.resolve(caseId));
    }

    function test_tokensBoughtAndDelegatedInFilingBlock() public {
        // A new case filed in the same second the attacker receives and delegates tokens.
        address mallory = makeAddr("mallory");
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 5_000e6);
        vm.prank(address(lender));
        token.transfer(mallory, LOAN);
        vm.prank(mallory);
        token.delegate(mallory);
        uint256 case2 = fileClaim(bob, cover2, 1_000e6, t2);
        uint256 snap2 = _now() - 1;
        assertEq(token.getVotes(mallory), LOAN, "current votes");

        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, case2, mallory, snap2));
        claims.castVote(case2, true);
        // Still no weight later in the voting period.
        vm.warp(_now() + 1 days);
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, case2, mallory, snap2));
        claims.castVote(case2, true);
        assertEq(claims.getCase(case2).forVotes, 0);
    }

    function test_tokensBoughtAfterFilingInSameBlock() public {
        address mallory = makeAddr("mallory");
        (uint256 cover2, uint256 t2) = _coverPastWaiting(bob, 5_000e6);
        uint256 case2 = fileClaim(bob, cover2, 1_000e6, t2);
        vm.prank(address(lender));
        token.transfer(mallory, LOAN);
        vm.prank(mallory);
        token.delegate(mallory);
        vm.prank(mallory);
        vm.expectRevert(
            abi.encodeWithSelector(IClaimsManager.NoVotingPower.selector, case2, mallory, _now() - 1)
        );
        claims.castVote(case2, false);
        assertEq(claims.getCase(case2).againstVotes, 0);
    }
}
