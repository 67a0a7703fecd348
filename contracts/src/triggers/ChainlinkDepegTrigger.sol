// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {ICoverManager} from "../interfaces/ICoverManager.sol";
import {DepegConfig, DepegState, IChainlinkDepegTrigger} from "../interfaces/IChainlinkDepegTrigger.sol";
import {WAD} from "../libraries/Constants.sol";
import {TriggerBase} from "./TriggerBase.sol";

/// @title ChainlinkDepegTrigger
/// @notice Proves de-pegs from Chainlink price feeds and pays the covers of the de-pegged products; see
/// IChainlinkDepegTrigger.
contract ChainlinkDepegTrigger is IChainlinkDepegTrigger, TriggerBase {
    /// @inheritdoc IChainlinkDepegTrigger
    uint256 public constant MAX_ROUNDS = 500;

    // Parameter bounds.
    uint256 internal constant MIN_HEARTBEAT = 1 minutes;
    uint256 internal constant MAX_HEARTBEAT = 7 days;
    uint256 internal constant MAX_DURATION = 30 days;
    uint256 internal constant MAX_GRACE = 1 days;

    mapping(uint256 productId => DepegConfig) internal _configs;
    mapping(uint256 productId => DepegState) internal _states;

    constructor(ICoverManager manager_, address admin, address guardian) TriggerBase(manager_, admin, guardian) {}

    // ================================================================ proofs

    /// @inheritdoc IChainlinkDepegTrigger
    function prove(uint256 productId, uint80 startRoundId, uint80 endRoundId)
        external
        nonReentrant
        returns (uint256 eventId)
    {
        DepegConfig memory c = _configOf(productId);
        DepegState memory st = _states[productId];
        if (st.disarmed) revert NotArmed(productId);
        if (startRoundId == 0 || endRoundId < startRoundId) revert InvalidRange(startRoundId, endRoundId);
        if (startRoundId < st.minStartRound) revert RoundTooEarly(startRoundId, st.minStartRound);
        uint256 rounds = uint256(endRoundId) - startRoundId + 2; // with the round before the start
        if (rounds > MAX_ROUNDS) revert TooManyRounds(rounds, MAX_ROUNDS);

        int256 threshold = c.threshold;
        uint256 heartbeat = c.heartbeat;
        // The round before the start must be valid and at or above the threshold, so that the start is
        // the de-peg's real first round; unless the start is the first round of its phase (proxy ids
        // are phaseId << 64 | aggregator round, aggregator rounds counting from 1).
        uint256 previousTime;
        if (uint64(startRoundId) != 1) {
            int256 previousAnswer;
            (previousAnswer, previousTime) = _validRound(c, startRoundId - 1);
            if (previousAnswer < threshold) revert NotDepegStart(startRoundId, previousAnswer);
        }
        (int256 price, uint256 time) = _validRound(c, startRoundId);
        if (previousTime != 0) _checkGap(startRoundId, time, previousTime, heartbeat);
        if (price >= threshold) revert AboveThreshold(startRoundId, price, threshold);
        uint256 startTime = time;
        _checkSequencer(c, startTime);

        uint256 minDuration = c.minDuration;
        for (uint80 id = startRoundId + 1; id <= endRoundId; ++id) {
            previousTime = time;
            (price, time) = _validRound(c, id);
            _checkGap(id, time, previousTime, heartbeat);
            if (price >= threshold) revert AboveThreshold(id, price, threshold);
            // The end is the first round completing the duration: the prover cannot pick a later one.
            if (id != endRoundId && time - startTime >= minDuration) revert NotFirstCompletingRound(id, time);
        }
        if (time - startTime < minDuration) revert DurationNotMet(startTime, time, minDuration);

        uint256 payoutWad = c.payoutWad;
        if (c.proportional) {
            // price < threshold <= referencePrice, so the shortfall is positive; rounded down (payout).
            uint256 peg = uint256(int256(c.referencePrice));
            uint256 shortfallWad = (peg - uint256(price)) * WAD / peg;
            if (shortfallWad < payoutWad) payoutWad = shortfallWad;
            if (payoutWad == 0) revert ZeroPayout(productId);
        }

        _states[productId] = DepegState({disarmed: true, lastEndRound: endRoundId, minStartRound: endRoundId + 1});
        eventId = _recordEvent(productId, bytes32(0), startTime, payoutWad);
    }

    /// @inheritdoc IChainlinkDepegTrigger
    function rearm(uint256 productId, uint80 roundId) external {
        DepegConfig memory c = _configOf(productId);
        DepegState memory st = _states[productId];
        if (!st.disarmed) revert AlreadyArmed(productId);
        if (roundId < st.minStartRound) revert RoundTooEarly(roundId, st.minStartRound);
        (int256 answer, uint256 time) = _validRound(c, roundId);
        if (answer < c.recoverPrice) revert NotRecovered(roundId, answer, c.recoverPrice);
        _checkSequencer(c, time);
        _states[productId] = DepegState({disarmed: false, lastEndRound: st.lastEndRound, minStartRound: roundId + 1});
        emit Rearmed(productId, roundId, answer);
    }

    // ================================================================ governance

    /// @inheritdoc IChainlinkDepegTrigger
    function setConfig(uint256 productId, DepegConfig calldata config) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(config.feed) == address(0)) revert ZeroAddress();
        _checkRange("heartbeat", config.heartbeat, MIN_HEARTBEAT, MAX_HEARTBEAT);
        _checkRange("minDuration", config.minDuration, 0, MAX_DURATION);
        _checkRange("sequencerGracePeriod", config.sequencerGracePeriod, 0, MAX_GRACE);
        _checkRange("payoutWad", config.payoutWad, 1, WAD);
        if (
            config.minAnswer <= 0 || config.minAnswer > config.threshold || config.threshold >= config.recoverPrice
                || config.recoverPrice > config.maxAnswer || config.threshold > config.referencePrice
        ) {
            revert InvalidPrices(
                config.minAnswer, config.threshold, config.recoverPrice, config.maxAnswer, config.referencePrice
            );
        }
        _configureProduct(productId, config.payoutWindow);
        if (_configs[productId].feed != config.feed) {
            // Round ids of another feed mean nothing here; whether the product is disarmed stays.
            DepegState storage st = _states[productId];
            st.lastEndRound = 0;
            st.minStartRound = 0;
        }
        _configs[productId] = config;
        emit DepegConfigSet(productId, config);
    }

    // ================================================================ views

    /// @inheritdoc IChainlinkDepegTrigger
    function configOf(uint256 productId) external view returns (DepegConfig memory) {
        return _configs[productId];
    }

    /// @inheritdoc IChainlinkDepegTrigger
    function stateOf(uint256 productId) external view returns (DepegState memory) {
        return _states[productId];
    }

    // ================================================================ internal

    function _configOf(uint256 productId) internal view returns (DepegConfig memory c) {
        c = _configs[productId];
        if (address(c.feed) == address(0)) revert NotConfigured(productId);
    }

    /// @dev Reads round `roundId` and checks it on its own: the feed's own id, dated, not in the
    /// future, a positive answer inside the bounds.
    function _validRound(DepegConfig memory c, uint80 roundId) internal view returns (int256 answer, uint256 time) {
        uint80 returned;
        (returned, answer,, time,) = c.feed.getRoundData(roundId);
        if (returned != roundId) revert RoundIdMismatch(roundId, returned);
        if (time == 0) revert StaleRound(roundId, 0, 0, c.heartbeat);
        if (time > block.timestamp) revert FutureRound(roundId, time);
        if (answer <= 0) revert NonPositiveAnswer(roundId, answer);
        if (answer < c.minAnswer || answer > c.maxAnswer) {
            revert AnswerOutOfBounds(roundId, answer, c.minAnswer, c.maxAnswer);
        }
    }

    /// @dev Round `roundId` at `time` follows a round at `previousTime`: time never goes back and the
    /// feed was not silent for longer than the heartbeat in between.
    function _checkGap(uint80 roundId, uint256 time, uint256 previousTime, uint256 heartbeat) internal pure {
        if (time < previousTime) revert RoundTimeBackwards(roundId, time, previousTime);
        if (time - previousTime > heartbeat) revert StaleRound(roundId, time, previousTime, heartbeat);
    }

    /// @dev On L2s: the sequencer is up now and has been since at least the grace period before
    /// `roundTime`, the first round the decision relies on (so it was up for every round after it).
    function _checkSequencer(DepegConfig memory c, uint256 roundTime) internal view {
        AggregatorV3Interface sequencer = c.sequencerFeed;
        if (address(sequencer) == address(0)) return;
        (, int256 status, uint256 upSince,,) = sequencer.latestRoundData();
        // Chainlink uptime feeds answer 0 when up, 1 when down; startedAt is when the status changed.
        if (status != 0 || upSince == 0) revert SequencerDown();
        uint256 graceEnds = upSince + c.sequencerGracePeriod;
        if (roundTime < graceEnds) revert SequencerGracePeriod(upSince, graceEnds, roundTime);
    }

    function _checkRange(string memory name, uint256 value, uint256 min, uint256 max) internal pure {
        if (value < min || value > max) revert ParameterOutOfRange(name, value, min, max);
    }
}
