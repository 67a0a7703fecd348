import type { Address } from 'viem';

import type { BulwarkClient } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { assetOf, coverPoolOf } from '../internal/contracts.js';

export interface GetPositionParameters {
  owner: Address;
}
/** A depositor's position and withdrawal request; amounts in base units. */
export interface GetPositionReturnType {
  shares: bigint;
  /** What the shares are worth now (rounded down). */
  assets: bigint;
  /** The owner's asset balance outside the pool. */
  walletBalance: bigint;
  request: {
    shares: bigint;
    /** unix seconds; 0 without a request */
    unlocksAt: bigint;
    expiresAt: bigint;
    state: 'none' | 'cooling-down' | 'executable' | 'expired';
  };
  /** What `withdraw` can take now. */
  maxWithdraw: bigint;
  maxRedeem: bigint;
}
export type GetPositionErrorType = BulwarkError;

/** A depositor's shares, their value and withdrawal request. */
export async function getPosition(client: BulwarkClient, parameters: GetPositionParameters): Promise<GetPositionReturnType> {
  const coverPool = coverPoolOf(client.deployment);
  const asset = assetOf(client.deployment);
  return read(async () => {
    const blockNumber = await client.public.getBlockNumber();
    const at = { blockNumber };
    const [shares, walletBalance, request, maxWithdraw, maxRedeem, block] = await Promise.all([
      client.public.readContract({ ...coverPool, functionName: 'balanceOf', args: [parameters.owner], ...at }),
      client.public.readContract({ ...asset, functionName: 'balanceOf', args: [parameters.owner], ...at }),
      client.public.readContract({ ...coverPool, functionName: 'withdrawalRequest', args: [parameters.owner], ...at }),
      client.public.readContract({ ...coverPool, functionName: 'maxWithdraw', args: [parameters.owner], ...at }),
      client.public.readContract({ ...coverPool, functionName: 'maxRedeem', args: [parameters.owner], ...at }),
      client.public.getBlock({ blockNumber }),
    ]);
    const assets = await client.public.readContract({ ...coverPool, functionName: 'convertToAssets', args: [shares], ...at });
    const now = block.timestamp;
    const state =
      request.shares === 0n ? 'none' : now < request.unlocksAt ? 'cooling-down' : now <= request.expiresAt ? 'executable' : 'expired';
    return {
      shares, assets, walletBalance, maxWithdraw, maxRedeem,
      request: { shares: request.shares, unlocksAt: request.unlocksAt, expiresAt: request.expiresAt, state },
    };
  });
}
