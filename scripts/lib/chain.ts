import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { linkBytecode, type Artifact } from './artifacts.js';

/** The first ten anvil development keys (public test mnemonic; worthless on any real chain). */
export const ANVIL_KEYS: readonly Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
];

/** Anvil development key `i` (0-9); throws for any other index. */
export function anvilKey(i: number): Hex {
  const key = ANVIL_KEYS[i];
  if (!key) throw new RangeError(`no anvil development key ${i}`);
  return key;
}

/** The address of anvil development account `i`. */
export function anvilAddress(i: number): Address {
  return privateKeyToAccount(anvilKey(i)).address;
}

export type Wallet = WalletClient<Transport, Chain, Account>;

export interface Clients {
  readonly public: PublicClient<Transport, Chain>;
  readonly wallet: Wallet;
}

/** Error for a transaction that was mined but reverted. */
export class TransactionRevertedError extends Error {
  override name = 'TransactionRevertedError';
  constructor(
    readonly label: string,
    readonly receipt: TransactionReceipt,
  ) {
    super(`${label} reverted in transaction ${receipt.transactionHash}`);
  }
}

/** A chain description for a local node with `chainId` at `url`. */
export function localChain(chainId: number, url: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? 'Anvil' : `Chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
}

/** Clients tuned for a local node: fast polling and no caching, or receipts time out under load. */
export function localClients(url: string, privateKey: Hex, chainId = 31337): Clients {
  const chain = localChain(chainId, url);
  const transport = http(url);
  return {
    public: createPublicClient({ chain, transport, pollingInterval: 10, cacheTime: 0 }),
    wallet: createWalletClient({ chain, transport, account: privateKeyToAccount(privateKey), pollingInterval: 10, cacheTime: 0 }),
  };
}

/** The same clients signing with another key. */
export function withKey(clients: Clients, privateKey: Hex): Clients {
  const url = clients.public.chain.rpcUrls.default.http[0];
  if (!url) throw new Error('chain has no RPC URL');
  return localClients(url, privateKey, clients.public.chain.id);
}

/** Deploys `artifact` and waits for it; returns the address and the receipt. */
export async function deploy(
  clients: Clients,
  artifact: Artifact,
  args: readonly unknown[] = [],
  libraries: Record<string, Address> = {},
): Promise<{ address: Address; receipt: TransactionReceipt }> {
  const hash = await clients.wallet.deployContract({
    abi: artifact.abi,
    bytecode: linkBytecode(artifact, libraries),
    args: args as never,
  });
  const receipt = await clients.public.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new TransactionRevertedError('deployment', receipt);
  return { address: receipt.contractAddress, receipt };
}

/** Sends a contract call, waits for it and throws if it reverted. */
export async function send(
  clients: Clients,
  call: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
): Promise<TransactionReceipt> {
  const hash = await clients.wallet.writeContract({
    address: call.address,
    abi: call.abi,
    functionName: call.functionName,
    args: (call.args ?? []) as never,
  } as never);
  const receipt = await clients.public.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new TransactionRevertedError(call.functionName, receipt);
  return receipt;
}
