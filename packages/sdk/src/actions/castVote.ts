import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface CastVoteParameters extends WriteOptions {
  caseId: bigint;
  /** True: pay the claim / accept the incident. */
  support: boolean;
}
export interface CastVoteReturnType {
  hash: Hash;
  /** Votes counted (the voter's delegated votes at the case's snapshot). */
  weight: bigint;
}
export type CastVoteErrorType = BulwarkError;

/** Votes on a claim or incident with the votes delegated to the sender when it was filed. */
export async function castVote(client: BulwarkClient, parameters: CastVoteParameters): Promise<CastVoteReturnType> {
  const wallet = requireWallet(client, 'castVote');
  const claimsManager = claimsManagerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...claimsManager, functionName: 'castVote', args: [parameters.caseId, parameters.support] }, parameters);
  return { hash: result.hash, weight: findEvent(result.receipt, claimsManager, 'VoteCast').args.weight };
}
