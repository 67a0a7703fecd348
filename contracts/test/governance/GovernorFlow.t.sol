// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ClaimsBase} from "../claims/ClaimsBase.sol";
import {BulwarkGovernor} from "../../src/governance/BulwarkGovernor.sol";
import {ProductParams} from "../../src/interfaces/ICoverManager.sol";
import {CaseStatus, ClaimsParams} from "../../src/interfaces/IClaimsManager.sol";

/// @notice Token holders govern the protocol end to end: proposals pass the Governor, wait in the
/// Timelock, and the Timelock (holding every admin role) changes the parameters.
contract GovernorFlowTest is ClaimsBase {
    TimelockController internal timelock;
    BulwarkGovernor internal governor;

    uint256 internal constant TIMELOCK_DELAY = 2 days;
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant GOV_VOTING_PERIOD = 5 days;
    uint256 internal constant THRESHOLD = 100_000e18;
    bytes32 internal constant ADMIN_ROLE = 0x00;

    function setUp() public override {
        super.setUp();
        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1); // address(0): anyone executes
        timelock = new TimelockController(TIMELOCK_DELAY, none, anyone, address(this));
        governor = BulwarkGovernor(
            payable(
                vm.deployCode(
                    "BulwarkGovernor.sol:BulwarkGovernor",
                    abi.encode(address(token), address(timelock), VOTING_DELAY, GOV_VOTING_PERIOD, THRESHOLD, 4)
                )
            )
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.renounceRole(ADMIN_ROLE, address(this));

        // Every admin role moves to the Timelock; the deployer (`admin`) keeps nothing.
        IAccessControl[3] memory targets =
            [IAccessControl(address(manager)), IAccessControl(address(pool)), IAccessControl(address(claims))];
        for (uint256 i = 0; i < targets.length; ++i) {
            vm.startPrank(admin);
            targets[i].grantRole(ADMIN_ROLE, address(timelock));
            targets[i].renounceRole(ADMIN_ROLE, admin);
            vm.stopPrank();
        }
    }

    /// @dev Proposes one call from voter1, passes it with voter1 and voter2, queues and executes it.
    function _govern(address target, bytes memory data, string memory description) internal returns (uint256 id) {
        address[] memory targets = new address[](1);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        (targets[0], calldatas[0]) = (target, data);
        vm.prank(voter1);
        id = governor.propose(targets, values, calldatas, description);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Pending), "pending");

        vm.warp(_now() + VOTING_DELAY + 1);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Active), "active");
        vm.prank(voter1);
        governor.castVote(id, 1); // for
        vm.prank(voter2);
        governor.castVote(id, 1);
        vm.prank(voter4);
        governor.castVote(id, 0); // against

        vm.warp(_now() + GOV_VOTING_PERIOD);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Succeeded), "succeeded");
        bytes32 descriptionHash = keccak256(bytes(description));
        governor.queue(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Queued), "queued");

        vm.expectRevert(); // the Timelock's delay has not passed
        governor.execute(targets, values, calldatas, descriptionHash);
        vm.warp(_now() + TIMELOCK_DELAY);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Executed), "executed");
    }

    function test_governor_readableByTools() public {
        // The quorum fraction is checkpointed from the governor's deployment on.
        vm.warp(_now() + 1);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp", "EIP-6372 mode");
        assertEq(governor.clock(), _now(), "timestamp clock");
        assertEq(token.CLOCK_MODE(), "mode=timestamp", "token clock");
        assertEq(governor.votingDelay(), VOTING_DELAY, "voting delay");
        assertEq(governor.votingPeriod(), GOV_VOTING_PERIOD, "voting period");
        assertEq(governor.proposalThreshold(), THRESHOLD, "threshold");
        assertEq(governor.quorum(_now() - 1), SUPPLY * 4 / 100, "4% quorum");
        assertEq(governor.timelock(), address(timelock), "timelock");
        assertEq(governor.COUNTING_MODE(), "support=bravo&quorum=for,abstain", "counting");
    }

    function test_roles_heldByTheTimelockOnly() public view {
        assertTrue(manager.hasRole(ADMIN_ROLE, address(timelock)), "manager");
        assertTrue(pool.hasRole(ADMIN_ROLE, address(timelock)), "pool");
        assertTrue(claims.hasRole(ADMIN_ROLE, address(timelock)), "claims");
        assertFalse(manager.hasRole(ADMIN_ROLE, admin), "deployer left the manager");
        assertFalse(pool.hasRole(ADMIN_ROLE, admin), "deployer left the pool");
        assertFalse(claims.hasRole(ADMIN_ROLE, admin), "deployer left the claims");
        assertFalse(timelock.hasRole(ADMIN_ROLE, address(this)), "deployer left the timelock");
        assertTrue(timelock.hasRole(ADMIN_ROLE, address(timelock)), "timelock administers itself");
    }

    /// @notice The issue's end-to-end case: a proposal changes a product's base rate.
    function test_proposal_changesBaseRate() public {
        ProductParams memory p = manager.product(claimsProduct);
        assertEq(p.baseRateWad, BASE_RATE, "before");
        uint256 quoteBefore = manager.quote(claimsProduct, 10_000e6, 30 days);
        p.baseRateWad = 0.05e18;
        _govern(
            address(manager),
            abi.encodeCall(manager.updateProduct, (claimsProduct, p)),
            "Raise the base rate of the claims product to 5%"
        );
        assertEq(manager.product(claimsProduct).baseRateWad, 0.05e18, "after");
        assertGt(manager.quote(claimsProduct, 10_000e6, 30 days), quoteBefore * 2, "quotes follow");
    }

    function test_proposal_failsWithoutQuorum() public {
        address[] memory targets = new address[](1);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        (targets[0], calldatas[0]) = (address(manager), abi.encodeCall(manager.setCancelFee, (0.2e18)));
        vm.prank(voter4);
        uint256 id = governor.propose(targets, values, calldatas, "cancel fee");
        vm.warp(_now() + VOTING_DELAY + 1);
        // 5% of the supply votes against; the quorum (4%) counts only for and abstain votes.
        vm.prank(voter4);
        governor.castVote(id, 0);
        vm.warp(_now() + GOV_VOTING_PERIOD);
        assertEq(uint8(governor.state(id)), uint8(IGovernor.ProposalState.Defeated), "defeated");
    }

    function test_proposal_belowThresholdReverts() public {
        address nobody = makeAddr("nobody");
        address[] memory targets = new address[](1);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        targets[0] = address(manager);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernor.GovernorInsufficientProposerVotes.selector, nobody, 0, THRESHOLD)
        );
        vm.prank(nobody);
        governor.propose(targets, values, calldatas, "x");
    }

    function test_proposal_setsClaimsParams() public {
        ClaimsParams memory p = claims.params();
        p.claimDeposit = 250e6;
        p.votingPeriod = 4 days;
        _govern(address(claims), abi.encodeCall(claims.setParams, (p)), "Claims: 250 USDC deposit, 4-day votes");
        assertEq(claims.params().claimDeposit, 250e6, "deposit");
        assertEq(claims.params().votingPeriod, 4 days, "voting period");
    }

    function test_proposal_replacesTheGuardian() public {
        address newGuardian = makeAddr("newGuardian");
        bytes32 role = manager.GUARDIAN_ROLE();
        address[] memory targets = new address[](2);
        uint256[] memory values = new uint256[](2);
        bytes[] memory calldatas = new bytes[](2);
        (targets[0], calldatas[0]) = (address(manager), abi.encodeCall(manager.revokeRole, (role, guardian)));
        (targets[1], calldatas[1]) = (address(manager), abi.encodeCall(manager.grantRole, (role, newGuardian)));
        vm.prank(voter1);
        uint256 id = governor.propose(targets, values, calldatas, "New guardian");
        vm.warp(_now() + VOTING_DELAY + 1);
        vm.prank(voter1);
        governor.castVote(id, 1);
        vm.warp(_now() + GOV_VOTING_PERIOD);
        governor.queue(targets, values, calldatas, keccak256("New guardian"));
        vm.warp(_now() + TIMELOCK_DELAY);
        governor.execute(targets, values, calldatas, keccak256("New guardian"));

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, role)
        );
        vm.prank(guardian);
        manager.pauseSales(_ids(claimsProduct), 1 days);
        vm.prank(newGuardian);
        manager.pauseSales(_ids(claimsProduct), 1 days);
        assertEq(manager.productPausedUntil(claimsProduct), _now() + 1 days, "new guardian paused");
    }

    /// @notice An accepted claim the guardian escalates waits for governance, which rejects it by proposal.
    function test_proposal_decidesAnEscalatedClaim() public {
        uint256 coverId = buyClaimable(alice, 10_000e6, 60 days);
        vm.warp(_now() + 2 days);
        uint256 caseId = fileClaim(alice, coverId, 5_000e6, _now() - 1);
        acceptCase(caseId);
        vm.prank(guardian);
        claims.escalate(caseId);
        assertEq(uint8(statusOf(caseId)), uint8(CaseStatus.Escalated), "escalated");

        uint256 aliceBefore = usdc.balanceOf(alice);
        _govern(address(claims), abi.encodeCall(claims.decide, (caseId, false)), "Reject claim: evidence forged");
        assertEq(uint8(statusOf(caseId)), uint8(CaseStatus.Overturned), "overturned by governance");
        assertEq(usdc.balanceOf(alice), aliceBefore, "nothing paid");
        assertEq(manager.openClaims(), 0, "claim closed in the manager");
    }
}
