// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title MockAggregator
/// @notice A Chainlink-style price feed for local chains and tests: its owner pushes rounds, either
/// now (`pushAnswer`) or with recorded timestamps (`pushRound`, to replay real history). Round ids
/// count from 1 in one phase, as a single aggregator behind a proxy would report them.
contract MockAggregator is AggregatorV3Interface {
    struct Round {
        int256 answer;
        uint64 startedAt;
        uint64 updatedAt;
    }

    /// @notice The account that may push rounds.
    address public immutable owner;
    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;

    /// @notice Id of the latest round (0 before the first).
    uint80 public latestRound;
    mapping(uint80 roundId => Round) internal _rounds;

    error NotOwner(address caller);
    error NoRound(uint80 roundId);
    error RoundTimeInvalid(uint256 startedAt, uint256 updatedAt, uint256 previousUpdatedAt);

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        owner = msg.sender;
        decimals = decimals_;
        description = description_;
        _push(initialAnswer, block.timestamp, block.timestamp);
    }

    /// @notice Records a round answered now.
    function pushAnswer(int256 answer) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _push(answer, block.timestamp, block.timestamp);
    }

    /// @notice Records a round with the given times (replays); times never go backwards.
    function pushRound(int256 answer, uint256 startedAt, uint256 updatedAt) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _push(answer, startedAt, updatedAt);
    }

    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256, uint256, uint256, uint80)
    {
        if (roundId == 0 || roundId > latestRound) revert NoRound(roundId);
        Round memory r = _rounds[roundId];
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        uint80 id = latestRound;
        Round memory r = _rounds[id];
        return (id, r.answer, r.startedAt, r.updatedAt, id);
    }

    function _push(int256 answer, uint256 startedAt, uint256 updatedAt) internal {
        uint256 previous = _rounds[latestRound].updatedAt;
        if (startedAt > updatedAt || updatedAt < previous || updatedAt > type(uint64).max) {
            revert RoundTimeInvalid(startedAt, updatedAt, previous);
        }
        uint80 id = ++latestRound;
        _rounds[id] = Round(answer, uint64(startedAt), uint64(updatedAt));
        emit AnswerUpdated(answer, id, updatedAt);
    }
}
