import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { read, writeAndWait, type WriteOptions } from '../internal/write.js';
import { ensureAllowance } from './approveAsset.js';
import { coverManagerOf } from '../internal/contracts.js';
import { maxPremiumFor } from '../math/pricing.js';

export interface ExtendCoverParameters extends WriteOptions {
  coverId: bigint;
  /** Seconds added to the cover's end. */
  extraPeriod: number | bigint;
  /** Default: the quote plus `slippageBps` (default 50). */
  maxPremium?: bigint | undefined;
  slippageBps?: number | undefined;
  /** Approve the CoverManager for `maxPremium` first if the allowance is short (default true). */
  approve?: boolean | undefined;
}
export interface ExtendCoverReturnType {
  hash: Hash;
  premium: bigint;
  end: bigint;
}
export type ExtendCoverErrorType = BulwarkError;

/** Extends a live cover, paying for the extra time (approving the CoverManager first unless told not to). */
export async function extendCover(client: BulwarkClient, parameters: ExtendCoverParameters): Promise<ExtendCoverReturnType> {
  const wallet = requireWallet(client, 'extendCover');
  const coverManager = coverManagerOf(client.deployment);
  const extraPeriod = BigInt(parameters.extraPeriod);
  if (extraPeriod <= 0n) throw new InvalidParameterError('extra period must be greater than zero');
  const maxPremium =
    parameters.maxPremium ??
    (await read(async () => {
      const premium = await client.public.readContract({ ...coverManager, functionName: 'quoteExtend', args: [parameters.coverId, extraPeriod] });
      return maxPremiumFor(premium, parameters.slippageBps);
    }));
  if (parameters.approve ?? true) await ensureAllowance(client, { spender: 'CoverManager', amount: maxPremium, onProgress: parameters.onProgress });
  const result = await writeAndWait(wallet, { ...coverManager, functionName: 'extendCover', args: [parameters.coverId, extraPeriod, maxPremium] }, parameters);
  const { args } = findEvent(result.receipt, coverManager, 'CoverExtended');
  return { hash: result.hash, premium: args.premium, end: args.end };
}
