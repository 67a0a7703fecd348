import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { depegTriggerOf } from '../internal/contracts.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';

export interface ProveDepegParameters extends WriteOptions {
  productId: number | bigint;
  /** The de-peg's first round below the threshold (the round before it was at or above). */
  startRoundId: bigint;
  /** The first round completing the required duration below the threshold. */
  endRoundId: bigint;
}
export interface ProveDepegReturnType {
  hash: Hash;
  eventId: bigint;
  incidentTime: bigint;
  payoutWad: bigint;
}
export type ProveDepegErrorType = BulwarkError;

/** Proves a de-peg from the feed's rounds (see `findDepegProof`); anyone may call it. */
export async function proveDepeg(client: BulwarkClient, parameters: ProveDepegParameters): Promise<ProveDepegReturnType> {
  const wallet = requireWallet(client, 'proveDepeg');
  const trigger = depegTriggerOf(client.deployment);
  const result = await writeAndWait(
    wallet,
    { ...trigger, functionName: 'prove', args: [BigInt(parameters.productId), parameters.startRoundId, parameters.endRoundId] },
    parameters,
  );
  const { args } = findEvent(result.receipt, trigger, 'Triggered');
  return { hash: result.hash, eventId: args.eventId, incidentTime: args.incidentTime, payoutWad: args.payoutWad };
}
