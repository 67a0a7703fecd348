/**
 * `PricingLib.sol` and the quote paths of `CoverManager.sol` (`_quotePurchase`, `_quoteExtension`,
 * `_checkCapacity`, `_cancelAmounts`), with the same operations in the same order so every rounding
 * matches. Where the contract would revert, these throw the same error (`MathRevertError`, or
 * `MathCapacityError` for the two capacity errors) with the same arguments, checked in the same order.
 */
import { MathCapacityError, revert } from './errors.js';
import { capital, capacity as poolCapacity } from './earning.js';
import { BUCKET, EARN_SCALE, WAD, YEAR, divUp, mulDiv, wMul, zeroFloorSub, type Rounding } from './mathLib.js';
import { CoverFlags, ProductStatus, type CoverRecord, type PoolState, type ProductTerms, type UtilizationCurve } from './types.js';

const MAX_UINT96 = (1n << 96n) - 1n;

/** `PricingLib.lift`: the lift of the base rate at utilization `u` (both WAD), rounded up. */
export function lift(u: bigint, curve: UtilizationCurve): bigint {
  if (u <= curve.kinkWad) return wMul(curve.slope1Wad, u, 'up');
  return wMul(curve.slope1Wad, curve.kinkWad, 'up') + wMul(curve.slope2Wad, u - curve.kinkWad, 'up');
}

/** `PricingLib.liftIntegral`: the integral of `lift` from 0 to `u` (WAD), every step rounded `rounding`. */
export function liftIntegral(u: bigint, curve: UtilizationCurve, rounding: Rounding): bigint {
  const kink = curve.kinkWad;
  const below = u < kink ? u : kink;
  let result = mulDiv(mulDiv(curve.slope1Wad, below, WAD, rounding), below, 2n * WAD, rounding);
  if (u > kink) {
    const excess = u - kink;
    result += mulDiv(mulDiv(curve.slope1Wad, kink, WAD, rounding), excess, WAD, rounding);
    result += mulDiv(mulDiv(curve.slope2Wad, excess, WAD, rounding), excess, 2n * WAD, rounding);
  }
  return result;
}

export interface PurchasePremiumParameters {
  /** New cover, asset units. */
  amount: bigint;
  baseRateWad: bigint;
  /** Seconds. */
  period: bigint;
  /** The pool's active cover before the purchase. */
  activeBefore: bigint;
  /** The pool's capacity (capital x leverage); must be > 0 and >= activeBefore + amount. */
  capacity: bigint;
  curve: UtilizationCurve;
}

/**
 * `PricingLib.purchasePremium`: the base rate over `period`, on `amount` plus the lift integrated
 * over the utilization the purchase moves through. Rounded up (towards the pool).
 */
export function purchasePremium(p: PurchasePremiumParameters): bigint {
  const u0 = mulDiv(p.activeBefore, WAD, p.capacity, 'down');
  const u1 = mulDiv(p.activeBefore + p.amount, WAD, p.capacity, 'up');
  const liftIntegralWad = liftIntegral(u1, p.curve, 'up') - liftIntegral(u0, p.curve, 'down');
  const liftInAsset = mulDiv(p.capacity, liftIntegralWad, WAD, 'up');
  return mulDiv(p.amount + liftInAsset, p.baseRateWad * p.period, WAD * YEAR, 'up');
}

export interface ExtensionPremiumParameters {
  /** The cover's amount, asset units (already counted in `active`). */
  amount: bigint;
  baseRateWad: bigint;
  /** Extra seconds. */
  period: bigint;
  /** The pool's active cover, the extended cover included. */
  active: bigint;
  /** The pool's capacity; 0 prices at 100% utilization. */
  capacity: bigint;
  curve: UtilizationCurve;
}

/** `PricingLib.extensionPremium`: the lifted rate at the current utilization over `period`, rounded up. */
export function extensionPremium(p: ExtensionPremiumParameters): bigint {
  const u = p.capacity === 0n ? WAD : mulDiv(p.active, WAD, p.capacity, 'up');
  const rateWad = wMul(p.baseRateWad, WAD + lift(u, p.curve), 'up');
  return mulDiv(p.amount, rateWad * p.period, WAD * YEAR, 'up');
}

/**
 * `CoverManager._checkCapacity`: throws `MathCapacityError` unless `amount` more cover, of which
 * `counted` is already active, fits the pool's capacity and then the product's. Returns the pool's
 * capacity (`capacity` in earning.ts: capital x leverage, rounded down, capped).
 */
