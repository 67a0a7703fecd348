import type { Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { coverPoolOf } from '../internal/contracts.js';

export interface RequestWithdrawParameters extends WriteOptions {
  /** Pool shares to queue (they keep bearing losses until they leave). */
  shares: bigint;
}
export interface RequestWithdrawReturnType {
  hash: Hash;
  shares: bigint;
  /** From when the withdrawal can execute, until when (unix seconds). */
  unlocksAt: bigint;
  expiresAt: bigint;
}
export type RequestWithdrawErrorType = BulwarkError;

/** Queues shares for withdrawal; they can be withdrawn after the cooldown, inside the window. */
export async function requestWithdraw(client: BulwarkClient, parameters: RequestWithdrawParameters): Promise<RequestWithdrawReturnType> {
  const wallet = requireWallet(client, 'requestWithdraw');
  if (parameters.shares <= 0n) throw new InvalidParameterError('shares must be greater than zero');
  const coverPool = coverPoolOf(client.deployment);
  const result = await writeAndWait(wallet, { ...coverPool, functionName: 'requestWithdraw', args: [parameters.shares] }, parameters);
  const { args } = findEvent(result.receipt, coverPool, 'WithdrawalRequested');
  return { hash: result.hash, shares: args.shares, unlocksAt: args.unlocksAt, expiresAt: args.expiresAt };
}
