import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface SettleIncidentParameters extends WriteOptions {
  caseId: bigint;
}
export interface SettleIncidentReturnType {
  hash: Hash;
  /** Until when covers can be paid (unix seconds). */
  windowEnd: bigint;
}
export type SettleIncidentErrorType = BulwarkError;

/** Makes an accepted incident payable after its challenge period (anyone may call it). */
export async function settleIncident(client: BulwarkClient, parameters: SettleIncidentParameters): Promise<SettleIncidentReturnType> {
  const wallet = requireWallet(client, 'settleIncident');
  const claimsManager = claimsManagerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...claimsManager, functionName: 'settleIncident', args: [parameters.caseId] }, parameters);
  return { hash: result.hash, windowEnd: findEvent(result.receipt, claimsManager, 'IncidentPayable').args.windowEnd };
}
