/**
 * Pure bigint mirror of the contracts' math with the same rounding: pricing (`PricingLib`, the
 * CoverManager's quotes and capacity checks), ERC-4626 share conversions of the CoverPool, and the
 * premium stream and the capital it leaves. `readPricingState` reads the inputs from chain.
 *
 * Errors. A function that mirrors a contract path which can revert (`quotePurchase`,
 * `quoteExtension`, `cancelAmounts`, `checkCapacity`, `checkSelling`, `checkLive`) throws where the
 * contract reverts, with the contract's own error: a `MathRevertError` whose `errorName` and `args`
 * equal what viem decodes from the on-chain revert (it is a `BulwarkContractError`, so one handler
 * serves both), or its subclass `MathCapacityError` (`kind: 'pool' | 'product'`, `requested`,
 * `available`) for `PoolCapacityExceeded` / `ProductCapacityExceeded`. Misuse (a zero divisor, a
 * negative input, inconsistent state) throws a `RangeError`.
 */
export * from './mathLib.js';
export * from './types.js';
export { MathCapacityError, MathRevertError, type CapacityKind, type MathRevertName } from './errors.js';
export * from './pricing.js';
export * from './shares.js';
export * from './earning.js';
export * from './state.js';
