import { useQuery } from '@tanstack/react-query';
import { bulwarkTokenAbi, castProposalVote, castVote, delegate } from '@bulwark/sdk';
import type { Case, Page, Proposal } from '@bulwark/indexer/api-types';
import { formatUnits } from 'viem';

import { useApi } from '../api.js';
import { useBulwark } from '../bulwark.js';
import { formatAmount, formatDate } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { TxStatus, useTx } from '../tx.js';
import { Badge, QueryState, useChainNow, useProductName } from '../ui.js';

export default function Governance() {
  const { t, locale } = useI18n();
  const { reader, writer, account, config } = useBulwark();
  const token = { address: config.deployment.contracts.BulwarkToken, abi: bulwarkTokenAbi } as const;
  const power = useQuery({
    queryKey: ['chain', 'votes', account],
    enabled: account !== undefined,
    queryFn: async () => {
      const [votes, balance, delegatee] = await Promise.all([
        reader.public.readContract({ ...token, functionName: 'getVotes', args: [account!] }),
        reader.public.readContract({ ...token, functionName: 'balanceOf', args: [account!] }),
        reader.public.readContract({ ...token, functionName: 'delegates', args: [account!] }),
      ]);
      return { votes, balance, selfDelegated: delegatee.toLowerCase() === account!.toLowerCase() };
    },
  });
  const delegation = useTx();
  const queue = useApi<Page<Case>>('/api/cases?status=voting&limit=100', { refetchInterval: 5_000 });
  const proposals = useApi<Page<Proposal>>('/api/proposals?limit=50');
  return (
    <section>
      <h1>{t('gov.title')}</h1>
      {power.data !== undefined && <p data-testid="voting-power">{t('gov.power', { amount: formatAmount(locale, power.data.votes, 18, 0) })}</p>}
      {/* Stays after a delegation so its outcome remains visible. */}
      {((power.data && power.data.balance > 0n && !power.data.selfDelegated) || delegation.state.status !== 'idle') && (
        <div className="card small">
          {power.data && !power.data.selfDelegated && (
            <>
              <p className="muted">{t('gov.delegateHint')}</p>
              <button disabled={!writer || delegation.busy} onClick={() => void delegation.run((onProgress) => delegate(writer!, { onProgress }))} data-testid="delegate">
                {t('gov.delegate', { amount: formatAmount(locale, power.data.balance, 18, 0) })}
              </button>
            </>
          )}
          <TxStatus state={delegation.state} />
        </div>
      )}
      <h2>{t('gov.queue')}</h2>
      <p className="muted small">{t('gov.queueIntro')}</p>
      <QueryState query={queue}>
        {queue.data?.items.length ? (
          <div className="grid" data-testid="queue">{queue.data.items.map((c) => <QueueItem key={c.id} item={c} />)}</div>
        ) : <p className="muted">{t('gov.noCases')}</p>}
      </QueryState>
      <h2>{t('gov.proposals')}</h2>
      <QueryState query={proposals}>
        {proposals.data?.items.length ? (
          <div className="grid">{proposals.data.items.map((p) => <ProposalItem key={p.id} proposal={p} />)}</div>
        ) : <p className="muted">{t('gov.noProposals')}</p>}
      </QueryState>
    </section>
  );
}

const bwk = (locale: string, v: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Number(formatUnits(BigInt(v), 18)));

function QueueItem({ item }: { item: Case }) {
  const { t, locale } = useI18n();
  const { writer, decimals, symbol } = useBulwark();
  const productName = useProductName();
  const now = useChainNow();
  const tx = useTx();
  const done = tx.state.status === 'confirmed';
  return (
    <article className="card" data-testid={`queue-${item.id}`}>
      <div className="row">
        <h3><a href={`#/cases/${item.id}`}>{t(item.kind === 'claim' ? 'case.claim' : 'case.incident', { id: item.id })}</a></h3>
        <Badge status={item.status} label={t(`case.status.${item.status}` as MessageKey)} />
      </div>
      <div className="muted small">{productName(item.productId)}{item.coverId && ` · ${t('case.cover', { id: item.coverId })}`}</div>
      <dl className="facts">
        {item.amount && (<><dt>{t('case.amount')}</dt><dd>{formatAmount(locale, BigInt(item.amount), decimals)} {symbol}</dd></>)}
        <dt>{t('case.for')}</dt><dd>{bwk(locale, item.votesFor)} BWK</dd>
        <dt>{t('case.against')}</dt><dd>{bwk(locale, item.votesAgainst)} BWK</dd>
        <dt>{t('case.deadline')}</dt><dd>{formatDate(locale, item.voteEnd)}</dd>
      </dl>
      {now < item.voteEnd && !done && (
        <div className="row">
          <button disabled={!writer || tx.busy} onClick={() => void tx.run((onProgress) => castVote(writer!, { caseId: BigInt(item.id), support: true, onProgress }))} data-testid="vote-for">{t('case.voteFor')}</button>
          <button className="secondary" disabled={!writer || tx.busy} onClick={() => void tx.run((onProgress) => castVote(writer!, { caseId: BigInt(item.id), support: false, onProgress }))} data-testid="vote-against">{t('case.voteAgainst')}</button>
        </div>
      )}
      <TxStatus state={tx.state} />
    </article>
  );
}

function ProposalItem({ proposal: p }: { proposal: Proposal }) {
  const { t, locale } = useI18n();
  const { writer } = useBulwark();
  const tx = useTx();
  const vote = (support: 'for' | 'against' | 'abstain') =>
    void tx.run((onProgress) => castProposalVote(writer!, { proposalId: BigInt(p.id), support, onProgress }));
  return (
    <article className="card" data-testid={`proposal-${p.id}`}>
      <div className="row">
        <h3>{t('proposal.id', { id: `${p.id.slice(0, 8)}…` })}</h3>
        <Badge status={p.status} label={t(`proposal.state.${p.status}` as MessageKey)} />
      </div>
      <p className="small">{p.description}</p>
      <dl className="facts">
        <dt>{t('proposal.for')}</dt><dd>{bwk(locale, p.votesFor)} BWK</dd>
        <dt>{t('proposal.against')}</dt><dd>{bwk(locale, p.votesAgainst)} BWK</dd>
        <dt>{t('proposal.abstain')}</dt><dd>{bwk(locale, p.votesAbstain)} BWK</dd>
        <dt>{t('case.quorum')}</dt><dd>{bwk(locale, p.quorum)} BWK</dd>
      </dl>
      <p className="muted small">{t('proposal.ends', { date: formatDate(locale, p.voteEnd) })}</p>
      {p.status === 'active' && tx.state.status !== 'confirmed' && (
        <div className="row">
          <button disabled={!writer || tx.busy} onClick={() => vote('for')} data-testid="proposal-for">{t('proposal.for')}</button>
          <button className="secondary" disabled={!writer || tx.busy} onClick={() => vote('against')} data-testid="proposal-against">{t('proposal.against')}</button>
          <button className="secondary" disabled={!writer || tx.busy} onClick={() => vote('abstain')} data-testid="proposal-abstain">{t('proposal.abstain')}</button>
        </div>
      )}
      <TxStatus state={tx.state} />
    </article>
  );
}
