/**
 * Plain-object state the math functions take. Every field is what one contract view returns at the
 * block being priced; `readPricingState` (state.ts) reads them all at one block number.
 *
 * The CoverManager's views already "preview" the ledger: buckets whose expiry day has passed are
 * taken out of the active cover and the premium stream is earned up to the block's timestamp, exactly
 * as the sync at the start of a purchase would leave it. So these values price a purchase at that
 * block's timestamp and no other (a later timestamp can expire more buckets and earn more premium).
 */

/** A pool's utilization curve, `PricingLib.UtilizationCurve` (all WAD). */
export interface UtilizationCurve {
  kinkWad: bigint;
  slope1Wad: bigint;
  slope2Wad: bigint;
}

/** `ICoverManager.ProductStatus`, numbered as the contract numbers it. */
export const ProductStatus = { Unlisted: 0, Active: 1, Paused: 2, Retired: 3 } as const;
export type ProductStatus = (typeof ProductStatus)[keyof typeof ProductStatus];

/** Bits of `Cover.flags`. */
export const CoverFlags = { Paid: 1, Cancelled: 2, ClaimOpen: 4 } as const;

/** The pool side of a quote. */
export interface PoolState {
  /** The CoverPool's asset balance: `asset.balanceOf(CoverManager.pool())`. */
  balance: bigint;
  /** `CoverManager.liabilities()`: unearned premium (rounded up) plus owed payouts. */
  liabilities: bigint;
  /** `CoverManager.activeCover()`: cover of every product still counted (its expiry day not yet passed). */
  activeCover: bigint;
  /** `CoverManager.poolParams().leverageWad`. */
  leverageWad: bigint;
  /** `CoverManager.poolParams().curve`. */
  curve: UtilizationCurve;
}

/** The product side of a quote. */
export interface ProductTerms {
  productId: bigint;
  /** `CoverManager.productStatus(productId)`: only `Active` sells. */
  status: ProductStatus;
  /** `CoverManager.productOpenIncidents(productId)`: sales, extensions and cancellations wait while non-zero. */
  openIncidents: bigint;
  /** `CoverManager.productPausedUntil(productId)`: the guardian's sales pause lasts while it is after now. */
  pausedUntil: bigint;
  /** `CoverManager.product(productId).baseRateWad`: annual rate before the utilization lift. */
  baseRateWad: bigint;
  /** `CoverManager.product(productId).capWad`: the product's most active cover, a fraction of the pool's capital. */
  capWad: bigint;
  /** `CoverManager.product(productId).maxCoverAmount`: largest single cover, asset units. */
  maxCoverAmount: bigint;
  /** `CoverManager.product(productId).minPeriod`, seconds. */
  minPeriod: bigint;
  /** `CoverManager.product(productId).maxPeriod`, seconds. */
  maxPeriod: bigint;
  /** `CoverManager.productActiveCover(productId)`: this product's counted cover. */
  activeCover: bigint;
}

/** A cover as `CoverManager.cover(coverId)` returns it (integers widened to bigint). */
export interface CoverRecord {
  coverId: bigint;
  /** The NFT owner; the zero address once cancelled. */
  owner: `0x${string}`;
  productId: bigint;
  /** Purchase time; 0 for a cover id never issued. */
  start: bigint;
  /** End time (exclusive); the cancellation time once cancelled. */
  end: bigint;
  /** Cover left for payouts, asset units. */
  amount: bigint;
  /** `CoverFlags` bits. */
  flags: number;
  /** Premium stream, asset units x EARN_SCALE per second, until the expiry-bucket boundary at or after `end`. */
  rateScaled: bigint;
}

/** ERC-4626 totals of the CoverPool. */
export interface VaultState {
  /** `CoverPool.totalAssets()`: balance minus liabilities, floored at 0 (equal to `capital(pool)`). */
  totalAssets: bigint;
  /** `CoverPool.totalSupply()`. */
  totalSupply: bigint;
}

/** `CoverPool.withdrawalRequest(owner)`. */
export interface WithdrawalRequest {
  shares: bigint;
  unlocksAt: bigint;
  expiresAt: bigint;
}
