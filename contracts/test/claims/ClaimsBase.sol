// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UnitBase} from "../unit/UnitBase.sol";
import {BulwarkToken} from "../../src/governance/BulwarkToken.sol";
import {ClaimsManager} from "../../src/claims/ClaimsManager.sol";
import {BuyCoverParams, ICoverManager, ProductParams} from "../../src/interfaces/ICoverManager.sol";
import {Case, CaseStatus, ClaimsParams, IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";

/// @notice The core of BaseTest plus a BulwarkToken held by four voters (self-delegated) and a
/// ClaimsManager that is the claim route of product `claimsProduct`. `admin` stands in for the
/// Timelock (the full Governor path is in test/governance).
abstract contract ClaimsBase is UnitBase {
    BulwarkToken internal token;
    ClaimsManager internal claims;
    uint256 internal claimsProduct;

    address internal voter1 = makeAddr("voter1");
    address internal voter2 = makeAddr("voter2");
    address internal voter3 = makeAddr("voter3");
    address internal voter4 = makeAddr("voter4");
    address internal treasury = makeAddr("treasury");
    address internal reporter = makeAddr("reporter");

    uint256 internal constant SUPPLY = 100_000_000e18;
    uint32 internal constant VOTING_PERIOD = 3 days;
    uint32 internal constant CHALLENGE_PERIOD = 2 days;
    uint32 internal constant PAYOUT_WINDOW = 7 days;
    uint64 internal constant QUORUM = 0.1e18; // 10% of the supply
    uint64 internal constant VOTER_FEE = 0.2e18; // 20% of an accepted case's deposit
    uint88 internal constant CLAIM_DEPOSIT = 100e6;
    uint88 internal constant INCIDENT_BOND = 1_000e6;

    function setUp() public virtual override {
        super.setUp();
        address[] memory holders = new address[](5);
        uint256[] memory amounts = new uint256[](5);
        (holders[0], amounts[0]) = (voter1, 30_000_000e18);
        (holders[1], amounts[1]) = (voter2, 20_000_000e18);
        (holders[2], amounts[2]) = (voter3, 10_000_000e18);
        (holders[3], amounts[3]) = (voter4, 5_000_000e18);
        (holders[4], amounts[4]) = (treasury, 35_000_000e18);
        token = BulwarkToken(vm.deployCode("BulwarkToken.sol:BulwarkToken", abi.encode(holders, amounts)));
        for (uint256 i = 0; i < 4; ++i) {
            vm.prank(holders[i]);
            token.delegate(holders[i]);
        }
        claims = ClaimsManager(
            vm.deployCode(
                "ClaimsManager.sol:ClaimsManager",
                abi.encode(address(manager), address(token), admin, guardian, defaultClaimsParams())
            )
        );
        ProductParams memory p = defaultProductParams();
        p.claimRoute = address(claims);
        claimsProduct = _listProduct(p);

        for (uint256 i = 0; i < 2; ++i) {
            address who = [alice, bob][i];
            vm.prank(who);
            usdc.approve(address(claims), type(uint256).max);
        }
        usdc.faucet(reporter, 100_000e6);
        vm.prank(reporter);
        usdc.approve(address(claims), type(uint256).max);
        // Checkpoints are in the past for every case filed from here on.
        vm.warp(vm.getBlockTimestamp() + 1);
    }

    function defaultClaimsParams() internal view returns (ClaimsParams memory) {
        return ClaimsParams({
            votingPeriod: VOTING_PERIOD,
            challengePeriod: CHALLENGE_PERIOD,
            payoutWindow: PAYOUT_WINDOW,
            quorumWad: QUORUM,
            voterFeeWad: VOTER_FEE,
            claimDeposit: CLAIM_DEPOSIT,
            incidentBond: INCIDENT_BOND,
            treasury: treasury
        });
    }

    /// @dev Buys `amount` of cover on the claims product for `buyer`, for `period`.
    function buyClaimable(address buyer, uint256 amount, uint256 period) internal returns (uint256 coverId) {
        vm.prank(buyer);
        (coverId,) = manager.buyCover(
            BuyCoverParams({
                productId: claimsProduct,
                riskKey: bytes32(0),
                amount: amount,
                period: period,
                maxPremium: type(uint256).max,
                recipient: buyer
            })
        );
    }

    function fileClaim(address claimant, uint256 coverId, uint256 amount, uint256 incidentTime)
        internal
        returns (uint256 caseId)
    {
        vm.prank(claimant);
        return claims.fileClaim(coverId, amount, incidentTime, "ipfs://evidence");
    }

    function report(uint256 incidentTime, uint256 payoutWad) internal returns (uint256 caseId) {
        vm.prank(reporter);
        return claims.reportIncident(claimsProduct, incidentTime, payoutWad, "ipfs://incident");
    }

    function vote(address voter, uint256 caseId, bool support) internal returns (uint256) {
        vm.prank(voter);
        return claims.castVote(caseId, support);
    }

    /// @dev voter1 and voter2 (50% of the supply) vote yes, then voting ends and the case resolves.
    function acceptCase(uint256 caseId) internal {
        vote(voter1, caseId, true);
        vote(voter2, caseId, true);
        vm.warp(claims.getCase(caseId).deadline);
        assertTrue(claims.resolve(caseId), "accepted");
    }

    /// @dev Accepts `caseId` and waits out its challenge period.
    function acceptAndWait(uint256 caseId) internal {
        acceptCase(caseId);
        vm.warp(claims.getCase(caseId).deadline);
    }

    function statusOf(uint256 caseId) internal view returns (CaseStatus) {
        return claims.getCase(caseId).status;
    }

    // ---------------------------------------------------------------- added helpers

    address internal carol = makeAddr("carol");

    /// @dev The current block time, read through the cheatcode: with via-IR, `block.timestamp` kept in
    /// a local can be re-read after a `vm.warp` in the same function.
    function _now() internal view returns (uint256) {
        return vm.getBlockTimestamp();
    }

    function assertStatus(uint256 caseId, CaseStatus expected) internal view {
        assertEq(uint256(statusOf(caseId)), uint256(expected), "case status");
    }

    /// @dev Buys `amount` of 30-day cover on the claims product for `owner` now and waits 2 days (past
    /// the 1-day waiting period). `incidentTime` is the end of the waiting period (start + 1 day).
    function _coverPastWaiting(address owner, uint256 amount) internal returns (uint256 coverId, uint256 incidentTime) {
        uint256 start = _now();
        coverId = buyClaimable(owner, amount, 30 days);
        vm.warp(start + 2 days);
        incidentTime = start + WAITING;
    }

    /// @dev Buys cover on any product for `buyer`.
    function _buyOn(uint256 product, address buyer, uint256 amount, uint256 period) internal returns (uint256 coverId) {
        vm.prank(buyer);
        (coverId,) = manager.buyCover(
            BuyCoverParams({
                productId: product,
                riskKey: bytes32(0),
                amount: amount,
                period: period,
                maxPremium: type(uint256).max,
                recipient: buyer
            })
        );
    }

    /// @dev Lists another product routed to the ClaimsManager.
    function _listClaimsProduct() internal returns (uint256) {
        ProductParams memory p = defaultProductParams();
        p.claimRoute = address(claims);
        return _listProduct(p);
    }

    function _ids(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory r) {
        r = new uint256[](3);
        r[0] = a;
        r[1] = b;
        r[2] = c;
    }
}
