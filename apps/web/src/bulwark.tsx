import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useConnection } from 'wagmi';
import { createPublicClient, createWalletClient, custom, http, type Address, type Chain, type EIP1193Provider } from 'viem';
import { createBulwarkClient, type BulwarkClient } from '@bulwark/sdk';

import type { RuntimeConfig } from './config.js';
import { chainOf, LOCAL_CHAIN_ID } from './wallet.js';

interface Bulwark {
  config: RuntimeConfig;
  chain: Chain;
  /** Reads through the configured RPC. */
  reader: BulwarkClient;
  /** Signs with the connected wallet; undefined while none is connected (or it is on another chain). */
  writer: BulwarkClient | undefined;
  account: Address | undefined;
  /** Connected, but to another chain than the deployment's. */
  wrongChain: boolean;
  symbol: string;
  decimals: number;
}

const BulwarkContext = createContext<Bulwark | undefined>(undefined);

export function BulwarkProvider({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  const chain = useMemo(() => chainOf(config), [config]);
  const reader = useMemo(() => {
    const publicClient = createPublicClient({
      chain,
      transport: http(config.rpcUrl),
      // A local chain mines instantly: poll receipts fast so confirmations show at once.
      pollingInterval: chain.id === LOCAL_CHAIN_ID ? 200 : 4_000,
    });
    return createBulwarkClient({ public: publicClient, deployment: config.deployment });
  }, [chain, config]);
  const connection = useConnection();
  const connector = connection.connector;
  const account = connection.status === 'connected' ? connection.address : undefined;
  const wrongChain = account !== undefined && connection.chainId !== chain.id;
  const wallet = useQuery({
    queryKey: ['wallet-client', connector?.uid, account, connection.chainId],
    enabled: connector !== undefined && account !== undefined && !wrongChain,
    staleTime: Infinity,
    queryFn: async () => {
      const provider = (await connector!.getProvider()) as EIP1193Provider;
      return createWalletClient({ account: account!, chain, transport: custom(provider) });
    },
  });
  const value = useMemo<Bulwark>(
    () => ({
      config, chain, reader, account, wrongChain,
      writer: wallet.data && !wrongChain ? createBulwarkClient({ public: reader.public, wallet: wallet.data, deployment: config.deployment }) : undefined,
      symbol: config.deployment.asset.symbol,
      decimals: config.deployment.asset.decimals,
    }),
    [config, chain, reader, account, wrongChain, wallet.data],
  );
  return <BulwarkContext.Provider value={value}>{children}</BulwarkContext.Provider>;
}

export function useBulwark(): Bulwark {
  const value = useContext(BulwarkContext);
  if (!value) throw new Error('useBulwark outside BulwarkProvider');
  return value;
}
