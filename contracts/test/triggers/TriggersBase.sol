// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UnitBase} from "../unit/UnitBase.sol";
import {MockAggregator} from "../../src/mocks/MockAggregator.sol";
import {AggregatorV3Interface} from "../../src/interfaces/AggregatorV3Interface.sol";
import {BuyCoverParams, PayoutRule, ProductParams} from "../../src/interfaces/ICoverManager.sol";
import {DepegConfig} from "../../src/interfaces/IChainlinkDepegTrigger.sol";
import {Report} from "../../src/interfaces/ISignedReportTrigger.sol";
import {ChainlinkDepegTrigger} from "../../src/triggers/ChainlinkDepegTrigger.sol";
import {SignedReportTrigger} from "../../src/triggers/SignedReportTrigger.sol";

/// @notice The core of BaseTest (a CoverManager whose pool holds 1,000,000 USDC of deposits) plus:
/// - a USDC/USD MockAggregator (8 decimals, round 1 = $1.00 at T0) and a ChainlinkDepegTrigger that is
///   the claim route of `depegProduct` (below $0.95 for 1 hour, re-arm at $0.98, heartbeat 1 day,
///   proportional payout from $1.00 capped at 50%, payout window 7 days);
/// - a SignedReportTrigger, claim route of `flightProduct`, with signers 1..3 (threshold 2), tiers
///   1 = 10%, 2 = 50%, 3 = 100%, a 1-day dispute window.
/// `admin` stands in for the governance timelock.
abstract contract TriggersBase is UnitBase {
    MockAggregator internal feed;
    ChainlinkDepegTrigger internal depeg;
    SignedReportTrigger internal reports;
    uint256 internal depegProduct;
    uint256 internal flightProduct;

    int256 internal constant PEG = 1e8;
    int256 internal constant THRESHOLD = 0.95e8;
    int256 internal constant RECOVER = 0.98e8;
    uint32 internal constant HEARTBEAT = 1 days;
    uint32 internal constant DURATION = 1 hours;
    uint32 internal constant PAYOUT_WINDOW = 7 days;
    uint64 internal constant CAP_WAD = 0.5e18;
    uint32 internal constant DISPUTE = 1 days;

    address internal signer1;
    address internal signer2;
    address internal signer3;
    uint256 internal key1;
    uint256 internal key2;
    uint256 internal key3;
    address internal keeper = makeAddr("keeper");
    address internal carol = makeAddr("carol");

    bytes32 internal constant FLIGHT = keccak256(bytes("flight:BA117:2026-12-01"));
    bytes32 internal constant OTHER_FLIGHT = keccak256(bytes("flight:LH400:2026-12-01"));

    function setUp() public virtual override {
        super.setUp();
        feed = new MockAggregator(8, "USDC / USD", PEG);
        depeg = ChainlinkDepegTrigger(
            vm.deployCode(
                "ChainlinkDepegTrigger.sol:ChainlinkDepegTrigger", abi.encode(address(manager), admin, guardian)
            )
        );
        reports = SignedReportTrigger(
            vm.deployCode("SignedReportTrigger.sol:SignedReportTrigger", abi.encode(address(manager), admin, guardian))
        );

        ProductParams memory p = defaultProductParams();
        p.claimRoute = address(depeg);
        p.payoutRule = PayoutRule.TriggerProportional;
        depegProduct = _listProduct(p);
        p.claimRoute = address(reports);
        p.payoutRule = PayoutRule.TriggerFixed;
        flightProduct = _listProduct(p);

        vm.prank(admin);
        depeg.setConfig(depegProduct, defaultDepegConfig());

        usdc.faucet(carol, 1_000_000e6);
        vm.prank(carol);
        usdc.approve(address(manager), type(uint256).max);

        (signer1, key1) = makeAddrAndKey("signer1");
        (signer2, key2) = makeAddrAndKey("signer2");
        (signer3, key3) = makeAddrAndKey("signer3");
        // Sorted by address, so tests can pick signatures in order.
        _sortSigners();
        address[] memory added = new address[](3);
        (added[0], added[1], added[2]) = (signer1, signer2, signer3);
        vm.startPrank(admin);
        reports.updateSigners(added, new address[](0), 2);
        uint64[] memory tiers = new uint64[](3);
        (tiers[0], tiers[1], tiers[2]) = (0.1e18, 0.5e18, 1e18);
        reports.setProductTerms(flightProduct, tiers, DISPUTE, PAYOUT_WINDOW);
        vm.stopPrank();
    }

    function defaultDepegConfig() internal view returns (DepegConfig memory) {
        return DepegConfig({
            feed: AggregatorV3Interface(address(feed)),
            heartbeat: HEARTBEAT,
            minDuration: DURATION,
            payoutWindow: PAYOUT_WINDOW,
            sequencerFeed: AggregatorV3Interface(address(0)),
            sequencerGracePeriod: 0,
            proportional: true,
            payoutWad: CAP_WAD,
            minAnswer: 0.01e8,
            maxAnswer: 2e8,
            threshold: int128(THRESHOLD),
            recoverPrice: int128(RECOVER),
            referencePrice: int128(PEG)
        });
    }

    // ---------------------------------------------------------------- time and feed

    /// @dev The current block time, read through the cheatcode (via-IR may reuse a stale
    /// `block.timestamp` after `vm.warp`).
    function _now() internal view returns (uint256) {
        return vm.getBlockTimestamp();
    }

    /// @dev Pushes a round answered `answer` at `time` and returns its id.
    function _push(int256 answer, uint256 time) internal returns (uint80) {
        feed.pushRound(answer, time, time);
        return feed.latestRound();
    }

    /// @dev From now: a round at $1.00, then a de-peg to $0.94 (start) lasting 70 minutes over rounds
    /// at +0, +30, +60 (completes the hour: $0.92) and +70 minutes, then warps past the last.
    /// Returns the start and end rounds and the incident time.
    function _standardDepeg() internal returns (uint80 start, uint80 end, uint256 incidentTime) {
        uint256 t = _now();
        _push(PEG, t);
        start = _push(0.94e8, t + 10 minutes);
        _push(0.93e8, t + 40 minutes);
        end = _push(0.92e8, t + 70 minutes);
        _push(0.91e8, t + 80 minutes);
        incidentTime = t + 10 minutes;
        vm.warp(t + 2 hours);
    }

    /// @dev Expects that no (start, end) pair among rounds `from..to` proves a de-peg.
    function _assertNoProof(uint80 from, uint80 to) internal {
        for (uint80 s = from; s <= to; ++s) {
            for (uint80 e = s; e <= to; ++e) {
                try depeg.prove(depegProduct, s, e) returns (uint256) {
                    assertTrue(false, string.concat("proved from ", vm.toString(s), " to ", vm.toString(e)));
                } catch {}
            }
        }
        assertEq(depeg.eventCount(), 0, "no event");
    }

    // ---------------------------------------------------------------- covers

    function _buyOn(uint256 product, bytes32 riskKey, address buyer, uint256 amount, uint256 period)
        internal
        returns (uint256 coverId)
    {
        vm.prank(buyer);
        (coverId,) = manager.buyCover(
            BuyCoverParams({
                productId: product,
                riskKey: riskKey,
                amount: amount,
                period: period,
                maxPremium: type(uint256).max,
                recipient: buyer
            })
        );
    }

    function _buyDepeg(address buyer, uint256 amount) internal returns (uint256) {
        return _buyOn(depegProduct, bytes32(0), buyer, amount, 60 days);
    }

    // ---------------------------------------------------------------- reports

    function _report(bytes32 riskKey, uint256 eventTime, uint8 tier, uint256 nonce)
        internal
        view
        returns (Report memory)
    {
        return Report({
            productId: flightProduct,
            riskKey: riskKey,
            eventTime: uint64(eventTime),
            observedValue: 130,
            tier: tier,
            nonce: nonce
        });
    }

    function _sign(uint256 key, Report memory r) internal view returns (bytes memory) {
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(key, reports.reportDigest(r));
        return abi.encodePacked(rr, s, v);
    }

    /// @dev Signatures of signer1 and signer2 (sorted).
    function _sigs2(Report memory r) internal view returns (bytes[] memory sigs) {
        sigs = new bytes[](2);
        sigs[0] = _sign(key1, r);
        sigs[1] = _sign(key2, r);
    }

    function _submit(Report memory r) internal returns (uint256) {
        vm.prank(keeper);
        return reports.submitReport(r, _sigs2(r));
    }

    function _sortSigners() private {
        address[3] memory a = [signer1, signer2, signer3];
        uint256[3] memory k = [key1, key2, key3];
        for (uint256 i = 0; i < 3; ++i) {
            for (uint256 j = i + 1; j < 3; ++j) {
                if (a[j] < a[i]) {
                    (a[i], a[j]) = (a[j], a[i]);
                    (k[i], k[j]) = (k[j], k[i]);
                }
            }
        }
        (signer1, signer2, signer3) = (a[0], a[1], a[2]);
        (key1, key2, key3) = (k[0], k[1], k[2]);
    }
}
