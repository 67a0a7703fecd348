import { useQuery } from '@tanstack/react-query';
import { useConnect, useConnectors, useDisconnect, useSwitchChain, useConnection } from 'wagmi';
import { faucet } from '@bulwark/sdk';
import { erc20Abi, parseUnits } from 'viem';

import { useBulwark } from './bulwark.js';
import { formatAmount, shortAddress } from './format.js';
import { useI18n } from './i18n/index.js';
import { TxStatus, useTx } from './tx.js';
import { DEV_ACCOUNTS, devAccountIndex, LOCAL_CHAIN_ID, selectDevAccount } from './wallet.js';

/** The asset balance of the connected account (a live chain read). */
export function useAssetBalance() {
  const { reader, account } = useBulwark();
  return useQuery({
    queryKey: ['chain', 'balance', account],
    enabled: account !== undefined,
    refetchInterval: 10_000,
    queryFn: () => reader.public.readContract({ address: reader.deployment.asset.address, abi: erc20Abi, functionName: 'balanceOf', args: [account!] }),
  });
}

export function WalletBar() {
  const { t, locale } = useI18n();
  const { account, wrongChain, chain, writer, symbol, decimals } = useBulwark();
  const connection = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const { mutate: disconnect } = useDisconnect();
  const switchChain = useSwitchChain();
  const balance = useAssetBalance();
  const tx = useTx();
  // The generic injected connector duplicates a discovered (EIP-6963) wallet when one exists.
  const discovered = connectors.filter((c) => c.type === 'injected' && c.id !== 'injected');
  const offered = connectors.filter((c) => c.type === 'dev' || discovered.includes(c) || (c.id === 'injected' && discovered.length === 0 && typeof window !== 'undefined' && 'ethereum' in window));
  const isDev = connection.connector?.type === 'dev';

  if (!account) {
    return (
      <div className="wallet" data-testid="wallet">
        <span className="muted small">{t('wallet.connect')}</span>
        {offered.map((c) => (
          <button key={c.uid} onClick={() => connect.mutate({ connector: c })} data-testid={`connect-${c.id}`} disabled={connect.isPending}>
            {c.icon && <img src={c.icon} alt="" width={16} height={16} />}
            {c.type === 'dev' ? t('wallet.dev') : c.name}
          </button>
        ))}
        {offered.every((c) => c.type === 'dev') && <span className="muted small">{t('wallet.noInjected')}</span>}
        {connect.error && <span className="error small">{connect.error.message}</span>}
      </div>
    );
  }
  return (
    <div className="wallet" data-testid="wallet">
      {isDev && (
        <select
          aria-label={t('wallet.dev')}
          data-testid="dev-account"
          defaultValue={devAccountIndex()}
          onChange={(e) => void selectDevAccount(Number(e.target.value))}
        >
          {Array.from({ length: DEV_ACCOUNTS }, (_, i) => (
            <option key={i} value={i}>{t('wallet.devAccount', { n: i })}</option>
          ))}
        </select>
      )}
      <code title={account} data-testid="account">{shortAddress(account)}</code>
      {balance.data !== undefined && <span className="balance" data-testid="balance">{t('wallet.balance', { amount: formatAmount(locale, balance.data, decimals), symbol })}</span>}
      {wrongChain && (
        <span className="error small">
          {t('wallet.wrongNetwork', { actual: connection.chainId ?? '?', expected: chain.id })}{' '}
          <button onClick={() => switchChain.mutate({ chainId: chain.id })}>{t('wallet.switch')}</button>
        </span>
      )}
      {chain.id === LOCAL_CHAIN_ID && writer && (
        <button className="secondary" disabled={tx.busy} onClick={() => void tx.run((onProgress) => faucet(writer, { amount: parseUnits('10000', decimals), onProgress }))}>
          {t('wallet.faucet', { symbol })}
        </button>
      )}
      <button className="secondary" onClick={() => disconnect({})}>{t('wallet.disconnect')}</button>
      <TxStatus state={tx.state} />
    </div>
  );
}
