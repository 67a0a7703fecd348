import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { buyCover, claimsManagerAbi, ensureAllowance, quote, reportIncident, type ProductInfo } from '@bulwark/sdk';
import { keccak256, stringToHex } from 'viem';

import { useBulwark } from '../bulwark.js';
import { formatAmount, formatDate, formatDuration, formatPercent, formatPercentWad, parseAmount } from '../format.js';
import { useDebounced } from '../hooks.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { TxStatus, explainError, useTx } from '../tx.js';
import { useAssetBalance } from '../WalletBar.js';
import { Badge, NeedWallet, QueryState, useChainNow, useProducts } from '../ui.js';

const DAY = 86_400;
/** Tolerance on the quoted premium the user saw, as the `maxPremium` guard (0.5%). */
const SLIPPAGE_BPS = 50n;
const perRisk = (p: ProductInfo) => p.kind === 'flight-delay' || p.kind === 'catastrophe';

export default function Products() {
  const { t } = useI18n();
  const products = useProducts();
  return (
    <section>
      <h1>{t('products.title')}</h1>
      <p className="muted">{t('products.intro')}</p>
      <QueryState query={products}>
        <div className="grid">
          {products.data?.map((p) => <ProductCard key={p.id} product={p} />)}
        </div>
      </QueryState>
    </section>
  );
}

function ProductCard({ product: p }: { product: ProductInfo }) {
  const { t, locale } = useI18n();
  const { decimals, symbol } = useBulwark();
  const fmt = (v: bigint) => `${formatAmount(locale, v, decimals)} ${symbol}`;
  const parametric = p.payoutRule !== 'assessed';
  return (
    <article className="card" data-testid={`product-${p.key}`}>
      <div className="row">
        <h3>{t(`kind.${p.kind}` as MessageKey)}</h3>
        <Badge status={p.onSale ? 'active' : 'paused'} label={p.onSale ? t('product.onSale') : t('product.notOnSale')} />
      </div>
      <div className="muted small">{p.name} · {parametric ? t('product.parametric') : t('product.assessed')}</div>
      <dl className="facts">
        <dt>{t('product.rate')}</dt><dd>{formatPercentWad(locale, p.currentRateWad)}</dd>
        <dt>{t('product.capacity')}</dt><dd data-testid="capacity">{fmt(p.availableCapacity)}</dd>
        <dt>{t('product.maxCover')}</dt><dd>{fmt(p.maxCoverAmount)}</dd>
        <dt>{t('product.periods')}</dt><dd>{formatDuration(locale, p.minPeriod)} – {formatDuration(locale, p.maxPeriod)}</dd>
        <dt>{t('product.waiting')}</dt><dd>{formatDuration(locale, p.waitingPeriod)}</dd>
      </dl>
      <WhyThisPrice product={p} />
      <BuyForm product={p} />
      {p.payoutRule === 'assessed' && <IncidentForm product={p} />}
    </article>
  );
}

