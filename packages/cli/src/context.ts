import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { assertNetwork, createBulwarkClient, toBulwarkError, type BulwarkClient } from '@bulwark/sdk';
import { loadDeployment } from '@bulwark/sdk/node';
import { createPublicClient, createWalletClient, defineChain, http, isHex, type Account, type Hex } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';

import { UsageError } from './errors.js';

/** Anvil's public test mnemonic: its accounts are worthless anywhere but a local chain. */
const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
const LOCAL_CHAIN_ID = 31337;

export interface GlobalOptions {
  rpcUrl?: string | undefined;
  keyFile?: string | undefined;
  account?: string | undefined;
  deployments?: string | undefined;
  chainId?: string | undefined;
  json: boolean;
}

export interface Context {
  client: BulwarkClient;
  json: boolean;
  decimals: number;
  symbol: string;
  /** Asks for the wallet; throws a usage error naming the options when there is none. */
  signer(): Account;
  print(text: string): void;
  /** Progress lines go to stderr so `--json` output stays clean. */
  progress(text: string): void;
}

/** The nearest `deployments/` directory from the working directory up. */
function findDeploymentsDir(): string {
  let dir = process.cwd();
  for (;;) {
    const candidate = join(dir, 'deployments');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), 'deployments');
    dir = parent;
  }
}

/**
 * The signing key, from (in order) `--key-file`, `BULWARK_PRIVATE_KEY`, or `--account <n>` (anvil's
 * development account n, local chain only). Never printed.
 */
function loadAccount(options: GlobalOptions, chainId: number): Account | undefined {
  const fromHex = (text: string, source: string): Account => {
    const key = text.trim();
    const hex = (key.startsWith('0x') ? key : `0x${key}`) as Hex;
    if (!isHex(hex) || hex.length !== 66) throw new UsageError(`${source} does not hold a 32-byte hex private key`);
    return privateKeyToAccount(hex);
  };
  if (options.keyFile) {
    if (!existsSync(options.keyFile)) throw new UsageError(`key file ${options.keyFile} does not exist`);
    return fromHex(readFileSync(options.keyFile, 'utf8'), `key file ${options.keyFile}`);
  }
  const env = process.env.BULWARK_PRIVATE_KEY;
  if (env) return fromHex(env, 'BULWARK_PRIVATE_KEY');
  if (options.account !== undefined) {
    if (chainId !== LOCAL_CHAIN_ID) throw new UsageError(`--account uses anvil's development keys, which exist only on the local chain (${LOCAL_CHAIN_ID}), not on ${chainId}`);
    if (!/^\d$/.test(options.account)) throw new UsageError(`--account must be 0-9, got "${options.account}"`);
    return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: Number(options.account) });
  }
  return undefined;
}

export async function createContext(options: GlobalOptions): Promise<Context> {
  const rpcUrl = options.rpcUrl ?? process.env.BULWARK_RPC_URL ?? 'http://127.0.0.1:8545';
  let url: URL;
  try {
    url = new URL(rpcUrl);
  } catch {
    throw new UsageError(`--rpc-url is not a URL: "${rpcUrl}"`);
  }
  const probe = createPublicClient({ transport: http(url.toString(), { retryCount: 1 }) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw toBulwarkError(error);
  }
  const expected = options.chainId ?? process.env.BULWARK_CHAIN_ID;
  const deploymentChain = expected !== undefined ? Number(expected) : chainId;
  if (!Number.isInteger(deploymentChain)) throw new UsageError(`--chain-id must be an integer, got "${expected}"`);
  const dir = options.deployments ?? process.env.BULWARK_DEPLOYMENTS ?? findDeploymentsDir();
  const deployment = loadDeployment(deploymentChain, resolve(dir));
  const local = chainId === LOCAL_CHAIN_ID;
  const chain = defineChain({
    id: chainId,
    name: local ? 'Anvil' : `Chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url.toString()] } },
  });
  const transport = http(url.toString(), { retryCount: 3 });
  const pollingInterval = local ? 20 : 2000;
  const publicClient = createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 });
  const account = loadAccount(options, chainId);
  const wallet = account ? createWalletClient({ chain, transport, account, pollingInterval, cacheTime: 0 }) : undefined;
  const client = createBulwarkClient({ public: publicClient, wallet, deployment });
  await assertNetwork(client);
  const json = options.json;
  return {
    client,
    json,
    decimals: deployment.asset.decimals,
    symbol: deployment.asset.symbol,
    signer() {
      if (!account) throw new UsageError('this command sends a transaction: give a key with --key-file <file> or BULWARK_PRIVATE_KEY (or --account <0-9> on the local chain)');
      return account;
    },
    print(text) {
      process.stdout.write(`${text}\n`);
    },
    progress(text) {
      process.stderr.write(`${text}\n`);
    },
  };
}