export function checkCapacity(pool: PoolState, product: ProductTerms, amount: bigint, counted = 0n): bigint {
  const poolCapital = capital(pool);
  const capacity = poolCapacity(pool);
  let available = zeroFloorSub(capacity, activeLess(pool.activeCover, counted));
  if (amount > available) throw new MathCapacityError('pool', amount, available);
  available = zeroFloorSub(wMul(poolCapital, product.capWad, 'down'), activeLess(product.activeCover, counted));
  if (amount > available) throw new MathCapacityError('product', amount, available, product.productId);
  return capacity;
}

function activeLess(active: bigint, counted: bigint): bigint {
  // The contract's checked subtraction: a cover counted is part of the active cover.
  if (counted > active) throw new RangeError(`inconsistent state: counted cover ${counted} exceeds active cover ${active}`);
  return active - counted;
}

/** `CoverManager._checkSelling`: the product must be listed, active, without open incident and not paused. */
export function checkSelling(product: ProductTerms, timestamp: bigint): void {
  if (product.status !== ProductStatus.Active) {
    if (product.status === ProductStatus.Unlisted) throw revert('UnknownProduct', [product.productId]);
    throw revert('ProductNotActive', [product.productId, product.status]);
  }
  if (product.openIncidents !== 0n) throw revert('IncidentOpen', [product.productId]);
  if (product.pausedUntil > timestamp) throw revert('SalesPaused', [product.productId, product.pausedUntil]);
}

function toUint96(value: bigint): bigint {
  if (value > MAX_UINT96) throw revert('SafeCastOverflowedUintDowncast', [96, value]);
  return value;
}

export interface PurchaseQuote {
  /** What `buyCover` charges (`CoverManager.quote`), asset units. */
  premium: bigint;
  /** The cover's premium stream, asset units x EARN_SCALE per second. */
  rateScaled: bigint;
  /** Day index (timestamp / BUCKET) at whose start the cover stops counting and streaming. */
  expiryDay: bigint;
  /** The pool's capacity the purchase was priced against (capital x leverage). */
  capacity: bigint;
}

/**
 * `CoverManager._quotePurchase` at `timestamp` (`quote(productId, amount, period)` returns its
 * `premium`). `pool` and `product` must be the state previewed at that same timestamp (see
 * types.ts). Throws `MathRevertError` / `MathCapacityError` where the contract reverts.
 */
export function quotePurchase(
  pool: PoolState,
  product: ProductTerms,
  amount: bigint,
  period: bigint,
  timestamp: bigint,
): PurchaseQuote {
  checkSelling(product, timestamp);
  if (amount === 0n) throw revert('ZeroAmount', []);
  if (amount > product.maxCoverAmount) throw revert('CoverAmountTooLarge', [product.productId, amount, product.maxCoverAmount]);
  if (period < product.minPeriod || period > product.maxPeriod) {
    throw revert('PeriodOutOfRange', [product.productId, period, product.minPeriod, product.maxPeriod]);
  }
  const capacity = checkCapacity(pool, product, amount, 0n);
  const priced = purchasePremium({
    amount, baseRateWad: product.baseRateWad, period, activeBefore: pool.activeCover, capacity, curve: pool.curve,
  });
  const expiryDay = divUp(timestamp + period, BUCKET);
  const streamLength = expiryDay * BUCKET - timestamp;
  // The stream is rounded up, then the premium charged is the stream's own total (rounded up), so the
  // unearned premium the purchase adds never exceeds what it pays.
  const rateScaled = toUint96(mulDiv(priced, EARN_SCALE, streamLength, 'up'));
  const premium = divUp(rateScaled * streamLength, EARN_SCALE);
  return { premium, rateScaled, expiryDay, capacity };
}

/** `CoverManager._liveCover`: the cover must exist, not be cancelled and not have ended. */
export function checkLive(cover: CoverRecord, timestamp: bigint): void {
  if (cover.start === 0n) throw revert('UnknownCover', [cover.coverId]);
  if (/^0x0{40}$/i.test(cover.owner)) throw revert('CoverIsCancelled', [cover.coverId]);
  if (cover.end <= timestamp) throw revert('CoverExpired', [cover.coverId, cover.end]);
}

