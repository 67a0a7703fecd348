import type { Address, Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import type { BulwarkError } from '../errors.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';
import { assetOf } from '../internal/contracts.js';

export interface ApproveAssetParameters extends WriteOptions {
  /** Which contract may spend: the CoverManager (premiums), the CoverPool (deposits) or the ClaimsManager (claim deposits, incident bonds). */
  spender: 'CoverManager' | 'CoverPool' | 'ClaimsManager' | Address;
  amount: bigint;
}
export interface ApproveAssetReturnType {
  hash: Hash;
}
export type ApproveAssetErrorType = BulwarkError;

/** Approves a Bulwark contract to spend the sender's asset (USDC). */
export async function approveAsset(client: BulwarkClient, parameters: ApproveAssetParameters): Promise<ApproveAssetReturnType> {
  const wallet = requireWallet(client, 'approveAsset');
  const asset = assetOf(client.deployment);
  const spender = spenderAddress(client, parameters.spender);
  const { hash } = await writeAndWait(wallet, { ...asset, functionName: 'approve', args: [spender, parameters.amount] }, parameters);
  return { hash };
}

/** Approves `spender` for `amount` unless the allowance already covers it. */
export async function ensureAllowance(client: BulwarkClient, parameters: ApproveAssetParameters): Promise<Hash | undefined> {
  const wallet = requireWallet(client, 'ensureAllowance');
  const asset = assetOf(client.deployment);
  const spender = spenderAddress(client, parameters.spender);
  const allowance = await client.public.readContract({ ...asset, functionName: 'allowance', args: [wallet.wallet.account.address, spender] });
  if (allowance >= parameters.amount) return undefined;
  return (await approveAsset(client, parameters)).hash;
}

function spenderAddress(client: BulwarkClient, spender: ApproveAssetParameters['spender']): Address {
  return spender === 'CoverManager' || spender === 'CoverPool' || spender === 'ClaimsManager' ? client.deployment.contracts[spender] : spender;
}
