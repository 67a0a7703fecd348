import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { cancelCover, claimsManagerAbi, coverManagerAbi, extendCover, fileClaim, getCovers, type CoverInfo } from '@bulwark/sdk';
import type { Case, Cover, Page } from '@bulwark/indexer/api-types';

import { fetchApi, useApi } from '../api.js';
import { useBulwark } from '../bulwark.js';
import { formatAmount, formatDate, parseAmount } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { TxStatus, explainError, useTx } from '../tx.js';
import { Badge, NeedWallet, QueryState, isAssessed, useChainNow, useProductName } from '../ui.js';

/** A cover as listed: the indexer's record (payouts, premium) joined with its live status from the chain. */
interface Row {
  id: bigint;
  productId: number;
  live: CoverInfo | undefined;
  indexed: Cover | undefined;
}

export default function Covers() {
  const { t } = useI18n();
  const { account, reader, config } = useBulwark();
  const owner = account?.toLowerCase();
  const indexed = useQuery({
    queryKey: ['api', 'covers', owner],
    enabled: owner !== undefined,
    refetchInterval: 5_000,
    queryFn: () => fetchApi<Page<Cover>>(config.indexerUrl, `/api/covers?owner=${owner}&limit=100`),
  });
  const live = useQuery({
    queryKey: ['chain', 'covers', owner],
    enabled: account !== undefined,
    refetchInterval: 10_000,
    queryFn: () => getCovers(reader, { owner: account! }),
  });
  const claims = useApi<Page<Case>>(owner ? `/api/cases?kind=claim&owner=${owner}&limit=100` : undefined, { refetchInterval: 5_000 });
  if (!account) return <section><h1>{t('covers.title')}</h1><NeedWallet /></section>;

  const rows = new Map<bigint, Row>();
  for (const c of live.data ?? []) rows.set(c.coverId, { id: c.coverId, productId: c.productId, live: c, indexed: undefined });
  for (const c of indexed.data?.items ?? []) {
    const id = BigInt(c.id);
    rows.set(id, { id, productId: Number(c.productId), live: rows.get(id)?.live, indexed: c });
  }
  const list = [...rows.values()].sort((a, b) => (a.id > b.id ? -1 : 1));
  return (
    <section>
      <h1>{t('covers.title')}</h1>
      {indexed.error && <p className="banner small">{t('common.indexerOffline')}</p>}
      <QueryState query={live}>
        {list.length === 0 ? <p className="muted" data-testid="no-covers">{t('covers.empty')}</p> : (
          <div className="grid">{list.map((row) => <CoverCard key={String(row.id)} row={row} />)}</div>
        )}
      </QueryState>
      <h2>{t('covers.claims')}</h2>
      <QueryState query={claims}>
        {claims.data?.items.length ? (
          <table data-testid="my-claims">
            <tbody>
              {claims.data.items.map((c) => (
                <tr key={c.id}>
                  <td><a href={`#/cases/${c.id}`}>{t('case.claim', { id: c.id })}</a></td>
                  <td>{t('case.cover', { id: c.coverId ?? '?' })}</td>
                  <td><Badge status={c.status} label={t(`case.status.${c.status}` as MessageKey)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p className="muted">{t('covers.noClaims')}</p>}
      </QueryState>
    </section>
  );
}

function CoverCard({ row }: { row: Row }) {
  const { t, locale } = useI18n();
  const { decimals, symbol, config } = useBulwark();
  const productName = useProductName();
  const [claiming, setClaiming] = useState(false);
  const fmt = (v: bigint | string) => `${formatAmount(locale, BigInt(v), decimals)} ${symbol}`;
  const { live, indexed } = row;
  // The chain knows waiting periods and open claims; the indexer knows exhausted covers.
  const status = live?.status ?? (indexed?.status === 'exhausted' ? 'paid' : indexed?.status) ?? 'active';
  const assessed = isAssessed(config.deployment.products, row.productId);
  const start = live?.start ?? indexed?.start ?? 0;
  const end = live?.end ?? indexed?.end ?? 0;
  const remaining = live?.amount ?? (indexed ? BigInt(indexed.remaining) : 0n);
  const now = useChainNow();
  const manageable = live !== undefined && (live.status === 'active' || live.status === 'waiting') && !live.paid;
  // Once shown, the extend/cancel block stays, so the outcome of a cancellation remains visible.
  const [managed, setManaged] = useState(false);
  useEffect(() => {
    if (manageable) setManaged(true);
  }, [manageable]);
  const canClaim =
    assessed && live !== undefined && remaining > 0n && now <= live.claimDeadline &&
    (live.status === 'active' || live.status === 'expired' || live.status === 'paid');
  return (
    <article className="card" data-testid={`cover-${row.id}`}>
      <div className="row">
        <h3>{t('cover.id', { id: String(row.id) })}</h3>
        <Badge status={status} label={t(`cover.status.${status}` as MessageKey)} />
      </div>
      <div className="muted small">{productName(row.productId)}</div>
      <dl className="facts">
        <dt>{t('cover.amount')}</dt><dd data-testid="remaining">{fmt(remaining)}</dd>
        <dt>{t('cover.period')}</dt><dd>{formatDate(locale, start)} – {formatDate(locale, end)}</dd>
        {live && live.status === 'waiting' && (<><dt>{t('cover.waitingEnds')}</dt><dd>{formatDate(locale, live.waitingEnds)}</dd></>)}
        {indexed && (<><dt>{t('cover.premium')}</dt><dd>{fmt(indexed.premium)}</dd></>)}
      </dl>
      <div className="small">
        <strong>{t('cover.payouts')}</strong>
        {indexed?.payouts.length ? (
          <ul data-testid="payouts">
            {indexed.payouts.map((p) => (
              <li key={`${p.txHash}-${p.amount}`} data-testid="payout" data-kind={p.kind}>
                {t('cover.paidAmount', { amount: formatAmount(locale, BigInt(p.amount), decimals), symbol, date: formatDate(locale, p.timestamp) })}
                {p.caseId && <> · <a href={`#/cases/${p.caseId}`}>{t('case.claim', { id: p.caseId })}</a></>}
              </li>
            ))}
          </ul>
        ) : <span className="muted"> · {t('cover.noPayouts')}</span>}
      </div>
      {!assessed && <p className="muted small">{t('cover.automatic')}</p>}
      {live && (manageable || managed) && <Manage cover={live} manageable={manageable} />}
      {canClaim && !claiming && <button onClick={() => setClaiming(true)} data-testid="claim-open">{t('cover.claim')}</button>}
      {claiming && live && <ClaimForm cover={live} onClose={() => setClaiming(false)} />}
    </article>
  );
}

const DAY = 86_400;
/** Tolerance on a quoted extension premium (0.5%), as in a purchase. */
const SLIPPAGE_BPS = 50n;

/** Extend a live cover (pay for the extra time at today's rate) or cancel it (unearned premium back, minus the fee). */
function Manage({ cover, manageable }: { cover: CoverInfo; manageable: boolean }) {
  const { t, locale } = useI18n();
  const { reader, writer, decimals, symbol, config } = useBulwark();
  const tx = useTx();
  const [daysText, setDaysText] = useState('30');
  const [confirming, setConfirming] = useState(false);
  const fmt = (v: bigint) => `${formatAmount(locale, v, decimals)} ${symbol}`;
  const manager = { address: config.deployment.contracts.CoverManager, abi: coverManagerAbi } as const;
  const days = Number(daysText);
  const extraPeriod = Number.isInteger(days) && days > 0 ? days * DAY : 0;
  const extension = useQuery({
    queryKey: ['chain', 'quote-extend', String(cover.coverId), extraPeriod],
    enabled: manageable && extraPeriod > 0,
    retry: false,
    queryFn: () => reader.public.readContract({ ...manager, functionName: 'quoteExtend', args: [cover.coverId, BigInt(extraPeriod)] }),
  });
  const refund = useQuery({
    queryKey: ['chain', 'quote-cancel', String(cover.coverId)],
    enabled: manageable,
    retry: false,
    queryFn: () => reader.public.readContract({ ...manager, functionName: 'quoteCancel', args: [cover.coverId] }),
  });
  const maxPremium = extension.data !== undefined ? extension.data + (extension.data * SLIPPAGE_BPS + 9_999n) / 10_000n : undefined;
  const problem = extraPeriod === 0 ? t('invalid.amount') : extension.error ? explainError(extension.error, t, locale, decimals, symbol) : undefined;
  if (cover.claimOpen) return null;
  if (!manageable) return <div className="small" data-testid="manage"><TxStatus state={tx.state} /></div>;
  return (
    <div className="small" data-testid="manage">
      <div className="row">
        <label className="field">
          {t('manage.extendDays')}
          <input inputMode="numeric" value={daysText} onChange={(e) => setDaysText(e.target.value)} data-testid="extend-days" size={5} />
        </label>
        <button
          className="secondary"
          disabled={!writer || maxPremium === undefined || problem !== undefined || tx.busy}
          onClick={() =>
            void tx.run(
              (onProgress) => extendCover(writer!, { coverId: cover.coverId, extraPeriod, maxPremium, onProgress }),
              (r) => t('manage.extended', { id: String(cover.coverId), date: formatDate(locale, r.end) }),
            )
          }
          data-testid="extend-submit"
        >
          {t('manage.extend')}
        </button>
      </div>
      {extension.data !== undefined && maxPremium !== undefined && <div className="muted">{t('manage.extendPremium', { amount: fmt(extension.data), max: fmt(maxPremium) })}</div>}
      {problem && daysText.trim() !== '' && <div className="error">{problem}</div>}
      <div className="row">
        {!confirming ? (
          <button className="secondary" disabled={!writer || !refund.data || tx.busy} onClick={() => setConfirming(true)} data-testid="cancel-open">{t('manage.cancel')}</button>
        ) : (
          refund.data && (
            <button
              disabled={!writer || tx.busy}
              onClick={() =>
                void tx.run(
                  (onProgress) => cancelCover(writer!, { coverId: cover.coverId, onProgress }),
                  (r) => t('manage.cancelled', { refund: fmt(r.refund) }),
                )
              }
              data-testid="cancel-submit"
            >
              {t('manage.cancelRefund', { refund: fmt(refund.data[0]), fee: fmt(refund.data[1]) })}
            </button>
          )
        )}
      </div>
      {refund.error && <div className="muted">{t('manage.cannot')}</div>}
      <TxStatus state={tx.state} />
    </div>
  );
}

/** `<input type="datetime-local">` value for unix seconds, in the browser's time zone. */
function toLocalInput(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ClaimForm({ cover, onClose }: { cover: CoverInfo; onClose(): void }) {
  const { t, locale } = useI18n();
  const { reader, writer, decimals, symbol, config } = useBulwark();
  const tx = useTx();
  const fmt = (v: bigint) => `${formatAmount(locale, v, decimals)} ${symbol}`;
  const params = useQuery({
    queryKey: ['chain', 'claims-params'],
    queryFn: () => reader.public.readContract({ address: config.deployment.contracts.ClaimsManager, abi: claimsManagerAbi, functionName: 'params' }),
  });
  const latest = Math.min(useChainNow(), cover.end - 1);
  const [amountText, setAmountText] = useState(formatAmount('en', cover.amount, decimals, decimals).replace(/,/g, ''));
  const [timeText, setTimeText] = useState(toLocalInput(Math.max(cover.waitingEnds + 120, latest - 3600)));
  const [evidence, setEvidence] = useState('');
  const [filed, setFiled] = useState<bigint | undefined>();
  const amount = parseAmount(amountText, decimals);
  const incidentTime = Math.floor(new Date(timeText).getTime() / 1000);
  const problem =
    amount === undefined ? t('invalid.amountFormat')
    : amount <= 0n ? t('invalid.amount')
    : amount > cover.amount ? t('invalid.aboveMax', { max: fmt(cover.amount) })
    : !Number.isFinite(incidentTime) || incidentTime < cover.waitingEnds || incidentTime > latest
      ? t('invalid.incidentTime', { from: formatDate(locale, cover.waitingEnds), to: formatDate(locale, latest) })
    : !/^(ipfs|https?|ar):\/\/\S+$/.test(evidence.trim()) ? t('invalid.evidence')
    : undefined;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!writer || problem || amount === undefined) return;
    void tx.run(
      async (onProgress) => {
        const result = await fileClaim(writer, { coverId: cover.coverId, amount, incidentTime, evidenceURI: evidence.trim(), onProgress });
        setFiled(result.caseId);
        return result;
      },
      (r) => t('claim.filed', { id: r.caseId, date: formatDate(locale, r.voteEnd) }),
    );
  };
  return (
    <form onSubmit={submit} noValidate data-testid="claim-form">
      <h3>{t('claim.title', { id: String(cover.coverId) })}</h3>
      <label className="field">
        {t('claim.amount', { symbol, max: formatAmount(locale, cover.amount, decimals) })}
        <input inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} data-testid="claim-amount" />
      </label>
      <label className="field">
        {t('claim.incidentTime')}
        <input type="datetime-local" value={timeText} onChange={(e) => setTimeText(e.target.value)} data-testid="claim-time" />
      </label>
      <label className="field">
        {t('claim.evidence')}
        <input value={evidence} onChange={(e) => setEvidence(e.target.value)} placeholder="ipfs://…" data-testid="claim-evidence" />
      </label>
      {params.data && <span className="muted small">{t('claim.deposit', { deposit: formatAmount(locale, params.data.claimDeposit, decimals), symbol })}</span>}
      {problem && <span className="error small" data-testid="claim-problem">{problem}</span>}
      <div className="row">
        <button type="submit" disabled={!writer || problem !== undefined || tx.busy || filed !== undefined} data-testid="claim-submit">{t('claim.submit')}</button>
        <button type="button" className="secondary" onClick={onClose}>{t('common.cancel')}</button>
      </div>
      <TxStatus state={tx.state} />
      {filed !== undefined && <a href={`#/cases/${filed}`} data-testid="claim-follow">{t('claim.follow', { id: String(filed) })}</a>}
    </form>
  );
}