export interface ExtensionQuote {
  /** What `extendCover` charges (`CoverManager.quoteExtend`), asset units. */
  premium: bigint;
  /** The cover's unearned premium now, before the extension (scaled by EARN_SCALE). */
  oldUnearnedScaled: bigint;
  /** The cover's new premium stream: its unearned premium plus the extension's, to the new expiry. */
  rateScaled: bigint;
  /** The new expiry day. */
  expiryDay: bigint;
  capacity: bigint;
}

/**
 * `CoverManager.quoteExtend` / `_quoteExtension`: the premium to extend `cover` by `extraPeriod`
 * seconds at `timestamp`. The cover must be of `product`; its own amount is already counted in the
 * active cover, so the capacity check asks that it still fit as if bought now, and the price is the
 * lifted rate at the current utilization (not integrated over a range).
 */
export function quoteExtension(
  pool: PoolState,
  product: ProductTerms,
  cover: CoverRecord,
  extraPeriod: bigint,
  timestamp: bigint,
): ExtensionQuote {
  if (cover.productId !== product.productId) {
    throw new RangeError(`cover ${cover.coverId} is of product ${cover.productId}, not ${product.productId}`);
  }
  checkLive(cover, timestamp);
  checkSelling(product, timestamp);
  if (extraPeriod === 0n) throw revert('ZeroAmount', []);
  if ((cover.flags & CoverFlags.Paid) !== 0) throw revert('CoverHasPayouts', [cover.coverId]);
  const end = cover.end + extraPeriod;
  if (end - timestamp > product.maxPeriod) {
    throw revert('PeriodOutOfRange', [product.productId, end - timestamp, product.minPeriod, product.maxPeriod]);
  }
  const capacity = checkCapacity(pool, product, cover.amount, cover.amount);
  const priced = extensionPremium({
    amount: cover.amount, baseRateWad: product.baseRateWad, period: extraPeriod, active: pool.activeCover, capacity, curve: pool.curve,
  });
  const oldUnearnedScaled = cover.rateScaled * (divUp(cover.end, BUCKET) * BUCKET - timestamp);
  const expiryDay = divUp(end, BUCKET);
  const streamLength = expiryDay * BUCKET - timestamp;
  const rateScaled = toUint96(divUp(oldUnearnedScaled + priced * EARN_SCALE, streamLength));
  const premium = divUp(rateScaled * streamLength - oldUnearnedScaled, EARN_SCALE);
  return { premium, oldUnearnedScaled, rateScaled, expiryDay, capacity };
}

export interface CancelAmounts {
  /** Paid to the owner: the unearned premium (rounded down) less the fee. */
  refund: bigint;
  /** Kept by the pool: `cancelFeeWad` of the unearned premium, rounded up. */
  fee: bigint;
  /** The cover's unearned premium (scaled by EARN_SCALE). */
  unearnedScaled: bigint;
}

/**
 * `CoverManager.quoteCancel` / `_cancelAmounts` at `timestamp`, with its checks: the cover must be
 * live, unpaid and without an open claim, and its product without open incident
 * (`productOpenIncidents`, `CoverManager.productOpenIncidents(cover.productId)`).
 */
export function cancelAmounts(
  cover: CoverRecord,
  cancelFeeWad: bigint,
  timestamp: bigint,
  productOpenIncidents = 0n,
): CancelAmounts {
  checkLive(cover, timestamp);
  if ((cover.flags & CoverFlags.Paid) !== 0) throw revert('CoverHasPayouts', [cover.coverId]);
  if ((cover.flags & CoverFlags.ClaimOpen) !== 0) throw revert('ClaimAlreadyOpen', [cover.coverId]);
  if (productOpenIncidents !== 0n) throw revert('IncidentOpen', [cover.productId]);
  const unearnedScaled = cover.rateScaled * (divUp(cover.end, BUCKET) * BUCKET - timestamp);
  const unearned = unearnedScaled / EARN_SCALE;
  const fee = wMul(unearned, cancelFeeWad, 'up');
  return { refund: unearned - fee, fee, unearnedScaled };
}

/** Default tolerance of `buyCover` and `extendCover` over the quote, in basis points (0.5%). */
export const DEFAULT_SLIPPAGE_BPS = 50;

/** The `maxPremium` the SDK sends for `quoted`: the quote plus `slippageBps`, rounded up. */
export function maxPremiumFor(quoted: bigint, slippageBps: number = DEFAULT_SLIPPAGE_BPS): bigint {
  return quoted + (quoted * BigInt(slippageBps) + 9_999n) / 10_000n;
}
