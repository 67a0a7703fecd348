import { createConfig, createConnector, http, injected, type Config } from 'wagmi';
import { defineChain, getAddress, numberToHex, type Address, type Chain, type EIP1193RequestFn } from 'viem';

import type { RuntimeConfig } from './config.js';

/** Anvil's chain id: the only chain where the development wallet is offered. */
export const LOCAL_CHAIN_ID = 31337;
const DEV_ACCOUNT_KEY = 'bulwark.devAccount';
const DEV_CONNECTED_KEY = 'bulwark.devConnected';
/** Development accounts offered (anvil's #0-#9). */
export const DEV_ACCOUNTS = 10;

export function chainOf(config: RuntimeConfig): Chain {
  const local = config.deployment.chainId === LOCAL_CHAIN_ID;
  return defineChain({
    id: config.deployment.chainId,
    name: local ? 'Anvil' : `Chain ${config.deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
}

async function rpc<T>(url: string, method: string, params: unknown = []): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
  if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
  return body.result as T;
}

/** Index of the development account in use (persisted; default #2, a user with no role). */
export function devAccountIndex(): number {
  const saved = Number(localStorage.getItem(DEV_ACCOUNT_KEY));
  return Number.isInteger(saved) && saved >= 0 && saved < DEV_ACCOUNTS && localStorage.getItem(DEV_ACCOUNT_KEY) !== null ? saved : 2;
}

let switchDevAccount: ((index: number) => Promise<void>) | undefined;

/** Makes development account `index` the connected account (the dev wallet must be connected). */
export async function selectDevAccount(index: number): Promise<void> {
  localStorage.setItem(DEV_ACCOUNT_KEY, String(index));
  await switchDevAccount?.(index);
}

/**
 * A wallet for the local chain that needs no extension: anvil's development accounts are unlocked,
 * so anvil itself answers `eth_sendTransaction` and `eth_signTypedData_v4` for them. The provider
 * forwards every request to the RPC and answers the account requests with the selected account.
 */
export function devWallet(rpcUrl: string) {
  let accounts: Address[] | undefined;
  const all = async () => (accounts ??= (await rpc<string[]>(rpcUrl, 'eth_accounts')).slice(0, DEV_ACCOUNTS).map((a) => getAddress(a)));
  const current = async (): Promise<Address> => {
    const list = await all();
    const account = list[devAccountIndex()] ?? list[0];
    if (!account) throw new Error('the RPC has no unlocked development accounts');
    return account;
  };
  const request: EIP1193RequestFn = (async ({ method, params }: { method: string; params?: unknown }) => {
    if (method === 'eth_accounts' || method === 'eth_requestAccounts') return [await current()];
    if (method === 'wallet_switchEthereumChain' || method === 'wallet_addEthereumChain') return null;
    return rpc(rpcUrl, method, params ?? []);
  }) as EIP1193RequestFn;
  const provider = { request, on() {}, removeListener() {} };

  return createConnector<typeof provider>((config) => {
    switchDevAccount = async () => {
      if (localStorage.getItem(DEV_CONNECTED_KEY) !== '1') return;
      config.emitter.emit('change', { accounts: [await current()] });
    };
    return {
      id: 'dev',
      name: 'Development wallet',
      type: 'dev',
      async connect(parameters?: { withCapabilities?: boolean }) {
        localStorage.setItem(DEV_CONNECTED_KEY, '1');
        const account = await current();
        const chainId = Number(await rpc<string>(rpcUrl, 'eth_chainId'));
        const listed = parameters?.withCapabilities ? [{ address: account, capabilities: {} }] : [account];
        return { accounts: listed as never, chainId };
      },
      async disconnect() {
        localStorage.removeItem(DEV_CONNECTED_KEY);
      },
      async getAccounts() {
        return [await current()];
      },
      async getChainId() {
        return Number(await rpc<string>(rpcUrl, 'eth_chainId'));
      },
      async getProvider() {
        return provider;
      },
      async isAuthorized() {
        return localStorage.getItem(DEV_CONNECTED_KEY) === '1';
      },
      async switchChain({ chainId }: { chainId: number }) {
        const chain = config.chains.find((c) => c.id === chainId);
        if (!chain) throw new Error(`chain ${numberToHex(chainId)} is not configured`);
        return chain;
      },
      onAccountsChanged(list: string[]) {
        config.emitter.emit('change', { accounts: list.map((a) => getAddress(a)) });
      },
      onChainChanged(chainId: string) {
        config.emitter.emit('change', { chainId: Number(chainId) });
      },
      onDisconnect() {
        config.emitter.emit('disconnect');
      },
    };
  });
}

/**
 * wagmi configuration from the runtime config: injected wallets found by EIP-6963 discovery (plus the
 * legacy `window.ethereum`), and the development wallet on the local chain.
 */
export function createWagmiConfig(config: RuntimeConfig): Config {
  const chain = chainOf(config);
  const local = chain.id === LOCAL_CHAIN_ID;
  return createConfig({
    chains: [chain],
    multiInjectedProviderDiscovery: true,
    connectors: local ? [devWallet(config.rpcUrl), injected()] : [injected()],
    transports: { [chain.id]: http(config.rpcUrl) },
  });
}
