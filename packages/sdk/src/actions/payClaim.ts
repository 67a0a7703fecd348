import type { Address, Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { claimsManagerOf } from '../internal/contracts.js';

export interface PayClaimParameters extends WriteOptions {
  caseId: bigint;
}
export interface PayClaimReturnType {
  hash: Hash;
  coverId: bigint;
  /** The cover NFT's owner, who received the payout. */
  owner: Address;
  amount: bigint;
}
export type PayClaimErrorType = BulwarkError;

/** Pays an accepted claim after its challenge period (anyone may call it; the cover's owner is paid). */
export async function payClaim(client: BulwarkClient, parameters: PayClaimParameters): Promise<PayClaimReturnType> {
  const wallet = requireWallet(client, 'payClaim');
  const claimsManager = claimsManagerOf(client.deployment);
  const result = await writeAndWait(wallet, { ...claimsManager, functionName: 'payClaim', args: [parameters.caseId] }, parameters);
  const { args } = findEvent(result.receipt, claimsManager, 'ClaimPaid');
  return { hash: result.hash, coverId: args.coverId, owner: args.owner, amount: args.amount };
}
