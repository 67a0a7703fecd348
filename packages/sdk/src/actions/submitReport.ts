import type { Hash, Hex } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { reportTriggerOf } from '../internal/contracts.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';

/** An oracle report as the SignedReportTrigger's EIP-712 type `Report` defines it. */
export interface OracleReport {
  productId: bigint;
  riskKey: Hex;
  /** When the event happened (unix seconds). */
  eventTime: bigint;
  /** Flight: delay in minutes (-1 cancelled); quake: magnitude x 10. */
  observedValue: bigint;
  tier: number;
  nonce: bigint;
}

export interface SubmitReportParameters extends WriteOptions {
  report: OracleReport;
  /** Signatures of registered oracle signers, sorted by signer address ascending. */
  signatures: readonly Hex[];
}
export interface SubmitReportReturnType {
  hash: Hash;
  reportId: bigint;
  /** When `finalizeReport` may record the event (after the dispute window). */
  finalizableAt: bigint;
}
export type SubmitReportErrorType = BulwarkError;

/** Submits a report signed by at least the threshold of oracle signers; anyone may call it. */
export async function submitReport(client: BulwarkClient, parameters: SubmitReportParameters): Promise<SubmitReportReturnType> {
  const wallet = requireWallet(client, 'submitReport');
  if (parameters.signatures.length === 0) throw new InvalidParameterError('a report needs signatures');
  const trigger = reportTriggerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...trigger, functionName: 'submitReport', args: [parameters.report, [...parameters.signatures]] }, parameters);
  const { args } = findEvent(result.receipt, trigger, 'ReportSubmitted');
  return { hash: result.hash, reportId: args.reportId, finalizableAt: args.finalizableAt };
}
