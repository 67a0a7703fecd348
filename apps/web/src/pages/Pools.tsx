import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { deposit, getPoolStats, getPosition, requestWithdraw, withdraw } from '@bulwark/sdk';
import type { PoolHistoryResponse, PoolsResponse } from '@bulwark/indexer/api-types';
import { formatUnits } from 'viem';

import { useApi } from '../api.js';
import { useBulwark } from '../bulwark.js';
import { LineChart, Meter } from '../charts.js';
import { formatAmount, formatDate, formatDuration, formatPercent, formatPercentWad, parseAmount } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { TxStatus, useTx } from '../tx.js';
import { NeedWallet, QueryState, Tile } from '../ui.js';

export default function Pools() {
  const { t, locale } = useI18n();
  const { reader, config, decimals, symbol } = useBulwark();
  const stats = useQuery({ queryKey: ['chain', 'pool'], refetchInterval: 10_000, queryFn: () => getPoolStats(reader) });
  const pools = useApi<PoolsResponse>('/api/pools');
  const address = config.deployment.contracts.CoverPool.toLowerCase();
  const history = useApi<PoolHistoryResponse>(`/api/pools/${address}/history?limit=1000`);
  const indexedPool = pools.data?.items.find((p) => p.address === address);
  const fmt = (v: bigint) => `${formatAmount(locale, v, decimals, 0)} ${symbol}`;
  const units = (v: string) => Number(formatUnits(BigInt(v), decimals));
  const points = history.data?.items ?? [];
  return (
    <section>
      <h1>{t('pools.title')}</h1>
      <p className="muted">{t('pools.intro', { symbol })}</p>
      <QueryState query={stats}>
        {stats.data && (
          <div className="tiles">
            <Tile label={t('pool.capital')} value={fmt(stats.data.totalAssets)} testId="pool-capital" />
            <Tile label={t('pool.activeCover')} value={fmt(stats.data.activeCover)} />
            <Tile
              label={t('pool.utilization')}
              value={<>{formatPercentWad(locale, stats.data.utilizationWad)}<Meter ratio={Number(stats.data.utilizationWad) / 1e18} label={t('pool.utilization')} /></>}
            />
            <Tile label={t('pool.apy')} value={indexedPool?.apy != null ? formatPercent(locale, indexedPool.apy) : '—'} testId="pool-apy" />
            <Tile label={t('pool.sharePrice')} value={`${formatAmount(locale, stats.data.assetsPerShare, decimals, 4)} ${symbol}`} />
            <Tile label={t('pool.free')} value={fmt(stats.data.freeCapital)} />
            <Tile label={t('pool.cooldown')} value={formatDuration(locale, Number(stats.data.cooldown))} />
            <Tile label={t('pool.window')} value={formatDuration(locale, Number(stats.data.executionWindow))} />
            <Tile label={t('pool.openClaims')} value={String(stats.data.openClaims)} />
          </div>
        )}
      </QueryState>
      <Position />
      <div className="charts">
        <LineChart
          title={t('pool.history')}
          testId="chart-capital"
          series={[
            { label: t('pool.capital'), color: '#2457d6', points: points.map((p) => [p.timestamp, units(p.capital)] as const) },
            { label: t('pool.activeCover'), color: '#d97706', points: points.map((p) => [p.timestamp, units(p.activeCover)] as const) },
          ]}
        />
        <LineChart
          title={t('pool.earnedHistory')}
          testId="chart-earned"
          series={[{ label: t('dash.premiumsEarned'), color: '#127a3e', points: points.map((p) => [p.timestamp, units(p.premiumsEarned)] as const) }]}
        />
      </div>
    </section>
  );
}

