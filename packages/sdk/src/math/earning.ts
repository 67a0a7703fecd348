/**
 * Premium streaming (`RiskLedger.sol`) and the capital it leaves (`CoverManager._capital`,
 * `_checkCapacity`, `requiredCapital`; `CoverPool.totalAssets`, `freeCapital`).
 *
 * A cover streams its premium at `rateScaled / EARN_SCALE` asset units a second from its purchase (or
 * last extension) until its stream end, the first bucket boundary (multiple of BUCKET) at or after
 * its `end`. It counts in the active cover until the same moment: the ledger drops a day's bucket once
 * `timestamp / BUCKET` reaches that day. So between `end` and the stream end a cover no longer pays
 * claims yet still counts and still streams.
 */
import { BUCKET, EARN_SCALE, WAD, divUp, min, mulDiv, wMul, zeroFloorSub } from './mathLib.js';
import type { PoolState, ProductTerms } from './types.js';

/** The expiry day of a cover ending at `end`: `divUp(end, BUCKET)`, the day its bucket is keyed by. */
export function expiryDay(end: bigint): bigint {
  return divUp(end, BUCKET);
}

/** When the stream of a cover ending at `end` ends (and the cover stops counting): its expiry day's start. */
export function streamEnd(end: bigint): bigint {
  return expiryDay(end) * BUCKET;
}

/**
 * Whether a cover ending at `end` still counts in `activeCover()` / `productActiveCover()` and still
 * streams at `timestamp` (its bucket's day has not been reached). Ignores cancellation: a cancelled
 * cover never counts.
 */
export function isCounted(end: bigint, timestamp: bigint): boolean {
  return expiryDay(end) > timestamp / BUCKET;
}

export interface StreamAmount {
  /** Asset units x EARN_SCALE, exact. */
  scaled: bigint;
  /** Asset units, rounded down (as a cancellation refunds it). */
  assets: bigint;
}

/**
 * The unearned premium of one cover at `timestamp`: `rateScaled x (streamEnd - timestamp)`, zero once
 * the stream has ended. `assets` rounds down as `_cancelAmounts` does; the pool's liabilities round
 * the sum over all covers up instead (`poolLiabilities`).
 */
export function coverUnearned(rateScaled: bigint, end: bigint, timestamp: bigint): StreamAmount {
  const scaled = rateScaled * zeroFloorSub(streamEnd(end), timestamp);
  return { scaled, assets: scaled / EARN_SCALE };
}

/**
 * Premium one cover earns the pool from `from` to `to` (`from <= to`), while its stream rate is
 * `rateScaled` (since its purchase or last extension): `rateScaled x` the part of [from, to) before the
 * stream end.
 */
export function coverEarned(rateScaled: bigint, end: bigint, from: bigint, to: bigint): StreamAmount {
  if (to < from) throw new RangeError(`to (${to}) is before from (${from})`);
  const stop = streamEnd(end);
  const scaled = rateScaled * (min(to, stop) - min(from, stop));
  return { scaled, assets: scaled / EARN_SCALE };
}

/** The pool ledger's premium stream (RiskLedger `Ledger`, stored fields). */
export interface StreamLedger {
  /** Sum over counted covers of `rateScaled x (streamEnd - lastUpdate)`. */
  unearnedScaled: bigint;
  /** Sum of counted covers' `rateScaled`. */
  rateScaled: bigint;
  /** The stream is earned up to this time. */
  lastUpdate: bigint;
}

/**
 * `RiskLedger._earn`: the ledger earned up to `time`. The caller must first take out every cover
 * whose stream ends before `time` (the contract processes those buckets, each at its own boundary);
 * an underflow means it did not, and throws a RangeError.
 */
export function earnStream(ledger: StreamLedger, time: bigint): StreamLedger {
  if (time < ledger.lastUpdate) throw new RangeError(`time ${time} is before the ledger's last update ${ledger.lastUpdate}`);
  const unearnedScaled = ledger.unearnedScaled - ledger.rateScaled * (time - ledger.lastUpdate);
  if (unearnedScaled < 0n) throw new RangeError('the stream earned more than is unearned: an expired bucket was not taken out first');
  return { unearnedScaled, rateScaled: ledger.rateScaled, lastUpdate: time };
}

/** `RiskLedger._liabilities`: unearned premium rounded up plus owed payouts (`CoverManager.liabilities()`). */
export function poolLiabilities(unearnedScaled: bigint, owed: bigint): bigint {
  return divUp(unearnedScaled, EARN_SCALE) + owed;
}

/**
 * `CoverManager._capital`: the pool's asset balance minus its liabilities, floored at 0. Equal to
 * `CoverPool.totalAssets()` (what the shares are worth).
 */
export function capital(pool: Pick<PoolState, 'balance' | 'liabilities'>): bigint {
  return zeroFloorSub(pool.balance, pool.liabilities);
}

/** `_checkCapacity` caps the capacity at 2^128 - 1, PricingLib's bound (a pool of more than 10^37 units). */
export const MAX_CAPACITY = 2n ** 128n - 1n;

/** The pool's capacity: capital x leverage, rounded down, at most `MAX_CAPACITY` (`_checkCapacity`). */
export function capacity(pool: Pick<PoolState, 'balance' | 'liabilities' | 'leverageWad'>): bigint {
  return min(wMul(capital(pool), pool.leverageWad, 'down'), MAX_CAPACITY);
}

export interface AvailableCover {
  /** Capacity less the active cover (floored at 0): what the pool check allows. */
  pool: bigint;
  /** Capital x the product's cap less the product's active cover: what the product check allows. */
  product: bigint;
  /** The largest amount both checks allow (the product's `maxCoverAmount` aside). */
  max: bigint;
}

/**
 * The most new cover that passes `_checkCapacity` for `product` now; `counted` of it already active
 * (an extension counts its cover's own amount).
 */
export function availableCover(pool: PoolState, product: Pick<ProductTerms, 'capWad' | 'activeCover'>, counted = 0n): AvailableCover {
  const c = capital(pool);
  const poolAvailable = zeroFloorSub(capacity(pool), pool.activeCover - counted);
  const productAvailable = zeroFloorSub(wMul(c, product.capWad, 'down'), product.activeCover - counted);
  return { pool: poolAvailable, product: productAvailable, max: min(poolAvailable, productAvailable) };
}

/** The pool's utilization, active cover over capacity (WAD, rounded up as `extensionPremium` rounds it); WAD at zero capacity. */
export function utilization(pool: PoolState): bigint {
  const cap = capacity(pool);
  return cap === 0n ? WAD : mulDiv(pool.activeCover, WAD, cap, 'up');
}

/** `CoverManager.requiredCapital()`: the capital the active cover needs, `activeCover / leverage` rounded up. */
export function requiredCapital(activeCover: bigint, leverageWad: bigint): bigint {
  return mulDiv(activeCover, WAD, leverageWad, 'up');
}

/**
 * `CoverPool.freeCapital()`: the capital exits may take now, 0 while any claim is open
 * (`openClaims`, `CoverManager.openClaims()`).
 */
export function freeCapital(pool: Pick<PoolState, 'balance' | 'liabilities' | 'activeCover' | 'leverageWad'>, openClaims: bigint): bigint {
  if (openClaims !== 0n) return 0n;
  return zeroFloorSub(capital(pool), requiredCapital(pool.activeCover, pool.leverageWad));
}
