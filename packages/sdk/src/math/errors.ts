import { BulwarkContractError, type BulwarkErrorArgs } from '../errors.js';

/** The contract errors the math module predicts (each thrown where the contract would revert with it). */
export type MathRevertName =
  | 'UnknownProduct'
  | 'ProductNotActive'
  | 'IncidentOpen'
  | 'SalesPaused'
  | 'ZeroAmount'
  | 'CoverAmountTooLarge'
  | 'PeriodOutOfRange'
  | 'PoolCapacityExceeded'
  | 'ProductCapacityExceeded'
  | 'SafeCastOverflowedUintDowncast'
  | 'UnknownCover'
  | 'CoverIsCancelled'
  | 'CoverExpired'
  | 'CoverHasPayouts'
  | 'ClaimAlreadyOpen';

/**
 * The revert the contract would raise for the same inputs, predicted off chain: `errorName` and
 * `args` are exactly what viem decodes from the on-chain revert, so one handler serves both (it is a
 * `BulwarkContractError`: `if (e instanceof BulwarkContractError && e.is('SalesPaused')) ...`).
 */
export class MathRevertError<N extends MathRevertName = MathRevertName> extends BulwarkContractError<N> {
  override name = 'MathRevertError';
}

/** Which capacity a purchase or extension exceeded: the pool's (capital x leverage) or the product's (capital x cap). */
export type CapacityKind = 'pool' | 'product';

/**
 * `PoolCapacityExceeded(requested, available)` or `ProductCapacityExceeded(productId, requested,
 * available)`, with the numbers also as named fields.
 */
export class MathCapacityError extends MathRevertError<'PoolCapacityExceeded' | 'ProductCapacityExceeded'> {
  override name = 'MathCapacityError';
  readonly kind: CapacityKind;
  /** Cover asked for, asset units. */
  readonly requested: bigint;
  /** Cover that still fits, asset units. */
  readonly available: bigint;
  /** The product, for `kind: 'product'`. */
  readonly productId: bigint | undefined;

  constructor(kind: 'pool', requested: bigint, available: bigint);
  constructor(kind: 'product', requested: bigint, available: bigint, productId: bigint);
  constructor(kind: CapacityKind, requested: bigint, available: bigint, productId?: bigint) {
    const [errorName, args] = capacityRevert(kind, requested, available, productId);
    super(errorName, args);
    this.kind = kind;
    this.requested = requested;
    this.available = available;
    this.productId = productId;
  }
}

function capacityRevert(
  kind: CapacityKind,
  requested: bigint,
  available: bigint,
  productId: bigint | undefined,
): ['PoolCapacityExceeded', BulwarkErrorArgs<'PoolCapacityExceeded'>] | ['ProductCapacityExceeded', BulwarkErrorArgs<'ProductCapacityExceeded'>] {
  if (kind === 'pool') return ['PoolCapacityExceeded', [requested, available]];
  if (productId === undefined) throw new TypeError('a product capacity error needs the product id');
  return ['ProductCapacityExceeded', [productId, requested, available]];
}

/** Builds the error the contract reverts with (used by the math functions). */
export function revert<N extends MathRevertName>(errorName: N, args: BulwarkErrorArgs<N>): MathRevertError<N> {
  return new MathRevertError(errorName, args);
}
