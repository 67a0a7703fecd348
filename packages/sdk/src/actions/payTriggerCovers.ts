import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { triggerOf, type TriggerName } from '../internal/contracts.js';
import { findEvents } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';

export interface PayTriggerCoversParameters extends WriteOptions {
  trigger: TriggerName;
  eventId: bigint;
  /** Covers to pay in this transaction (see `getTriggerOwedCovers`). */
  coverIds: readonly bigint[];
}
export interface PayTriggerCoversReturnType {
  hash: Hash;
  total: bigint;
  /** Covers paid by this transaction (covers paid before are skipped by the contract). */
  paid: { coverId: bigint; amount: bigint }[];
  gasUsed: bigint;
}
export type PayTriggerCoversErrorType = BulwarkError;

/** Pays a trigger event to many covers in one transaction, each at most once; anyone may call it. */
export async function payTriggerCovers(client: BulwarkClient, parameters: PayTriggerCoversParameters): Promise<PayTriggerCoversReturnType> {
  const wallet = requireWallet(client, 'payTriggerCovers');
  if (parameters.coverIds.length === 0) throw new InvalidParameterError('no covers to pay');
  const trigger = triggerOf(client.deployment, parameters.trigger);
  const result = await writeAndWait(wallet, { ...trigger, functionName: 'payCovers', args: [parameters.eventId, [...parameters.coverIds]] }, parameters);
  const paid = findEvents(result.receipt, trigger, 'TriggerCoverPaid').map((e) => ({ coverId: e.args.coverId, amount: e.args.amount }));
  return { hash: result.hash, total: paid.reduce((sum, p) => sum + p.amount, 0n), paid, gasUsed: result.receipt.gasUsed };
}
