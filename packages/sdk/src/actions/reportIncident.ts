import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { read, writeAndWait, type WriteOptions } from '../internal/write.js';
import { ensureAllowance } from './approveAsset.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface ReportIncidentParameters extends WriteOptions {
  productId: number | bigint;
  /** When the incident happened (unix seconds). */
  incidentTime: number | bigint;
  /** Share of each eligible cover's amount to pay if accepted (WAD: 1e18 = 100%). */
  payoutWad: bigint;
  evidenceURI: string;
  /** Approve the incident bond to the ClaimsManager if needed (default true). */
  approve?: boolean | undefined;
}
export interface ReportIncidentReturnType {
  hash: Hash;
  caseId: bigint;
  bond: bigint;
  voteEnd: bigint;
}
export type ReportIncidentErrorType = BulwarkError;

/** Reports a product-wide incident (one vote for every cover of the product); the bond is taken. */
export async function reportIncident(client: BulwarkClient, parameters: ReportIncidentParameters): Promise<ReportIncidentReturnType> {
  const wallet = requireWallet(client, 'reportIncident');
  if (!parameters.evidenceURI.trim()) throw new InvalidParameterError('evidence URI must not be empty');
  if (parameters.payoutWad <= 0n || parameters.payoutWad > 10n ** 18n) throw new InvalidParameterError('payout share must be in (0, 1e18]');
  const claimsManager = claimsManagerOf(client.deployment);
  if (parameters.approve ?? true) {
    const { incidentBond } = await read(() => client.public.readContract({ ...claimsManager, functionName: 'params' }));
    await ensureAllowance(client, { spender: 'ClaimsManager', amount: incidentBond, onProgress: parameters.onProgress });
  }
  const result = await writeAndWait(
    wallet,
    {
      ...claimsManager,
      functionName: 'reportIncident',
      args: [BigInt(parameters.productId), BigInt(parameters.incidentTime), parameters.payoutWad, parameters.evidenceURI],
    },
    parameters,
  );
  const { args } = findEvent(result.receipt, claimsManager, 'IncidentReported');
  return { hash: result.hash, caseId: args.caseId, bond: args.bond, voteEnd: args.voteEnd };
}
