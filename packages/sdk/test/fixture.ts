/**
 * A real local Bulwark for end-to-end tests: anvil on `port`, the demo deployment (five products, BWK
 * to four assessors), pool capital from two depositors, assessors self-delegated, mock USDC for
 * every development account, and the deployment written to a temporary `deployments/` directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createPublicClient, createWalletClient, http, parseUnits, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { ANVIL_KEYS, anvilAddress, anvilKey, localChain } from '../../../scripts/lib/chain.js';
import { deployBulwark, demoConfig, writeDeployment } from '../../../scripts/lib/deploy.js';
import { forgeBuild, startAnvil, type Anvil } from '../../../scripts/lib/foundry.js';
import { createBulwarkClient, delegate, deposit, faucet, type BulwarkClient, type Deployment } from '../src/index.js';

export const USDC = (value: string): bigint => parseUnits(value, 6);
export const DAY = 86_400;

export interface Fixture {
  anvil: Anvil;
  deployment: Deployment;
  /** Temporary directory holding `<chainId>.json`. */
  deploymentsDir: string;
  /** A client signing with anvil development account `i`. */
  as(i: number): BulwarkClient;
  /** A client without a wallet. */
  reader: BulwarkClient;
  /** Moves the chain's clock forward and mines a block. */
  advance(seconds: number): Promise<void>;
  now(): Promise<bigint>;
  stop(): Promise<void>;
}

export async function startFixture(port: number): Promise<Fixture> {
  forgeBuild();
  const anvil = await startAnvil({ port });
  const deploymentsDir = mkdtempSync(join(tmpdir(), 'bulwark-deployments-'));
  try {
    const chain = localChain(31337, anvil.url);
    const transport = http(anvil.url);
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 10, cacheTime: 0 });
    const walletFor = (key: Hex) => createWalletClient({ chain, transport, account: privateKeyToAccount(key), pollingInterval: 10, cacheTime: 0 });
    const deployment = await deployBulwark(
      { public: publicClient, wallet: walletFor(anvilKey(0)) },
      demoConfig({ guardian: anvilAddress(1), assessors: [5, 6, 7, 8].map(anvilAddress) }),
    );
    writeDeployment(deployment, deploymentsDir);
    const as = (i: number) => createBulwarkClient({ public: publicClient, wallet: walletFor(anvilKey(i)), deployment });
    for (let i = 0; i < ANVIL_KEYS.length; i++) await faucet(as(0), { to: anvilAddress(i), amount: USDC('1000000') });
    await deposit(as(3), { assets: USDC('600000') });
    await deposit(as(4), { assets: USDC('400000') });
    for (const i of [5, 6, 7, 8]) await delegate(as(i));
    const rpc = (method: string, params: unknown[]) => publicClient.request({ method, params } as never);
    return {
      anvil, deployment, deploymentsDir, as,
      reader: createBulwarkClient({ public: publicClient, deployment }),
      async advance(seconds) {
        await rpc('evm_increaseTime', [seconds]);
        await rpc('evm_mine', []);
      },
      async now() {
        return (await publicClient.getBlock()).timestamp;
      },
      async stop() {
        await anvil.stop();
        rmSync(deploymentsDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}
