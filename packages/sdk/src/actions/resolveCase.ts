import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface ResolveCaseParameters extends WriteOptions {
  caseId: bigint;
}
export interface ResolveCaseReturnType {
  hash: Hash;
  accepted: boolean;
  forVotes: bigint;
  againstVotes: bigint;
  quorum: bigint;
  /** End of the challenge period if accepted, else 0. */
  challengeEnd: bigint;
}
export type ResolveCaseErrorType = BulwarkError;

/** Closes the vote of a case after its deadline (anyone may call it). */
export async function resolveCase(client: BulwarkClient, parameters: ResolveCaseParameters): Promise<ResolveCaseReturnType> {
  const wallet = requireWallet(client, 'resolveCase');
  const claimsManager = claimsManagerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...claimsManager, functionName: 'resolve', args: [parameters.caseId] }, parameters);
  const { args } = findEvent(result.receipt, claimsManager, 'CaseResolved');
  return { hash: result.hash, ...args };
}
