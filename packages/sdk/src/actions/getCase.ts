import type { Address } from 'viem';

import type { BulwarkClient } from '../client.js';
import { caseStatusNames, type BulwarkError } from '../errors.js';
import { read } from '../internal/write.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface CaseInfo {
  caseId: bigint;
  kind: 'claim' | 'incident';
  status: (typeof caseStatusNames)[number];
  filer: Address;
  /** The cover (claims) or the product (incidents). */
  subject: bigint;
  incidentTime: number;
  /** Claimed amount (claims) or payout share in WAD (incidents). */
  amount: bigint;
  deposit: bigint;
  /** Votes are weighed at this time (unix seconds). */
  snapshot: number;
  /** End of voting, then of the challenge period, then of the payout window. */
  deadline: number;
  forVotes: bigint;
  againstVotes: bigint;
  /** Votes needed for a decision (for + against). */
  quorum: bigint;
}

export interface GetCaseParameters {
  caseId: bigint;
}
export type GetCaseReturnType = CaseInfo;
export type GetCaseErrorType = BulwarkError;

/** One claim or incident with its votes. */
export async function getCase(client: BulwarkClient, parameters: GetCaseParameters): Promise<GetCaseReturnType> {
  const claimsManager = claimsManagerOf(client.deployment);
  return read(async () => {
    const [c, quorum] = await Promise.all([
      client.public.readContract({ ...claimsManager, functionName: 'getCase', args: [parameters.caseId] }),
      client.public.readContract({ ...claimsManager, functionName: 'quorumOf', args: [parameters.caseId] }),
    ]);
    return {
      caseId: parameters.caseId, kind: c.kind === 0 ? 'claim' : 'incident', status: caseStatusNames[c.status] ?? 'none',
      filer: c.filer, subject: BigInt(c.subject), incidentTime: c.incidentTime, amount: c.amount, deposit: c.deposit,
      snapshot: c.snapshot, deadline: c.deadline, forVotes: c.forVotes, againstVotes: c.againstVotes, quorum,
    };
  });
}

export interface GetCasesParameters {
  /** Only cases in these statuses (default: all). */
  statuses?: readonly CaseInfo['status'][] | undefined;
}
export type GetCasesReturnType = CaseInfo[];

/** Every case (claims and incidents), newest last. */
export async function getCases(client: BulwarkClient, parameters: GetCasesParameters = {}): Promise<GetCasesReturnType> {
  const claimsManager = claimsManagerOf(client.deployment);
  const count = await read(() => client.public.readContract({ ...claimsManager, functionName: 'caseCount' }));
  const cases = await Promise.all(Array.from({ length: Number(count) }, (_, i) => getCase(client, { caseId: BigInt(i + 1) })));
  return parameters.statuses ? cases.filter((c) => parameters.statuses?.includes(c.status)) : cases;
}