function BuyForm({ product: p }: { product: ProductInfo }) {
  const { t, locale } = useI18n();
  const { reader, writer, account, decimals, symbol } = useBulwark();
  const balance = useAssetBalance();
  const [amountText, setAmountText] = useState('');
  const [daysText, setDaysText] = useState(String(Math.max(Math.ceil(p.minPeriod / DAY), Math.min(30, Math.floor(p.maxPeriod / DAY)))));
  const [riskText, setRiskText] = useState('');
  const [permit, setPermit] = useState(true);
  const tx = useTx();
  const fmt = (v: bigint) => `${formatAmount(locale, v, decimals)} ${symbol}`;

  const amount = parseAmount(amountText, decimals);
  const days = Number(daysText);
  const period = Number.isFinite(days) && days > 0 ? Math.round(days * DAY) : 0;
  const problem: string | undefined =
    amountText.trim() === '' ? undefined
    : amount === undefined ? t('invalid.amountFormat')
    : amount <= 0n ? t('invalid.amount')
    : amount > p.maxCoverAmount ? t('invalid.aboveMax', { max: fmt(p.maxCoverAmount) })
    : amount > p.availableCapacity ? t('invalid.capacity', { available: fmt(p.availableCapacity) })
    : period < p.minPeriod || period > p.maxPeriod ? t('invalid.period', { min: formatDuration(locale, p.minPeriod), max: formatDuration(locale, p.maxPeriod) })
    : perRisk(p) && !riskText.trim() ? t('invalid.riskKey')
    : undefined;
  const ready = amount !== undefined && amount > 0n && problem === undefined;
  const inputs = useDebounced({ amount: ready ? amount : undefined, period });
  const premium = useQuery({
    queryKey: ['chain', 'quote', p.id, inputs.amount, inputs.period],
    enabled: inputs.amount !== undefined,
    retry: false,
    queryFn: () => quote(reader, { productId: p.id, amount: inputs.amount!, period: inputs.period }),
  });
  const quoted = premium.data !== undefined && inputs.amount === amount && inputs.period === period ? premium.data : undefined;
  const maxPremium = quoted !== undefined ? quoted + (quoted * SLIPPAGE_BPS + 9_999n) / 10_000n : undefined;
  const short = quoted !== undefined && balance.data !== undefined && balance.data < quoted;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!writer || !ready || maxPremium === undefined || short) return;
    const riskKey = perRisk(p) ? keccak256(stringToHex(riskText.trim())) : undefined;
    void tx.run(
      async (onProgress) => {
        if (!permit) await ensureAllowance(writer, { spender: 'CoverManager', amount: maxPremium, onProgress });
        return buyCover(writer, { productId: p.id, amount: amount!, period, riskKey, maxPremium, permit, onProgress });
      },
      (r) => t('buy.bought', { id: r.coverId, premium: formatAmount(locale, r.premium, decimals), symbol }),
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <label className="field">
        {t('buy.amount', { symbol })}
        <input inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} aria-invalid={problem !== undefined} data-testid="buy-amount" placeholder="1000" />
      </label>
      <label className="field">
        {t('buy.period')}
        <input inputMode="numeric" value={daysText} onChange={(e) => setDaysText(e.target.value)} data-testid="buy-period" />
      </label>
      {perRisk(p) && (
        <label className="field">
          {t('buy.riskKey')}
          <input value={riskText} onChange={(e) => setRiskText(e.target.value)} placeholder={t('buy.riskKeyHint')} data-testid="buy-risk" />
        </label>
      )}
      {problem && <span className="error small" data-testid="buy-problem">{problem}</span>}
      {quoted !== undefined && amount !== undefined && (
        <dl className="facts" data-testid="quote">
          <dt>{t('buy.premium')}</dt><dd data-testid="premium">{fmt(quoted)}</dd>
          <dt>{t('buy.effectiveRate')}</dt>
          <dd>{formatPercent(locale, (Number(quoted) / Number(amount)) * ((365 * DAY) / period))}</dd>
        </dl>
      )}
      {ready && quoted === undefined && !premium.error && <span className="muted small" data-testid="quote-loading">{t('common.loading')}</span>}
      {maxPremium !== undefined && <span className="muted small">{t('buy.maxPremium', { amount: fmt(maxPremium) })}</span>}
      {premium.error && ready && <span className="error small" data-testid="quote-error">{t('buy.quoteFailed', { reason: explainError(premium.error, t, locale, decimals, symbol) })}</span>}
      {short && balance.data !== undefined && quoted !== undefined && <span className="error small">{t('invalid.balance', { balance: fmt(balance.data), needed: fmt(quoted) })}</span>}
      <label className="row small">
        <input type="checkbox" checked={permit} onChange={(e) => setPermit(e.target.checked)} data-testid="buy-permit" />
        {t('buy.permit')}
      </label>
      {account ? (
        <button type="submit" disabled={!writer || !p.onSale || maxPremium === undefined || short || tx.busy} data-testid="buy-submit">{t('buy.submit')}</button>
      ) : (
        <NeedWallet />
      )}
      <TxStatus state={tx.state} />
    </form>
  );
}

