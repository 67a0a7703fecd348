import type { Page, PoolHistoryResponse, Totals, TriggerEvent } from '@bulwark/indexer/api-types';
import { formatUnits } from 'viem';

import { useApi } from '../api.js';
import { useBulwark } from '../bulwark.js';
import { LineChart, Meter } from '../charts.js';
import { formatAmount, formatDate, formatPercentWad } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { QueryState, Tile, useProductName } from '../ui.js';

export default function Dashboard() {
  const { t, locale } = useI18n();
  const { config } = useBulwark();
  const productName = useProductName();
  const totals = useApi<Totals>('/api/totals', { refetchInterval: 5_000 });
  const address = config.deployment.contracts.CoverPool.toLowerCase();
  const history = useApi<PoolHistoryResponse>(`/api/pools/${address}/history?limit=1000`);
  const events = useApi<Page<TriggerEvent>>('/api/trigger-events?limit=20');
  const d = totals.data;
  const decimals = d?.asset.decimals ?? config.deployment.asset.decimals;
  const symbol = d?.asset.symbol ?? config.deployment.asset.symbol;
  const fmt = (v: string) => `${formatAmount(locale, BigInt(v), decimals, 0)} ${symbol}`;
  const units = (v: string) => Number(formatUnits(BigInt(v), decimals));
  const integer = (n: number) => new Intl.NumberFormat(locale).format(n);
  const points = history.data?.items ?? [];
  return (
    <section>
      <h1>{t('dash.title')}</h1>
      <p className="muted">{t('dash.intro')}</p>
      <QueryState query={totals}>
        {d && (
          <div className="tiles" data-testid="totals">
            <Tile label={t('dash.capital')} value={fmt(d.capital)} testId="dash-capital" />
            <Tile label={t('dash.activeCover')} value={fmt(d.activeCover)} />
            <Tile label={t('dash.solvency')} value={d.solvencyRatio === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(d.solvencyRatio) + '×'} testId="dash-solvency" />
            <Tile label={t('dash.utilization')} value={<>{formatPercentWad(locale, BigInt(d.utilizationWad))}<Meter ratio={Number(BigInt(d.utilizationWad)) / 1e18} label={t('dash.utilization')} /></>} />
            <Tile label={t('dash.premiumsWritten')} value={fmt(d.premiumsWritten)} />
            <Tile label={t('dash.premiumsEarned')} value={fmt(d.premiumsEarned)} />
            <Tile label={t('dash.claimsPaid')} value={fmt(d.claimsPaid)} testId="dash-claims-paid" />
            <Tile label={t('dash.coversSold')} value={integer(d.coversSold)} testId="dash-covers-sold" />
            <Tile label={t('dash.activeCovers')} value={integer(d.activeCovers)} />
            <Tile label={t('dash.openCases')} value={integer(d.openCases)} />
          </div>
        )}
      </QueryState>
      <div className="charts">
        <LineChart
          title={t('dash.chartCapital')}
          testId="dash-chart-capital"
          series={[
            { label: t('dash.capital'), color: '#2457d6', points: points.map((p) => [p.timestamp, units(p.capital)] as const) },
            { label: t('dash.activeCover'), color: '#d97706', points: points.map((p) => [p.timestamp, units(p.activeCover)] as const) },
          ]}
        />
        <LineChart
          title={t('dash.chartPremiums')}
          testId="dash-chart-premiums"
          series={[
            { label: t('dash.premiumsWritten'), color: '#2457d6', points: points.map((p) => [p.timestamp, units(p.premiumsWritten)] as const) },
            { label: t('dash.premiumsEarned'), color: '#127a3e', points: points.map((p) => [p.timestamp, units(p.premiumsEarned)] as const) },
            { label: t('dash.claimsPaid'), color: '#b42318', points: points.map((p) => [p.timestamp, units(p.claimsPaid)] as const) },
          ]}
        />
      </div>
      <h2>{t('dash.events')}</h2>
      <QueryState query={events}>
        {events.data?.items.length ? (
          <ul data-testid="trigger-events">
            {events.data.items.map((e) => (
              <li key={e.id}>
                {t('dash.event', { product: productName(e.productId), share: formatPercentWad(locale, BigInt(e.payoutWad)), date: formatDate(locale, e.incidentTime) })}
                {' · '}{t('dash.claimsPaid')}: {fmt(e.totalPaid)} ({integer(e.coversPaid)})
              </li>
            ))}
          </ul>
        ) : <p className="muted">{t('dash.noEvents')}</p>}
      </QueryState>
    </section>
  );
}
