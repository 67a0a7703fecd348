// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {ITrigger} from "./ITrigger.sol";

/// @notice The de-peg terms of one product, set by governance.
/// @param feed The Chainlink price feed (answers in the feed's decimals).
/// @param heartbeat Most seconds between two consecutive rounds the proof relies on; a longer gap
/// means the feed was stale in between.
/// @param minDuration Seconds the price must stay below `threshold`, from the de-peg's first round to
/// the round completing the duration.
/// @param payoutWindow Seconds after the proof during which the product's sales stay closed.
/// @param sequencerFeed Chainlink L2 sequencer uptime feed (zero: none, e.g. on Ethereum).
/// @param sequencerGracePeriod Seconds the sequencer must have been up before the de-peg's first round.
/// @param proportional False: every cover is paid `payoutWad`. True: paid
/// `min(payoutWad, (referencePrice - price) / referencePrice)` (WAD, rounded down), price being the
/// answer of the round completing the duration; `payoutWad` is then the cap.
/// @param payoutWad Fixed share, or cap of the proportional share (WAD, <= 1e18).
/// @param minAnswer Smallest valid answer (> 0).
/// @param maxAnswer Largest valid answer.
/// @param threshold An answer below it is de-pegged.
/// @param recoverPrice An answer at or above it re-arms the trigger after an event (> threshold).
/// @param referencePrice The peg of the product terms (>= threshold), for the proportional payout.
struct DepegConfig {
    AggregatorV3Interface feed;
    uint32 heartbeat;
    uint32 minDuration;
    uint32 payoutWindow;
    AggregatorV3Interface sequencerFeed;
    uint32 sequencerGracePeriod;
    bool proportional;
    uint64 payoutWad;
    int128 minAnswer;
    int128 maxAnswer;
    int128 threshold;
    int128 recoverPrice;
    int128 referencePrice;
}

/// @notice Hysteresis state of a product.
/// @param disarmed An event was recorded and no round at or above `recoverPrice` was proven since.
/// @param lastEndRound End round of the last event (on the current feed).
/// @param minStartRound A new de-peg must start at or after this round (the re-arming round + 1).
struct DepegState {
    bool disarmed;
    uint80 lastEndRound;
    uint80 minStartRound;
}

/// @title IChainlinkDepegTrigger
/// @notice Proves a de-peg from a Chainlink price feed by walking its rounds: every round from the
/// de-peg's first round to the first round completing `minDuration` answered below the threshold, the
/// round before the first was at or above it, every round valid (positive, inside the bounds, not in
/// the future, time never going back, no gap longer than the heartbeat), and on L2s the sequencer up
/// since at least the grace period before the de-peg. Anyone may prove; the proof is deterministic (the
/// end round is the first completing one, the start round the real start), so a prover cannot choose a
/// better or worse price. The event is product-wide (riskKey zero) with incidentTime = the first
/// round's `updatedAt`. After an event a product needs `rearm` (a valid round at or above
/// `recoverPrice`) before another, so a price hovering at the threshold does not flap.
/// @dev Privileged powers. DEFAULT_ADMIN_ROLE (governance timelock): set a product's terms, within
/// bounds (heartbeat 1 min..7 days, duration <= 30 days, grace <= 1 day, payout <= 100%, minAnswer > 0,
/// minAnswer <= threshold < recoverPrice <= maxAnswer, threshold <= referencePrice), only for a
/// product whose claim route is this contract. It cannot record an event nor pay a cover. Rounds
/// must come from one Chainlink phase (ids consecutive by +1).
/// Limits, by design: a proof is about history, so the heartbeat bounds the gaps between the rounds it
/// reads (the round before the start included), not the age of the feed's latest round; `rearm` needs
/// one valid round, without a gap check. The sequencer feed only tells its current status and since
/// when, so a proof needs the sequencer up now and since at least the grace period before the de-peg's
/// first round: a de-peg during which the sequencer restarted cannot be proven from those rounds.
interface IChainlinkDepegTrigger is ITrigger {
    /// @notice Governance set the terms of `productId`.
    event DepegConfigSet(uint256 indexed productId, DepegConfig config);
    /// @notice `productId` was re-armed by round `roundId` answering `answer`.
    event Rearmed(uint256 indexed productId, uint80 roundId, int256 answer);

    // ---------------------------------------------------------------- errors: configuration
    /// @notice `productId` has no de-peg terms.
    error NotConfigured(uint256 productId);
    /// @notice The price parameters are not ordered `0 < minAnswer <= threshold < recoverPrice <=
    /// maxAnswer`, `threshold <= referencePrice`.
    error InvalidPrices(
        int256 minAnswer, int256 threshold, int256 recoverPrice, int256 maxAnswer, int256 referencePrice
    );

