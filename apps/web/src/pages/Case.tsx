import { useQuery } from '@tanstack/react-query';
import { castVote, claimRewards, getCase, getIncidentCovers, payClaim, payIncident, resolveCase, settleIncident, type BulwarkClient } from '@bulwark/sdk';
import type { CaseDetail } from '@bulwark/indexer/api-types';
import { formatUnits } from 'viem';

import { useApi } from '../api.js';
import { useBulwark } from '../bulwark.js';
import { formatAmount, formatDate, formatPercentWad, shortAddress } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { TxStatus, useTx } from '../tx.js';
import { Badge, QueryState, evidenceHref, useChainNow, useProductName } from '../ui.js';

export default function CasePage({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const { reader, writer, account, decimals, symbol } = useBulwark();
  const productName = useProductName();
  const now = useChainNow();
  const live = useQuery({ queryKey: ['chain', 'case', caseId], refetchInterval: 5_000, queryFn: () => getCase(reader, { caseId: BigInt(caseId) }) });
  const indexed = useApi<CaseDetail>(`/api/cases/${caseId}`, { refetchInterval: 3_000 });
  const tx = useTx();
  const c = live.data;
  const i = indexed.data;
  const votes = (v: bigint | string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Number(formatUnits(BigInt(v), 18)));
  const fmt = (v: bigint | string) => `${formatAmount(locale, BigInt(v), decimals)} ${symbol}`;
  const voted = account !== undefined && i?.votes.some((v) => v.voter === account.toLowerCase());
  const evidence = i ? evidenceHref(i.evidenceUri) : undefined;
  return (
    <section>
      <p><a href="#/covers">← {t('case.back')}</a></p>
      <QueryState query={live}>
        {c && (
          <>
            <div className="row">
              <h1>{t(c.kind === 'claim' ? 'case.claim' : 'case.incident', { id: caseId })}</h1>
              <Badge status={c.status} label={t(`case.status.${c.status}` as MessageKey)} />
            </div>
            <div className="card">
              <dl className="facts">
                {c.kind === 'claim' ? (
                  <>
                    <dt>{t('case.cover', { id: String(c.subject) })}</dt><dd>{i ? productName(i.productId) : ''}</dd>
                    <dt>{t('case.amount')}</dt><dd>{fmt(c.amount)}</dd>
                  </>
                ) : (
                  <>
                    <dt>{t('cover.product')}</dt><dd>{productName(String(c.subject))}</dd>
                    <dt>{t('case.share')}</dt><dd>{formatPercentWad(locale, c.amount)}</dd>
                  </>
                )}
                <dt>{t('case.filer')}</dt><dd title={c.filer}>{shortAddress(c.filer)}</dd>
                <dt>{t('case.incidentTime')}</dt><dd>{formatDate(locale, c.incidentTime)}</dd>
                <dt>{t('case.deadline')}</dt><dd>{formatDate(locale, c.deadline)}</dd>
                {i && (<><dt>{t('case.evidence')}</dt><dd>{evidence ? <a href={evidence} target="_blank" rel="noreferrer noopener" data-testid="evidence">{i.evidenceUri}</a> : i.evidenceUri}</dd></>)}
              </dl>
              <h3>{t('case.votes')}</h3>
              <dl className="facts" data-testid="tally">
                <dt>{t('case.for')}</dt><dd>{votes(c.forVotes)} BWK</dd>
                <dt>{t('case.against')}</dt><dd>{votes(c.againstVotes)} BWK</dd>
                <dt>{t('case.quorum')}</dt><dd>{votes(c.quorum)} BWK</dd>
              </dl>
              <div className="row">
                {c.status === 'voting' && now < c.deadline && !voted && (
                  <>
                    <button disabled={!writer || tx.busy} onClick={() => void tx.run((onProgress) => castVote(writer!, { caseId: c.caseId, support: true, onProgress }))} data-testid="vote-for">{t('case.voteFor')}</button>
                    <button className="secondary" disabled={!writer || tx.busy} onClick={() => void tx.run((onProgress) => castVote(writer!, { caseId: c.caseId, support: false, onProgress }))} data-testid="vote-against">{t('case.voteAgainst')}</button>
                  </>
                )}
                {c.status === 'voting' && now >= c.deadline && (
                  <button disabled={!writer || tx.busy} onClick={() => void tx.run((onProgress) => resolveCase(writer!, { caseId: c.caseId, onProgress }))} data-testid="resolve">{t('case.resolve')}</button>
                )}
                {voted && ['paid', 'rejected', 'overturned', 'closed'].includes(c.status) && (
                  <button
                    className="secondary"
                    disabled={!writer || tx.busy}
                    onClick={() => void tx.run((onProgress) => claimRewards(writer!, { caseIds: [c.caseId], onProgress }), (r) => t('case.rewarded', { amount: fmt(r.total) }))}
                    data-testid="claim-reward"
                  >
                    {t('case.claimReward')}
                  </button>
                )}
                {c.kind === 'incident' && c.status === 'accepted' && now >= c.deadline && (
                  <button disabled={!writer || tx.busy} onClick={() => void tx.run((onProgress) => settleIncident(writer!, { caseId: c.caseId, onProgress }))} data-testid="settle">{t('case.settle')}</button>
                )}
                {c.kind === 'claim' && c.status === 'accepted' && now >= c.deadline && (
                  <button disabled={!writer || tx.busy} onClick={() => void tx.run((onProgress) => payClaim(writer!, { caseId: c.caseId, onProgress }))} data-testid="pay">{t('case.pay')}</button>
                )}
              </div>
              <TxStatus state={tx.state} />
              {c.kind === 'incident' && c.status === 'payable' && <PayCovers caseId={c.caseId} />}
            </div>
          </>
        )}
      </QueryState>
      <h2>{t('case.timeline')}</h2>
      <QueryState query={indexed}>
        <ol className="timeline" data-testid="timeline">
          {[
            ...(i?.timeline ?? []).map((e) => ({ at: e.blockNumber, key: `${e.txHash}-${e.step}`, step: e.step as string, node: (
              <><strong>{t(`step.${e.step}` as MessageKey)}</strong> <span className="muted small">{formatDate(locale, e.timestamp)}</span></>
            ) })),
            ...(i?.votes ?? []).map((v) => ({ at: v.blockNumber, key: `${v.txHash}-vote`, step: 'vote', node: (
              <span className="small">{t(v.support ? 'case.for' : 'case.against')} · {shortAddress(v.voter)} · {votes(v.weight)} BWK <span className="muted">{formatDate(locale, v.timestamp)}</span></span>
            ) })),
          ]
            .sort((a, b) => a.at - b.at)
            .map((e) => <li key={e.key} data-step={e.step}>{e.node}</li>)}
        </ol>
      </QueryState>
    </section>
  );
}

/** Covers paid per transaction: well inside a block's gas at about 60k gas a cover. */
const BATCH = 50;

/** Pays an incident's owed covers in batches of `BATCH` (what the keeper does), so nobody need wait for it. */
async function payAll(writer: BulwarkClient, caseId: bigint, owed: readonly bigint[], onProgress: Parameters<typeof payIncident>[1]['onProgress']) {
  let total = 0n;
  let count = 0;
  for (let i = 0; i < owed.length; i += BATCH) {
    const r = await payIncident(writer, { caseId, coverIds: owed.slice(i, i + BATCH), onProgress });
    total += r.total;
    count += r.paid.length;
  }
  return { total, count };
}

function PayCovers({ caseId }: { caseId: bigint }) {
  const { t, locale } = useI18n();
  const { reader, writer, decimals, symbol } = useBulwark();
  const owed = useQuery({ queryKey: ['chain', 'incident-covers', String(caseId)], queryFn: () => getIncidentCovers(reader, { caseId }) });
  const tx = useTx();
  return (
    <div data-testid="pay-covers">
      <QueryState query={owed}>
        {owed.data && owed.data.length > 0 ? (
          <button
            disabled={!writer || tx.busy}
            onClick={() => void tx.run((onProgress) => payAll(writer!, caseId, owed.data, onProgress), (r) => t('case.coversPaid', { count: String(r.count), amount: `${formatAmount(locale, r.total, decimals)} ${symbol}` }))}
            data-testid="pay-incident"
          >
            {t('case.payCovers', { count: String(owed.data.length) })}
          </button>
        ) : <p className="muted small">{t('case.noCoversOwed')}</p>}
      </QueryState>
      <TxStatus state={tx.state} />
    </div>
  );
}
