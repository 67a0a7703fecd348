import type { Address, Hash } from 'viem';

import type { BulwarkClient } from '../client.js';
import { requireWallet } from '../client.js';
import { mockUsdcAbi } from '../abis/index.js';
import { InvalidParameterError, type BulwarkError } from '../errors.js';
import { writeAndWait, type WriteOptions } from '../internal/write.js';

export interface FaucetParameters extends WriteOptions {
  /** Who receives the mock USDC (default: the sender). */
  to?: Address | undefined;
  /** Base units (at most 1,000,000 USDC per call). */
  amount: bigint;
}
export interface FaucetReturnType {
  hash: Hash;
}
export type FaucetErrorType = BulwarkError;

/** Mints mock USDC on a local deployment (throws on deployments with a real asset). */
export async function faucet(client: BulwarkClient, parameters: FaucetParameters): Promise<FaucetReturnType> {
  const wallet = requireWallet(client, 'faucet');
  const mock = client.deployment.contracts.MockUSDC;
  if (!mock) throw new InvalidParameterError(`chain ${client.deployment.chainId} has a real asset; the faucet exists only on local deployments`);
  const { hash } = await writeAndWait(
    wallet,
    { address: mock, abi: mockUsdcAbi, functionName: 'faucet', args: [parameters.to ?? wallet.wallet.account.address, parameters.amount] },
    parameters,
  );
  return { hash };
}
