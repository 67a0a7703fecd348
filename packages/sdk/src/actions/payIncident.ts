import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvents } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface PayIncidentParameters extends WriteOptions {
  caseId: bigint;
  /** Covers to pay in this transaction (see `getIncidentCovers` for the unpaid ones). */
  coverIds: readonly bigint[];
}
export interface PayIncidentReturnType {
  hash: Hash;
  total: bigint;
  /** Covers paid by this transaction, with amounts (covers already paid are skipped by the contract). */
  paid: { coverId: bigint; amount: bigint }[];
  gasUsed: bigint;
}
export type PayIncidentErrorType = BulwarkError;

/** Pays a payable incident to many covers in one transaction (each cover is paid at most once). */
export async function payIncident(client: BulwarkClient, parameters: PayIncidentParameters): Promise<PayIncidentReturnType> {
  const wallet = requireWallet(client, 'payIncident');
  if (parameters.coverIds.length === 0) throw new InvalidParameterError('no covers to pay');
  const claimsManager = claimsManagerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...claimsManager, functionName: 'payIncident', args: [parameters.caseId, [...parameters.coverIds]] }, parameters);
  const paid = findEvents(result.receipt, claimsManager, 'IncidentCoverPaid').map((e) => ({ coverId: e.args.coverId, amount: e.args.amount }));
  return { hash: result.hash, total: paid.reduce((sum, p) => sum + p.amount, 0n), paid, gasUsed: result.receipt.gasUsed };
}
