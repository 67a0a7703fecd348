import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { reportTriggerOf } from '../internal/contracts.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';

export interface FinalizeReportParameters extends WriteOptions {
  reportId: bigint;
}
export interface FinalizeReportReturnType {
  hash: Hash;
  eventId: bigint;
}
export type FinalizeReportErrorType = BulwarkError;

/** Records the event of a pending report once its dispute window has passed; anyone may call it. */
export async function finalizeReport(client: BulwarkClient, parameters: FinalizeReportParameters): Promise<FinalizeReportReturnType> {
  const wallet = requireWallet(client, 'finalizeReport');
  const trigger = reportTriggerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...trigger, functionName: 'finalize', args: [parameters.reportId] }, parameters);
  return { hash: result.hash, eventId: findEvent(result.receipt, trigger, 'ReportFinalized').args.eventId };
}