function Position() {
  const { t, locale } = useI18n();
  const { reader, writer, account, decimals, symbol } = useBulwark();
  const position = useQuery({ queryKey: ['chain', 'position', account], enabled: account !== undefined, refetchInterval: 10_000, queryFn: () => getPosition(reader, { owner: account! }) });
  const stats = useQuery({ queryKey: ['chain', 'pool'], queryFn: () => getPoolStats(reader) });
  const [depositText, setDepositText] = useState('');
  const [sharesText, setSharesText] = useState('');
  const depositTx = useTx();
  const withdrawTx = useTx();
  if (!account) return <><h2>{t('position.title')}</h2><NeedWallet /></>;
  const p = position.data;
  const shareDecimals = stats.data?.shareDecimals ?? decimals + 6;
  const fmt = (v: bigint) => `${formatAmount(locale, v, decimals)} ${symbol}`;
  const fmtShares = (v: bigint) => formatAmount(locale, v, shareDecimals, 4);

  const depositAmount = parseAmount(depositText, decimals);
  const depositProblem =
    depositText.trim() === '' ? undefined
    : depositAmount === undefined ? t('invalid.amountFormat')
    : depositAmount <= 0n ? t('invalid.amount')
    : p && depositAmount > p.walletBalance ? t('invalid.balance', { balance: fmt(p.walletBalance), needed: fmt(depositAmount) })
    : undefined;
  const shares = parseAmount(sharesText, shareDecimals);
  const sharesProblem =
    sharesText.trim() === '' ? undefined
    : shares === undefined ? t('invalid.amountFormat')
    : shares <= 0n ? t('invalid.amount')
    : p && shares > p.shares ? t('invalid.shares', { max: fmtShares(p.shares) })
    : undefined;
  const sharesValue = shares && stats.data && stats.data.totalSupply > 0n ? (shares * stats.data.totalAssets) / stats.data.totalSupply : 0n;
  const request = p?.request;

  return (
    <>
      <h2>{t('position.title')}</h2>
      <QueryState query={position}>
        {p && (
          <div className="grid">
            <div className="card" data-testid="position">
              <dl className="facts">
                <dt>{t('position.shares')}</dt><dd data-testid="position-shares">{fmtShares(p.shares)}</dd>
                <dt>{t('position.value')}</dt><dd data-testid="position-value">{fmt(p.assets)}</dd>
                <dt>{t('position.wallet')}</dt><dd>{fmt(p.walletBalance)}</dd>
              </dl>
              <form
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!writer || !depositAmount || depositProblem) return;
                  void depositTx.run((onProgress) => deposit(writer, { assets: depositAmount, onProgress }), () => {
                    setDepositText('');
                    return t('deposit.done', { amount: formatAmount(locale, depositAmount, decimals), symbol });
                  });
                }}
              >
                <h3>{t('deposit.title')}</h3>
                <label className="field">
                  {t('deposit.amount', { symbol })}
                  <input inputMode="decimal" value={depositText} onChange={(e) => setDepositText(e.target.value)} aria-invalid={depositProblem !== undefined} data-testid="deposit-amount" />
                </label>
                {depositProblem && <span className="error small">{depositProblem}</span>}
                <button type="submit" disabled={!writer || !depositAmount || depositProblem !== undefined || depositTx.busy} data-testid="deposit-submit">{t('deposit.submit')}</button>
                <TxStatus state={depositTx.state} />
              </form>
            </div>
            <div className="card" data-testid="withdrawal">
              <h3>{t('withdraw.title')}</h3>
              {stats.data && <p className="muted small">{t('withdraw.explain', { cooldown: formatDuration(locale, Number(stats.data.cooldown)), window: formatDuration(locale, Number(stats.data.executionWindow)) })}</p>}
              {request && (
                <p data-testid="withdraw-state" data-state={request.state}>
                  {request.state === 'none' ? t('withdraw.state.none')
                  : request.state === 'cooling-down' ? t('withdraw.state.cooling-down', { shares: fmtShares(request.shares), date: formatDate(locale, request.unlocksAt) })
                  : request.state === 'executable' ? t('withdraw.state.executable', { shares: fmtShares(request.shares), date: formatDate(locale, request.expiresAt) })
                  : t('withdraw.state.expired', { date: formatDate(locale, request.expiresAt) })}
                </p>
              )}
              <form
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!writer || !shares || sharesProblem) return;
                  void withdrawTx.run((onProgress) => requestWithdraw(writer, { shares, onProgress }));
                }}
              >
                <label className="field">
                  {t('withdraw.shares', { value: formatAmount(locale, sharesValue, decimals), symbol })}
                  <span className="row">
                    <input inputMode="decimal" value={sharesText} onChange={(e) => setSharesText(e.target.value)} aria-invalid={sharesProblem !== undefined} data-testid="withdraw-shares" />
                    <button type="button" className="secondary" onClick={() => setSharesText(formatUnits(p.shares, shareDecimals))}>{t('withdraw.all')}</button>
                  </span>
                </label>
                {sharesProblem && <span className="error small">{sharesProblem}</span>}
                <div className="row">
                  <button type="submit" disabled={!writer || !shares || sharesProblem !== undefined || withdrawTx.busy} data-testid="withdraw-request">{t('withdraw.request')}</button>
                  <button
                    type="button"
                    disabled={!writer || request?.state !== 'executable' || withdrawTx.busy}
                    onClick={() => void withdrawTx.run((onProgress) => withdraw(writer!, { shares: 'max', onProgress }))}
                    data-testid="withdraw-execute"
                  >
                    {t('withdraw.execute')}
                  </button>
                </div>
                <TxStatus state={withdrawTx.state} />
              </form>
            </div>
          </div>
        )}
      </QueryState>
    </>
  );
}
