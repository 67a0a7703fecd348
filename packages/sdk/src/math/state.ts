/**
 * Reads the state the math functions take from chain, every value at one block, so a quote computed
 * from it equals the contract's quote at that block (an `eth_call` at a block runs with that block's
 * timestamp, which is returned as `timestamp`).
 */
import { erc20Abi, type Address, type Chain, type PublicClient, type Transport } from 'viem';

import { coverManagerAbi, coverPoolAbi } from '../abis/index.js';
import { toBulwarkError } from '../errors.js';
import { capital } from './earning.js';
import { ProductStatus, type CoverRecord, type PoolState, type ProductTerms, type VaultState } from './types.js';

export interface PricingStateAddresses {
  coverManager: Address;
  coverPool: Address;
  /** The pool's asset (`CoverManager.asset()`). */
  asset: Address;
}

/** Everything a quote, a share conversion or a cancellation needs, as of `blockNumber`. */
export interface PricingSnapshot {
  blockNumber: bigint;
  /** The block's timestamp: the time every value below is previewed at; pass it to the quote functions. */
  timestamp: bigint;
  pool: PoolState;
  product: ProductTerms;
  /** `totalAssets` is computed as `capital(pool)`, which is what `CoverPool.totalAssets()` returns. */
  vault: VaultState;
  /** `CoverManager.cancelFeeWad()`. */
  cancelFeeWad: bigint;
  /** `CoverManager.openClaims()` (for `freeCapital`). */
  openClaims: bigint;
}

type AnyPublicClient = PublicClient<Transport, Chain | undefined>;

/**
 * Reads pool and product `productId` at `blockNumber` (default: the latest block, read once first so
 * every call sees the same one). An unlisted product comes back with status `Unlisted` and zero
 * terms, which `quotePurchase` rejects with `UnknownProduct` as the contract does. Failures are
 * thrown as `BulwarkError`s.
 */
export async function readPricingState(
  client: AnyPublicClient,
  addresses: PricingStateAddresses,
  productId: bigint,
  blockNumber?: bigint,
): Promise<PricingSnapshot> {
  try {
    const at = blockNumber ?? (await client.getBlockNumber({ cacheTime: 0 }));
    const manager = { address: addresses.coverManager, abi: coverManagerAbi, blockNumber: at } as const;
    const [block, params, activeCover, liabilities, balance, totalSupply, cancelFeeWad, openClaims, status, openIncidents, pausedUntil, productActive, terms] =
      await Promise.all([
        client.getBlock({ blockNumber: at }),
        client.readContract({ ...manager, functionName: 'poolParams' }),
        client.readContract({ ...manager, functionName: 'activeCover' }),
        client.readContract({ ...manager, functionName: 'liabilities' }),
        client.readContract({ address: addresses.asset, abi: erc20Abi, functionName: 'balanceOf', args: [addresses.coverPool], blockNumber: at }),
        client.readContract({ address: addresses.coverPool, abi: coverPoolAbi, functionName: 'totalSupply', blockNumber: at }),
        client.readContract({ ...manager, functionName: 'cancelFeeWad' }),
        client.readContract({ ...manager, functionName: 'openClaims' }),
        client.readContract({ ...manager, functionName: 'productStatus', args: [productId] }),
        client.readContract({ ...manager, functionName: 'productOpenIncidents', args: [productId] }),
        client.readContract({ ...manager, functionName: 'productPausedUntil', args: [productId] }),
        client.readContract({ ...manager, functionName: 'productActiveCover', args: [productId] }),
        // `product` reverts for an unlisted id; the status read beside it tells which case this is.
        settle(client.readContract({ ...manager, functionName: 'product', args: [productId] })),
      ]);
    if (!terms.ok && status !== ProductStatus.Unlisted) throw terms.error;
    const t = terms.ok ? terms.value : undefined;
    const pool: PoolState = {
      balance,
      liabilities,
      activeCover,
      leverageWad: params.leverageWad,
      curve: { kinkWad: params.curve.kinkWad, slope1Wad: params.curve.slope1Wad, slope2Wad: params.curve.slope2Wad },
    };
    const product: ProductTerms = {
      productId,
      status: toProductStatus(status),
      openIncidents,
      pausedUntil,
      baseRateWad: t?.baseRateWad ?? 0n,
      capWad: t?.capWad ?? 0n,
      maxCoverAmount: t?.maxCoverAmount ?? 0n,
      minPeriod: BigInt(t?.minPeriod ?? 0),
      maxPeriod: BigInt(t?.maxPeriod ?? 0),
      activeCover: productActive,
    };
    return {
      blockNumber: at,
      timestamp: block.timestamp,
      pool,
      product,
      vault: { totalAssets: capital(pool), totalSupply },
      cancelFeeWad,
      openClaims,
    };
  } catch (error) {
    throw toBulwarkError(error);
  }
}

/** Reads cover `coverId` (`CoverManager.cover`) at `blockNumber` (default latest) as a `CoverRecord`. */
export async function readCover(
  client: AnyPublicClient,
  coverManager: Address,
  coverId: bigint,
  blockNumber?: bigint,
): Promise<CoverRecord> {
  try {
    const c = await client.readContract({
      address: coverManager, abi: coverManagerAbi, functionName: 'cover', args: [coverId],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    });
    return toCoverRecord(coverId, c);
  } catch (error) {
    throw toBulwarkError(error);
  }
}

/** A `CoverManager.cover(coverId)` result as decoded by viem, widened to a `CoverRecord`. */
export function toCoverRecord(
  coverId: bigint,
  c: { owner: Address; productId: number; start: number; end: number; amount: bigint; flags: number; rateScaled: bigint },
): CoverRecord {
  return {
    coverId,
    owner: c.owner,
    productId: BigInt(c.productId),
    start: BigInt(c.start),
    end: BigInt(c.end),
    amount: c.amount,
    flags: c.flags,
    rateScaled: c.rateScaled,
  };
}

async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

function toProductStatus(value: number): ProductStatus {
  if (value === 0 || value === 1 || value === 2 || value === 3) return value;
  throw new RangeError(`unknown product status ${value}`);
}
