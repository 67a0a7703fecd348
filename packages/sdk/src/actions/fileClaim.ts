import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { read, writeAndWait, type WriteOptions } from '../internal/write.js';
import { ensureAllowance } from './approveAsset.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface FileClaimParameters extends WriteOptions {
  coverId: bigint;
  /** Loss claimed, asset base units (at most the cover's remaining amount). */
  amount: bigint;
  /** When the loss happened (unix seconds). */
  incidentTime: number | bigint;
  /** Where the evidence lives (ipfs://, https://). */
  evidenceURI: string;
  /** Approve the claim deposit to the ClaimsManager if needed (default true). */
  approve?: boolean | undefined;
}
export interface FileClaimReturnType {
  hash: Hash;
  caseId: bigint;
  deposit: bigint;
  /** End of voting (unix seconds). */
  voteEnd: bigint;
}
export type FileClaimErrorType = BulwarkError;

/** Files a claim on a cover for the token holders to vote on; the claim deposit is taken. */
export async function fileClaim(client: BulwarkClient, parameters: FileClaimParameters): Promise<FileClaimReturnType> {
  const wallet = requireWallet(client, 'fileClaim');
  if (!parameters.evidenceURI.trim()) throw new InvalidParameterError('evidence URI must not be empty');
  const claimsManager = claimsManagerOf(client.deployment);
  if (parameters.approve ?? true) {
    const { claimDeposit } = await read(() => client.public.readContract({ ...claimsManager, functionName: 'params' }));
    await ensureAllowance(client, { spender: 'ClaimsManager', amount: claimDeposit, onProgress: parameters.onProgress });
  }
  const result = await writeAndWait(
    wallet,
    { ...claimsManager, functionName: 'fileClaim', args: [parameters.coverId, parameters.amount, BigInt(parameters.incidentTime), parameters.evidenceURI] },
    parameters,
  );
  const { args } = findEvent(result.receipt, claimsManager, 'ClaimFiled');
  return { hash: result.hash, caseId: args.caseId, deposit: args.deposit, voteEnd: args.voteEnd };
}
