// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev Scale of every ratio (rates, utilization, leverage, caps, fees): 1e18 == 100%.
uint256 constant WAD = 1e18;

/// @dev Length of a year for annual rates, in seconds.
uint256 constant YEAR = 365 days;

/// @dev Width of an expiry bucket, in seconds. A cover's capacity and premium stream end at the
/// first bucket boundary at or after its end time.
uint256 constant BUCKET = 1 days;

/// @dev Scale of premium streaming: the pool earns `rateScaled / EARN_SCALE` asset units per second.
/// Larger means less rounding per cover; 1e6 keeps the per-cover rounding below 1 asset unit per
/// 1e6 seconds of period while the whole stream fits one storage slot.
uint256 constant EARN_SCALE = 1e6;

/// @dev Upper bound of the cancellation fee, as a fraction of the unearned premium (WAD).
uint256 constant MAX_CANCEL_FEE_WAD = 0.25e18;

/// @dev Upper bound of a pool's leverage: active cover over capital (WAD).
uint256 constant MAX_LEVERAGE_WAD = 10e18;

/// @dev Upper bound of a product's annual base rate (WAD): 1000% a year. Short parametric covers
/// (a flight delay bought for two days) carry high annualized rates.
uint256 constant MAX_BASE_RATE_WAD = 10e18;

/// @dev Upper bound of either utilization slope (WAD): the lift at 100% utilization stays below 11x.
uint256 constant MAX_SLOPE_WAD = 10e18;

/// @dev Upper bound of one guardian pause, in seconds. Governance picks a lower bound per contract.
uint256 constant MAX_GUARDIAN_PAUSE = 14 days;

/// @dev Upper bound of a cover period, in seconds. Together with uint32 timestamps it keeps every
/// expiry bucket index well inside 32 bits.
uint256 constant MAX_COVER_PERIOD = 3 * 365 days;

/// @dev Lower bound of a cover period: one bucket, so a cover's stream is never shorter than a day.
uint256 constant MIN_COVER_PERIOD = BUCKET;

/// @dev Marks "no expiry pending" in the ledger's `nextExpiryDay` (day indexes fit 24 bits for 45,000 years).
uint24 constant NO_EXPIRY = type(uint24).max;