/** The actuarial engine's rate and its parts next to the on-chain rate; the engine loads on first open. */
function WhyThisPrice({ product: p }: { product: ProductInfo }) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const model = useQuery({
    queryKey: ['risk-model'],
    enabled: open,
    staleTime: Infinity,
    gcTime: Infinity,
    queryFn: async () => {
      const m = await import('../riskModel.js');
      return { prices: m.demoPrices(), years: m.YEARS };
    },
  });
  const price = model.data?.prices[p.key];
  const pct = (v: number) => formatPercent(locale, v, 3);
  return (
    <details className="why" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)} data-testid="why-price">
      <summary data-testid="why-open">{t('price.why')}</summary>
      {open && model.isPending && <p className="muted small">{t('price.loading')}</p>}
      {model.error && <p className="error small">{t('common.error', { message: model.error.message })}</p>}
      {model.data && !price && <p className="muted small">{t('price.none')}</p>}
      {model.data && price && (
        <>
          <dl className="facts" data-testid="why-facts">
            <dt>{t('price.expectedLoss')}</dt><dd data-testid="why-el">{pct(price.components.expectedLoss)}</dd>
            <dt>{t('price.expenses')}</dt><dd>+ {pct(price.components.expenseLoading)}</dd>
            <dt>{t('price.capital')}</dt><dd>+ {pct(price.components.capitalCharge)}</dd>
            <dt>{t('price.model')}</dt><dd data-testid="why-model"><strong>{pct(price.rate)}</strong></dd>
            {price.rateCi90 && (<><dt>{t('price.ci')}</dt><dd>{pct(price.rateCi90[0])} – {pct(price.rateCi90[1])}</dd></>)}
            <dt>{t('price.chain')}</dt><dd data-testid="why-chain">{formatPercentWad(locale, p.baseRateWad, 3)}</dd>
          </dl>
          <p className="muted small" data-testid="why-data">{t(`price.data.${price.category}` as MessageKey)}</p>
          <p className="muted small">
            {t('price.formula', { expenses: formatPercent(locale, price.expenseRatio, 0), coc: formatPercent(locale, price.costOfCapital, 0), years: new Intl.NumberFormat(locale).format(model.data.years) })}
          </p>
        </>
      )}
    </details>
  );
}

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, for a datetime-local input. */
function localInput(seconds: number): string {
  const d = new Date(seconds * 1000 - new Date(seconds * 1000).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** A product-wide incident on an assessed product: one vote for every cover; the bond is approved by the SDK. */
function IncidentForm({ product: p }: { product: ProductInfo }) {
  const { t, locale } = useI18n();
  const { reader, writer, account, config, decimals, symbol } = useBulwark();
  const now = useChainNow();
  const [open, setOpen] = useState(false);
  const [timeText, setTimeText] = useState('');
  const [shareText, setShareText] = useState('50');
  const [evidence, setEvidence] = useState('');
  const tx = useTx();
  const bond = useQuery({
    queryKey: ['chain', 'incident-bond'],
    enabled: open,
    queryFn: async () => (await reader.public.readContract({ address: config.deployment.contracts.ClaimsManager, abi: claimsManagerAbi, functionName: 'params' })).incidentBond,
  });
  const time = timeText ? Math.floor(new Date(timeText).getTime() / 1000) : NaN;
  const share = parseAmount(shareText, 16); // percent -> WAD
  const problem =
    !Number.isFinite(time) || time > now ? t('invalid.reportTime')
    : share === undefined || share <= 0n || share > 10n ** 18n ? t('invalid.percent')
    : !evidence.trim() ? t('invalid.evidence')
    : undefined;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!writer || problem) return;
    void tx.run(
      (onProgress) => reportIncident(writer, { productId: p.id, incidentTime: time, payoutWad: share!, evidenceURI: evidence.trim(), onProgress }),
      (r) => t('incident.reported', { id: String(r.caseId), date: formatDate(locale, r.voteEnd) }),
    );
  };
  if (!open) {
    return <button type="button" className="secondary" onClick={() => { setOpen(true); if (!timeText) setTimeText(localInput(now - 3600)); }} data-testid="incident-open">{t('incident.open')}</button>;
  }
  const caseId = tx.state.status === 'confirmed' ? /#(\d+)/.exec(tx.state.message ?? '')?.[1] : undefined;
  return (
    <form onSubmit={submit} noValidate className="subform" data-testid="incident-form">
      <h4>{t('incident.open')}</h4>
      <p className="muted small">{t('incident.intro')}</p>
      <label className="field">{t('incident.time')}<input type="datetime-local" value={timeText} onChange={(e) => setTimeText(e.target.value)} data-testid="incident-time" /></label>
      <label className="field">{t('incident.share')}<input inputMode="decimal" value={shareText} onChange={(e) => setShareText(e.target.value)} data-testid="incident-share" /></label>
      <label className="field">{t('incident.evidence')}<input value={evidence} onChange={(e) => setEvidence(e.target.value)} placeholder="ipfs://…" data-testid="incident-evidence" /></label>
      {bond.data !== undefined && <p className="muted small" data-testid="incident-bond">{t('incident.bond', { amount: `${formatAmount(locale, bond.data, decimals)} ${symbol}` })}</p>}
      {problem && <span className="error small" data-testid="incident-problem">{problem}</span>}
      {account ? <button type="submit" disabled={!writer || problem !== undefined || tx.busy} data-testid="incident-submit">{t('incident.submit')}</button> : <NeedWallet />}
      <TxStatus state={tx.state} />
      {caseId && <a href={`#/cases/${caseId}`} data-testid="incident-follow">{t('incident.follow')}</a>}
    </form>
  );
}
