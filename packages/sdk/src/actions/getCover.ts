import type { Address, Hex } from 'viem';

import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { coverManagerOf } from '../internal/contracts.js';

/** Cover flags as the CoverManager stores them. */
const FLAG_PAID = 1;
const FLAG_CANCELLED = 2;
const FLAG_CLAIM_OPEN = 4;

export type CoverStatus = 'waiting' | 'active' | 'expired' | 'cancelled' | 'paid' | 'claim-open';

export interface CoverInfo {
  coverId: bigint;
  productId: number;
  /** Current NFT owner (zero once cancelled). */
  owner: Address;
  riskKey: Hex;
  /** What the cover can still pay (asset base units). */
  amount: bigint;
  /** unix seconds */
  start: number;
  end: number;
  /** End of the waiting period: incidents before it are not covered. */
  waitingEnds: number;
  /** Last moment a claim can be filed (end + the product's claim grace period). */
  claimDeadline: number;
  status: CoverStatus;
  paid: boolean;
  claimOpen: boolean;
}

export interface GetCoverParameters {
  coverId: bigint;
}
export type GetCoverReturnType = CoverInfo;
export type GetCoverErrorType = BulwarkError;

/** One cover with its status now. */
export async function getCover(client: BulwarkClient, parameters: GetCoverParameters): Promise<GetCoverReturnType> {
  const coverManager = coverManagerOf(client.deployment);
  return read(async () => {
    const [cover, riskKey, block] = await Promise.all([
      client.public.readContract({ ...coverManager, functionName: 'cover', args: [parameters.coverId] }),
      client.public.readContract({ ...coverManager, functionName: 'riskKeyOf', args: [parameters.coverId] }),
      client.public.getBlock(),
    ]);
    const product = await client.public.readContract({ ...coverManager, functionName: 'product', args: [BigInt(cover.productId)] });
    return describeCover(parameters.coverId, cover, riskKey, product, Number(block.timestamp));
  });
}

/** Status of a stored cover at `now`. */
export function describeCover(
  coverId: bigint,
  cover: { owner: Address; productId: number; start: number; end: number; amount: bigint; flags: number },
  riskKey: Hex,
  product: { waitingPeriod: number; claimGracePeriod: number },
  now: number,
): CoverInfo {
  const paid = (cover.flags & FLAG_PAID) !== 0;
  const claimOpen = (cover.flags & FLAG_CLAIM_OPEN) !== 0;
  const waitingEnds = cover.start + product.waitingPeriod;
  const status: CoverStatus =
    (cover.flags & FLAG_CANCELLED) !== 0 ? 'cancelled'
    : claimOpen ? 'claim-open'
    : paid ? 'paid'
    : now >= cover.end ? 'expired'
    : now < waitingEnds ? 'waiting'
    : 'active';
  return {
    coverId, productId: cover.productId, owner: cover.owner, riskKey, amount: cover.amount, start: cover.start, end: cover.end,
    waitingEnds, claimDeadline: cover.end + product.claimGracePeriod, status, paid, claimOpen,
  };
}
