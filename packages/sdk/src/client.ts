import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem';

import { coverManagerAbi, coverPoolAbi, claimsManagerAbi, bulwarkTokenAbi, bulwarkGovernorAbi, timelockControllerAbi, mockUsdcAbi, mockAggregatorAbi } from './abis/index.js';
import type { Deployment } from './deployment.js';
import { NoAccountError, WrongNetworkError, toBulwarkError } from './errors.js';

/** What every action takes: a public client, optionally a wallet (for writes), and the deployment. */
export interface BulwarkClient {
  readonly public: PublicClient<Transport, Chain>;
  readonly wallet?: WalletClient<Transport, Chain | undefined, Account> | undefined;
  readonly deployment: Deployment;
}

/** A client that can send transactions. */
export interface BulwarkWalletClient extends BulwarkClient {
  readonly wallet: WalletClient<Transport, Chain | undefined, Account>;
}

export type CreateBulwarkClientParameters = BulwarkClient;

/** Bundles the viem clients with a deployment (see `loadDeployment` in `@bulwark/sdk/node`). */
export function createBulwarkClient(parameters: CreateBulwarkClientParameters): BulwarkClient {
  return { public: parameters.public, wallet: parameters.wallet, deployment: parameters.deployment };
}

/** Throws `WrongNetworkError` unless the RPC serves the deployment's chain. */
export async function assertNetwork(client: BulwarkClient): Promise<void> {
  let actual: number;
  try {
    actual = await client.public.getChainId();
  } catch (error) {
    throw toBulwarkError(error);
  }
  if (actual !== client.deployment.chainId) throw new WrongNetworkError(client.deployment.chainId, actual);
}

/** Narrows to a client with a wallet, or throws `NoAccountError` naming the action. */
export function requireWallet(client: BulwarkClient, action: string): BulwarkWalletClient {
  if (!client.wallet) throw new NoAccountError(action);
  return client as BulwarkWalletClient;
}

/** Address + ABI pairs of the deployment's contracts, ready for `readContract` / `writeContract`. */
export function contractsOf(deployment: Deployment) {
  const c = deployment.contracts;
  return {
    coverManager: { address: c.CoverManager, abi: coverManagerAbi },
    coverPool: { address: c.CoverPool, abi: coverPoolAbi },
    claimsManager: { address: c.ClaimsManager, abi: claimsManagerAbi },
    token: { address: c.BulwarkToken, abi: bulwarkTokenAbi },
    governor: { address: c.BulwarkGovernor, abi: bulwarkGovernorAbi },
    timelock: { address: c.TimelockController, abi: timelockControllerAbi },
    /** The pool's asset; the MockUSDC ABI is a superset of ERC-20 + ERC-2612 for reads and writes. */
    asset: { address: deployment.asset.address, abi: mockUsdcAbi },
    feed: c.MockAggregator ? { address: c.MockAggregator, abi: mockAggregatorAbi } : undefined,
  } as const;
}
