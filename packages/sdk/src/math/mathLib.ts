/**
 * Constants and multiply-divide of `contracts/src/libraries/{Constants,MathLib}.sol`, with the
 * rounding direction as an argument. Bigints do not overflow: where the contract's checked
 * arithmetic would panic, these return the exact result (the contract's inputs keep every product
 * far below 2^256, see MathLib.sol).
 */

/** Direction of an integer division: `down` is floor, `up` is ceiling (inputs are never negative). */
export type Rounding = 'up' | 'down';

/** Scale of every ratio (rates, utilization, leverage, caps, fees): 1e18 == 100%. `Constants.sol` WAD. */
export const WAD = 10n ** 18n;
/** Length of a year for annual rates, in seconds. `Constants.sol` YEAR. */
export const YEAR = 365n * 86_400n;
/** Width of an expiry bucket, in seconds: covers stop counting and streaming at a bucket boundary. `Constants.sol` BUCKET. */
export const BUCKET = 86_400n;
/** Scale of premium streaming: the pool earns `rateScaled / EARN_SCALE` asset units a second. `Constants.sol` EARN_SCALE. */
export const EARN_SCALE = 10n ** 6n;

function checkNonNegative(name: string, value: bigint): void {
  if (value < 0n) throw new RangeError(`${name} must not be negative, got ${value}`);
}

function checkDivisor(d: bigint): void {
  if (d <= 0n) throw new RangeError(d === 0n ? 'division by zero' : `divisor must be positive, got ${d}`);
}

/**
 * `x * y / d` rounded `rounding`: MathLib `mulDivDown` (floor) and `mulDivUp`, which is
 * `(x * y + (d - 1)) / d`. Throws a RangeError for `d == 0` (the contract panics) or a negative input.
 */
export function mulDiv(x: bigint, y: bigint, d: bigint, rounding: Rounding): bigint {
  checkNonNegative('x', x);
  checkNonNegative('y', y);
  checkDivisor(d);
  return rounding === 'up' ? (x * y + (d - 1n)) / d : (x * y) / d;
}

/** MathLib `mulDivDown`: floor(x * y / d). */
export function mulDivDown(x: bigint, y: bigint, d: bigint): bigint {
  return mulDiv(x, y, d, 'down');
}

/** MathLib `mulDivUp`: ceil(x * y / d). */
export function mulDivUp(x: bigint, y: bigint, d: bigint): bigint {
  return mulDiv(x, y, d, 'up');
}

/** `x * y / WAD` rounded `rounding`: MathLib `wMulDown` / `wMulUp`. */
export function wMul(x: bigint, y: bigint, rounding: Rounding): bigint {
  return mulDiv(x, y, WAD, rounding);
}

/** MathLib `divUp`: ceil(x / d) for d > 0. */
export function divUp(x: bigint, d: bigint): bigint {
  checkNonNegative('x', x);
  checkDivisor(d);
  return (x + (d - 1n)) / d;
}

/** MathLib `zeroFloorSub`: `a - b`, or 0 when `b > a`. */
export function zeroFloorSub(a: bigint, b: bigint): bigint {
  checkNonNegative('a', a);
  checkNonNegative('b', b);
  return a > b ? a - b : 0n;
}

/** The smaller of two bigints. */
export function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
