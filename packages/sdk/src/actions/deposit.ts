import type { Address, Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { ensureAllowance } from './approveAsset.js';
import { coverPoolOf } from '../internal/contracts.js';

export interface DepositParameters extends WriteOptions {
  /** Asset base units to deposit. */
  assets: bigint;
  /** Receiver of the pool shares (default: the sender). */
  receiver?: Address | undefined;
  /** Approve the pool first if the allowance is short (default true). */
  approve?: boolean | undefined;
}
export interface DepositReturnType {
  hash: Hash;
  shares: bigint;
}
export type DepositErrorType = BulwarkError;

/** Deposits capital into the pool for shares (ERC-4626 `deposit`). */
export async function deposit(client: BulwarkClient, parameters: DepositParameters): Promise<DepositReturnType> {
  const wallet = requireWallet(client, 'deposit');
  if (parameters.assets <= 0n) throw new InvalidParameterError('deposit must be greater than zero');
  const coverPool = coverPoolOf(client.deployment);
  if (parameters.approve ?? true) await ensureAllowance(client, { spender: 'CoverPool', amount: parameters.assets, onProgress: parameters.onProgress });
  const receiver = parameters.receiver ?? wallet.wallet.account.address;
  const result = await writeAndWait(wallet, { ...coverPool, functionName: 'deposit', args: [parameters.assets, receiver] }, parameters);
  const { args } = findEvent(result.receipt, coverPool, 'Deposit');
  return { hash: result.hash, shares: args.shares };
}
