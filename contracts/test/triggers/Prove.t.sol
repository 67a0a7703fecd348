// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TriggersBase} from "./TriggersBase.sol";
import {MockAggregator} from "../../src/mocks/MockAggregator.sol";
import {AggregatorV3Interface} from "../../src/interfaces/AggregatorV3Interface.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";
import {ITrigger} from "../../src/interfaces/ITrigger.sol";
import {DepegConfig, DepegState, IChainlinkDepegTrigger} from "../../src/interfaces/IChainlinkDepegTrigger.sol";

/// @notice ChainlinkDepegTrigger.prove: what proves a de-peg, and that bad data never does.
contract ProveTest is TriggersBase {
    function setUp() public override {
        super.setUp();
        vm.warp(T0 + 2 days);
    }

    // ---------------------------------------------------------------- success

    function test_prove_recordsEvent() public {
        (uint80 start, uint80 end, uint256 incidentTime) = _standardDepeg();
        vm.expectEmit(address(depeg));
        emit ITrigger.Triggered(1, depegProduct, bytes32(0), incidentTime, 0.08e18);
        vm.prank(keeper);
        uint256 eventId = depeg.prove(depegProduct, start, end);

        assertEq(eventId, 1, "first event");
        assertEq(depeg.eventCount(), 1, "event count");
        ITrigger.TriggerEvent memory e = depeg.getEvent(eventId);
        assertEq(e.productId, depegProduct, "product");
        assertEq(e.incidentTime, incidentTime, "incident time = start round's updatedAt");
        assertEq(e.provenAt, _now(), "proven now");
        assertEq(e.payoutWad, 0.08e18, "(1.00 - 0.92) / 1.00 at the completing round");
        assertEq(e.riskKey, bytes32(0), "product-wide");
        DepegState memory st = depeg.stateOf(depegProduct);
        assertTrue(st.disarmed, "disarmed");
        assertEq(st.minStartRound, end + 1, "next de-peg after the end round");
        assertEq(manager.productOpenIncidents(depegProduct), 1, "sales closed");
        assertTrue(depeg.isRiskTriggered(depegProduct, bytes32(0)), "triggered");
    }

    function test_prove_fixedPayout() public {
        DepegConfig memory c = defaultDepegConfig();
        (c.proportional, c.payoutWad) = (false, 0.3e18);
        vm.prank(admin);
        depeg.setConfig(depegProduct, c);
        (uint80 start, uint80 end,) = _standardDepeg();
        uint256 eventId = depeg.prove(depegProduct, start, end);
        assertEq(depeg.getEvent(eventId).payoutWad, 0.3e18, "fixed share");
    }

    function test_prove_capsProportionalPayout() public {
        uint256 t = _now();
        _push(PEG, t);
        uint80 start = _push(0.5e8, t + 1);
        uint80 end = _push(0.2e8, t + 1 + DURATION);
        vm.warp(t + 1 days);
        uint256 eventId = depeg.prove(depegProduct, start, end);
        assertEq(depeg.getEvent(eventId).payoutWad, CAP_WAD, "80% shortfall capped at 50%");
    }

    function test_prove_startAtFeedFirstRound() public {
        MockAggregator fresh = new MockAggregator(8, "USDC / USD", 0.9e8);
        uint256 t = _now();
        fresh.pushRound(0.9e8, t + DURATION, t + DURATION);
        DepegConfig memory c = defaultDepegConfig();
        c.feed = AggregatorV3Interface(address(fresh));
        vm.prank(admin);
        depeg.setConfig(depegProduct, c);
        vm.warp(t + 1 days);
        uint256 eventId = depeg.prove(depegProduct, 1, 2);
        assertEq(depeg.getEvent(eventId).incidentTime, t, "first round starts the de-peg");
    }

    // ---------------------------------------------------------------- determinism

    function test_prove_revertsWhenEndNotFirstCompleting() public {
        (uint80 start, uint80 end,) = _standardDepeg();
        vm.expectRevert(
            abi.encodeWithSelector(
                IChainlinkDepegTrigger.NotFirstCompletingRound.selector, end, T0 + 2 days + 70 minutes
            )
        );
        depeg.prove(depegProduct, start, end + 1);
    }

    function test_prove_revertsWhenDurationNotMet() public {
        (uint80 start, uint80 end, uint256 incidentTime) = _standardDepeg();
        vm.expectRevert(
            abi.encodeWithSelector(
                IChainlinkDepegTrigger.DurationNotMet.selector, incidentTime, incidentTime + 30 minutes, DURATION
            )
        );
        depeg.prove(depegProduct, start, end - 1);
    }

    function test_prove_revertsWhenNotDepegStart() public {
        (uint80 start, uint80 end,) = _standardDepeg();
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.NotDepegStart.selector, start + 1, 0.94e8));
        depeg.prove(depegProduct, start + 1, end + 1);
    }

    function test_prove_revertsWhenRoundAboveThreshold() public {
        uint256 t = _now();
        _push(PEG, t);
        uint80 start = _push(0.94e8, t + 1);
        uint80 mid = _push(THRESHOLD, t + 30 minutes);
        uint80 end = _push(0.93e8, t + 2 hours);
        vm.warp(t + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(IChainlinkDepegTrigger.AboveThreshold.selector, mid, THRESHOLD, THRESHOLD)
        );
        depeg.prove(depegProduct, start, end);
        _assertNoProof(1, end);
    }

    function test_prove_revertsWhenTooManyRounds() public {
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.TooManyRounds.selector, 501, 500));
        depeg.prove(depegProduct, 2, 501);
    }

    function test_prove_revertsWhenRangeBackwards() public {
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.InvalidRange.selector, 3, 2));
        depeg.prove(depegProduct, 3, 2);
    }

    function test_prove_revertsWhenNotConfigured() public {
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.NotConfigured.selector, flightProduct));
        depeg.prove(flightProduct, 1, 2);
    }

    // ---------------------------------------------------------------- bad data never triggers

    /// @dev A gap longer than the heartbeat inside the de-peg: no pair of rounds proves it.
    function testFuzz_prove_staleRoundNeverTriggers(uint256 gap) public {
        gap = bound(gap, uint256(HEARTBEAT) + 1, 30 days);
        uint256 t = _now();
        _push(PEG, t);
        uint80 start = _push(0.94e8, t + 10 minutes);
        uint80 stale = _push(0.93e8, t + 10 minutes + gap);
        _push(0.92e8, t + 10 minutes + gap + 1 hours);
        uint80 last = _push(0.91e8, t + 10 minutes + gap + 2 hours);
        vm.warp(t + gap + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IChainlinkDepegTrigger.StaleRound.selector, stale, t + 10 minutes + gap, t + 10 minutes, HEARTBEAT
            )
        );
        depeg.prove(depegProduct, start, stale);
        _assertNoProof(1, last);
    }

    /// @dev A round dated after now: never triggers, whatever its answer.
    function testFuzz_prove_futureRoundNeverTriggers(uint256 ahead) public {
        ahead = bound(ahead, 1, 365 days);
        uint256 t = _now();
        _push(PEG, t);
        uint80 start = _push(0.94e8, t + 10 minutes);
        _push(0.93e8, t + 40 minutes);
        vm.warp(t + 60 minutes);
        uint80 future = _push(0.92e8, t + 70 minutes + ahead);
        vm.warp(t + 70 minutes);
        vm.expectRevert(
            abi.encodeWithSelector(IChainlinkDepegTrigger.FutureRound.selector, future, t + 70 minutes + ahead)
        );
        depeg.prove(depegProduct, start, future);
        _assertNoProof(1, future);
    }

    function testFuzz_prove_nonPositiveAnswerNeverTriggers(int256 answer) public {
        answer = bound(answer, type(int256).min, 0);
        (uint80 start, uint80 end) = _depegWith(answer);
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.NonPositiveAnswer.selector, start + 1, answer));
        depeg.prove(depegProduct, start, end);
        _assertNoProof(1, end + 1);
    }

    function testFuzz_prove_outOfBoundsAnswerNeverTriggers(int256 answer) public {
        answer = bound(answer, 1, 0.01e8 - 1);
        (uint80 start, uint80 end) = _depegWith(answer);
        vm.expectRevert(
            abi.encodeWithSelector(IChainlinkDepegTrigger.AnswerOutOfBounds.selector, start + 1, answer, 0.01e8, 2e8)
        );
        depeg.prove(depegProduct, start, end);
        _assertNoProof(1, end + 1);
    }

    function testFuzz_prove_sequencerDownNeverTriggers(int256 status) public {
        status = bound(status, 1, type(int256).max);
        _withSequencer(status, T0); // down, whatever its uptime
        (uint80 start, uint80 end,) = _standardDepeg();
        vm.expectRevert(IChainlinkDepegTrigger.SequencerDown.selector);
        depeg.prove(depegProduct, start, end);
        _assertNoProof(1, end + 1);
    }

    /// @dev The sequencer came back up less than the grace period (1 hour) before the de-peg's start.
    function testFuzz_prove_sequencerGracePeriodNeverTriggers(uint256 upSince) public {
        uint256 startTime = _now() + 10 minutes;
        upSince = bound(upSince, startTime - 1 hours + 1, startTime + 70 minutes);
        _withSequencer(0, upSince);
        (uint80 start, uint80 end,) = _standardDepeg();
        vm.expectRevert(
            abi.encodeWithSelector(
                IChainlinkDepegTrigger.SequencerGracePeriod.selector, upSince, upSince + 1 hours, startTime
            )
        );
        depeg.prove(depegProduct, start, end);
        _assertNoProof(1, end + 1);
    }

    function test_prove_sequencerUpPastGrace() public {
        _withSequencer(0, _now() + 10 minutes - 1 hours);
        (uint80 start, uint80 end,) = _standardDepeg();
        assertEq(depeg.prove(depegProduct, start, end), 1, "proved");
    }

    /// @dev A dip that recovers less than `minDuration` after it started, with any number of rounds.
    function testFuzz_prove_shortDipNeverTriggers(uint256 duration, uint256 rounds) public {
        duration = bound(duration, 1, DURATION - 1);
        rounds = bound(rounds, 1, 6);
        uint256 t = _now();
        _push(PEG, t);
        for (uint256 i = 0; i < rounds; ++i) {
            _push(0.94e8 - int256(i) * 0.01e8, t + 1 + duration * i / rounds);
        }
        uint80 last = _push(THRESHOLD, t + 1 + duration);
        _push(0.9e8, t + 1 + duration + HEARTBEAT);
        vm.warp(t + 2 days);
        _assertNoProof(1, last + 1);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev The standard de-peg with the second de-pegged round answering `answer`.
    function _depegWith(int256 answer) internal returns (uint80 start, uint80 end) {
        uint256 t = _now();
        _push(PEG, t);
        start = _push(0.94e8, t + 10 minutes);
        _push(answer, t + 40 minutes);
        end = _push(0.92e8, t + 70 minutes);
        _push(0.91e8, t + 80 minutes);
        vm.warp(t + 2 hours);
    }

    function _withSequencer(int256 status, uint256 upSince) internal returns (MockAggregator sequencer) {
        sequencer = new MockAggregator(0, "L2 Sequencer Uptime Status Feed", status);
        sequencer.pushRound(status, upSince, upSince > _now() ? upSince : _now());
        DepegConfig memory c = defaultDepegConfig();
        c.sequencerFeed = AggregatorV3Interface(address(sequencer));
        c.sequencerGracePeriod = 1 hours;
        vm.prank(admin);
        depeg.setConfig(depegProduct, c);
    }
}
