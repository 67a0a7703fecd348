import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { read, writeAndWait, type WriteOptions } from '../internal/write.js';
import { coverManagerOf } from '../internal/contracts.js';

export interface CancelCoverParameters extends WriteOptions {
  coverId: bigint;
  /** Revert if the refund is below this. Default: the quoted refund (it only falls as time passes,
   * so the default allows the seconds until the block: `minRefundSlippageBps`, default 100). */
  minRefund?: bigint | undefined;
  minRefundSlippageBps?: number | undefined;
}
export interface CancelCoverReturnType {
  hash: Hash;
  refund: bigint;
  fee: bigint;
}
export type CancelCoverErrorType = BulwarkError;

/** Cancels a live cover: the unearned premium comes back minus the cancellation fee. */
export async function cancelCover(client: BulwarkClient, parameters: CancelCoverParameters): Promise<CancelCoverReturnType> {
  const wallet = requireWallet(client, 'cancelCover');
  const coverManager = coverManagerOf(client.deployment);
  const minRefund =
    parameters.minRefund ??
    (await read(async () => {
      const [refund] = await client.public.readContract({ ...coverManager, functionName: 'quoteCancel', args: [parameters.coverId] });
      return refund - (refund * BigInt(parameters.minRefundSlippageBps ?? 100)) / 10_000n;
    }));
  const result = await writeAndWait(wallet, { ...coverManager, functionName: 'cancelCover', args: [parameters.coverId, minRefund] }, parameters);
  const { args } = findEvent(result.receipt, coverManager, 'CoverCancelled');
  return { hash: result.hash, refund: args.refund, fee: args.fee };
}