    // ---------------------------------------------------------------- errors: round data
    /// @notice Round `roundId` was updated at `updatedAt`, more than `heartbeat` seconds after the
    /// round before it (updated at `previousUpdatedAt`), or never (`updatedAt` zero).
    error StaleRound(uint80 roundId, uint256 updatedAt, uint256 previousUpdatedAt, uint256 heartbeat);
    /// @notice Round `roundId` is dated after now.
    error FutureRound(uint80 roundId, uint256 updatedAt);
    /// @notice Round `roundId` is dated before the round before it.
    error RoundTimeBackwards(uint80 roundId, uint256 updatedAt, uint256 previousUpdatedAt);
    /// @notice Round `roundId` answered zero or less.
    error NonPositiveAnswer(uint80 roundId, int256 answer);
    /// @notice Round `roundId` answered outside `[min, max]`.
    error AnswerOutOfBounds(uint80 roundId, int256 answer, int256 min, int256 max);
    /// @notice The feed returned round `returned` when asked for `requested` (another phase).
    error RoundIdMismatch(uint80 requested, uint80 returned);
    /// @notice The L2 sequencer is down (or its feed reports nothing).
    error SequencerDown();
    /// @notice The sequencer has been up since `upSince`; rounds before `graceEnds` are not trusted
    /// (`roundTime` is the first round the decision needs).
    error SequencerGracePeriod(uint256 upSince, uint256 graceEnds, uint256 roundTime);

    // ---------------------------------------------------------------- errors: the proof
    /// @notice Rounds must run forward: `endRoundId` before `startRoundId`, or `startRoundId` zero.
    error InvalidRange(uint80 startRoundId, uint80 endRoundId);
    /// @notice The walk would read `rounds` rounds, more than `max` per call.
    error TooManyRounds(uint256 rounds, uint256 max);
    /// @notice Round `roundId` answered `answer`, not below `threshold`.
    error AboveThreshold(uint80 roundId, int256 answer, int256 threshold);
    /// @notice The round before `startRoundId` also answered below the threshold (`answer`): the
    /// de-peg started earlier.
    error NotDepegStart(uint80 startRoundId, int256 previousAnswer);
    /// @notice From `startTime` to `endTime` is less than `minDuration`.
    error DurationNotMet(uint256 startTime, uint256 endTime, uint256 minDuration);
    /// @notice Round `roundId`, before the given end round, already completed the duration.
    error NotFirstCompletingRound(uint80 roundId, uint256 updatedAt);
    /// @notice The product is waiting for `rearm` since its last event.
    error NotArmed(uint256 productId);
    /// @notice The product is armed: `rearm` has nothing to do.
    error AlreadyArmed(uint256 productId);
    /// @notice The de-peg or re-arming round `roundId` is not after `minRoundId - 1` (a round the last
    /// event, or the last re-arming, already used).
    error RoundTooEarly(uint80 roundId, uint80 minRoundId);
    /// @notice Round `roundId` answered `answer`, below `recoverPrice`.
    error NotRecovered(uint80 roundId, int256 answer, int256 recoverPrice);
    /// @notice The proportional share rounds to zero.
    error ZeroPayout(uint256 productId);

    /// @notice Records a de-peg event on `productId` from rounds `startRoundId` (the de-peg's first
    /// round below the threshold) to `endRoundId` (the first round at least `minDuration` after it).
    /// Anyone may call it; at most 500 rounds from `startRoundId - 1` to `endRoundId`.
    /// @return eventId The new event.
    function prove(uint256 productId, uint80 startRoundId, uint80 endRoundId) external returns (uint256 eventId);

    /// @notice Re-arms `productId` after an event with a valid round (positive, inside the bounds, not
    /// in the future) after the event's end round answering at or above `recoverPrice`. Anyone may call
    /// it. A later de-peg must start after `roundId`.
    function rearm(uint256 productId, uint80 roundId) external;

    /// @notice Sets the de-peg terms of `productId` (DEFAULT_ADMIN_ROLE). Changing the feed resets the
    /// round bookkeeping (not whether the product is disarmed).
    function setConfig(uint256 productId, DepegConfig calldata config) external;

    /// @notice The de-peg terms of `productId`.
    function configOf(uint256 productId) external view returns (DepegConfig memory);

    /// @notice The hysteresis state of `productId`.
    function stateOf(uint256 productId) external view returns (DepegState memory);

    /// @notice Most rounds one `prove` call reads.
    function MAX_ROUNDS() external view returns (uint256);
}
