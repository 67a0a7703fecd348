import type { Address, Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { findEvent } from '../internal/events.js';
import { read, writeAndWait, type WriteOptions } from '../internal/write.js';
import { coverPoolOf } from '../internal/contracts.js';

export interface WithdrawParameters extends WriteOptions {
  /** Shares to redeem, or 'max' for everything the matured request allows now (`maxRedeem`). */
  shares: bigint | 'max';
  receiver?: Address | undefined;
}
export interface WithdrawReturnType {
  hash: Hash;
  assets: bigint;
  shares: bigint;
}
export type WithdrawErrorType = BulwarkError;

/** Redeems requested shares after the cooldown, inside the execution window (ERC-4626 `redeem`). */
export async function withdraw(client: BulwarkClient, parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  const wallet = requireWallet(client, 'withdraw');
  const coverPool = coverPoolOf(client.deployment);
  const owner = wallet.wallet.account.address;
  const shares =
    parameters.shares === 'max'
      ? await read(() => client.public.readContract({ ...coverPool, functionName: 'maxRedeem', args: [owner] }))
      : parameters.shares;
  if (shares <= 0n) {
    // With 'max', zero means the request is not executable: let the contract say why.
    if (parameters.shares !== 'max') throw new InvalidParameterError('shares must be greater than zero');
  }
  const result = await writeAndWait(
    wallet,
    { ...coverPool, functionName: 'redeem', args: [shares === 0n ? 1n : shares, parameters.receiver ?? owner, owner] },
    parameters,
  );
  const { args } = findEvent(result.receipt, coverPool, 'Withdraw');
  return { hash: result.hash, assets: args.assets, shares: args.shares };
}
