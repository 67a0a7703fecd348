import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface ClaimRewardsParameters extends WriteOptions {
  caseIds: readonly bigint[];
}
export interface ClaimRewardsReturnType {
  hash: Hash;
  total: bigint;
}
export type ClaimRewardsErrorType = BulwarkError;

/** Collects the sender's voting rewards from settled cases. */
export async function claimRewards(client: BulwarkClient, parameters: ClaimRewardsParameters): Promise<ClaimRewardsReturnType> {
  const wallet = requireWallet(client, 'claimRewards');
  if (parameters.caseIds.length === 0) throw new InvalidParameterError('no cases given');
  const claimsManager = claimsManagerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...claimsManager, functionName: 'claimRewards', args: [[...parameters.caseIds]] }, parameters);
  return { hash: result.hash, total: result.result as bigint };
}
