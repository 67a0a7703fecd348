import type { Address, Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { tokenOf } from '../internal/contracts.js';

export interface DelegateParameters extends WriteOptions {
  /** Who votes with the sender's BWK (default: the sender itself). Undelegated tokens do not vote. */
  delegatee?: Address | undefined;
}
export interface DelegateReturnType {
  hash: Hash;
}
export type DelegateErrorType = BulwarkError;

/** Delegates the sender's BWK votes (needed before voting on claims or proposals). */
export async function delegate(client: BulwarkClient, parameters: DelegateParameters = {}): Promise<DelegateReturnType> {
  const wallet = requireWallet(client, 'delegate');
  const token = tokenOf(client.deployment);
  const { hash } = await writeAndWait(wallet, { ...token, functionName: 'delegate', args: [parameters.delegatee ?? wallet.wallet.account.address] }, parameters);
  return { hash };
}
