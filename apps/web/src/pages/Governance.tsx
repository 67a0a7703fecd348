import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  bulwarkGovernorAbi, bulwarkTokenAbi, castProposalVote, castVote, coverManagerAbi, delegate, executeProposal, getProposal, propose, queueProposal,
  type ProposalCalls,
} from '@bulwark/sdk';
import type { Case, Page, Proposal } from '@bulwark/indexer/api-types';
import { decodeFunctionData, encodeFunctionData, formatUnits, type Hex } from 'viem';

import { useApi } from '../api.js';
import { useBulwark } from '../bulwark.js';
import { formatAmount, formatDate, formatPercentWad, parseAmount } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { TxStatus, useTx } from '../tx.js';
import { Badge, NeedWallet, QueryState, useChainNow, useProductName, useProducts } from '../ui.js';

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
      <h2>{t('gov.new')}</h2>
      <NewProposal votes={power.data?.votes} />
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
  const { reader, writer } = useBulwark();
  const now = useChainNow();
  const tx = useTx();
  // The chain's state and ETA: the indexer's status only moves when a block is indexed.
  const live = useQuery({ queryKey: ['chain', 'proposal', p.id], refetchInterval: 5_000, queryFn: () => getProposal(reader, { proposalId: BigInt(p.id) }) });
  const status = live.data?.state ?? p.status;
  const eta = live.data && live.data.eta > 0n ? Number(live.data.eta) : p.eta;
  const calls: ProposalCalls = { targets: p.targets, values: p.values.map(BigInt), calldatas: p.calldatas, description: p.description };
  const queue = () => void tx.run((onProgress) => queueProposal(writer!, { ...calls, onProgress }), (r) => t('proposal.queued', { date: formatDate(locale, r.eta) }));
  const execute = () => void tx.run((onProgress) => executeProposal(writer!, { ...calls, onProgress }));
  const vote = (support: 'for' | 'against' | 'abstain') =>
    void tx.run((onProgress) => castProposalVote(writer!, { proposalId: BigInt(p.id), support, onProgress }));
  return (
    <article className="card" data-testid={`proposal-${p.id}`}>
      <div className="row">
        <h3>{t('proposal.id', { id: `${p.id.slice(0, 8)}…` })}</h3>
        <Badge status={status} label={t(`proposal.state.${status}` as MessageKey)} />
      </div>
      <p className="small">{p.description}</p>
      <ProposalChanges proposal={p} />
      <dl className="facts">
        <dt>{t('proposal.for')}</dt><dd>{bwk(locale, p.votesFor)} BWK</dd>
        <dt>{t('proposal.against')}</dt><dd>{bwk(locale, p.votesAgainst)} BWK</dd>
        <dt>{t('proposal.abstain')}</dt><dd>{bwk(locale, p.votesAbstain)} BWK</dd>
        <dt>{t('case.quorum')}</dt><dd>{bwk(locale, p.quorum)} BWK</dd>
      </dl>
      <p className="muted small">{t('proposal.ends', { date: formatDate(locale, p.voteEnd) })}</p>
      {eta !== null && <p className="small" data-testid="proposal-eta">{t('proposal.eta', { date: formatDate(locale, eta) })}</p>}
      {status === 'succeeded' && (
        <button disabled={!writer || tx.busy} onClick={queue} data-testid="proposal-queue">{t('proposal.queue')}</button>
      )}
      {status === 'queued' && eta !== null && (
        <button disabled={!writer || tx.busy || now < eta} title={now < eta ? t('proposal.eta', { date: formatDate(locale, eta) }) : undefined} onClick={execute} data-testid="proposal-execute">{t('proposal.execute')}</button>
      )}
      {status === 'active' && tx.state.status !== 'confirmed' && (
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

/** What a proposal does, decoded: a product update in words, any other CoverManager call by name, other targets by selector. */
function ProposalChanges({ proposal: p }: { proposal: Proposal }) {
  const { t, locale } = useI18n();
  const { config } = useBulwark();
  const productName = useProductName();
  const describe = (target: string, data: Hex): string => {
    if (target.toLowerCase() !== config.deployment.contracts.CoverManager.toLowerCase()) return `${target.slice(0, 10)}….${data.slice(0, 10)}`;
    try {
      const call = decodeFunctionData({ abi: coverManagerAbi, data });
      if (call.functionName === 'updateProduct') {
        const [productId, params] = call.args;
        return t('proposal.updateProduct', { product: productName(String(productId)), rate: formatPercentWad(locale, params.baseRateWad, 3), cap: formatPercentWad(locale, params.capWad, 3) });
      }
      return `CoverManager.${call.functionName}`;
    } catch {
      return `CoverManager.${data.slice(0, 10)}`;
    }
  };
  return (
    <ul className="small calls" data-testid="proposal-calls">
      {p.targets.map((target, i) => <li key={i}>{describe(target, p.calldatas[i] ?? '0x')}</li>)}
    </ul>
  );
}

type Param = 'baseRate' | 'cap';

/**
 * A proposal to change one product's base rate or cap: `updateProduct` on the CoverManager with the
 * product's other parameters as they are, made by the timelock if the vote passes.
 */
function NewProposal({ votes }: { votes: bigint | undefined }) {
  const { t, locale } = useI18n();
  const { reader, writer, account, config } = useBulwark();
  const products = useProducts();
  const [productId, setProductId] = useState<number>(config.deployment.products[0]?.id ?? 0);
  const [param, setParam] = useState<Param>('baseRate');
  const [valueText, setValueText] = useState('');
  const [description, setDescription] = useState('');
  const tx = useTx();
  const coverManager = { address: config.deployment.contracts.CoverManager, abi: coverManagerAbi } as const;
  const threshold = useQuery({
    queryKey: ['chain', 'proposal-threshold'],
    queryFn: () => reader.public.readContract({ address: config.deployment.contracts.BulwarkGovernor, abi: bulwarkGovernorAbi, functionName: 'proposalThreshold' }),
  });
  const params = useQuery({
    queryKey: ['chain', 'product-params', productId],
    queryFn: () => reader.public.readContract({ ...coverManager, functionName: 'product', args: [BigInt(productId)] }),
  });
  const productName = useProductName();
  const value = parseAmount(valueText, 16); // percent -> WAD
  const current = params.data ? (param === 'baseRate' ? params.data.baseRateWad : params.data.capWad) : undefined;
  const defaultDescription = value !== undefined && value > 0n
    ? t('gov.descriptionDefault', { param: t(`gov.paramName.${param}`), product: products.data?.find((p) => p.id === productId)?.name ?? `#${productId}`, value: valueText.trim() })
    : '';
  const text = description.trim() || defaultDescription;
  const below = threshold.data !== undefined && votes !== undefined && votes < threshold.data;
  const problem =
    valueText.trim() === '' ? undefined
    : value === undefined || value <= 0n || value > 10n ** 18n ? t('invalid.percent')
    : !text ? t('invalid.description')
    : undefined;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!writer || !params.data || value === undefined || problem || below) return;
    const next = { ...params.data, ...(param === 'baseRate' ? { baseRateWad: value } : { capWad: value }) };
    const calldata: Hex = encodeFunctionData({ abi: coverManagerAbi, functionName: 'updateProduct', args: [BigInt(productId), next] });
    void tx.run(
      (onProgress) => propose(writer, { targets: [coverManager.address], values: [0n], calldatas: [calldata], description: text, onProgress }),
      (r) => t('gov.proposed', { id: `${String(r.proposalId).slice(0, 8)}…`, date: formatDate(locale, r.voteStart) }),
    );
  };
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="new-proposal">
      <p className="muted small">{t('gov.newIntro')}</p>
      {threshold.data !== undefined && votes !== undefined && (
        <p className={below ? 'error small' : 'muted small'} data-testid="proposal-threshold">
          {t(below ? 'gov.belowThreshold' : 'gov.threshold', { amount: formatAmount(locale, threshold.data, 18, 0), votes: formatAmount(locale, votes, 18, 0) })}
        </p>
      )}
      <label className="field">
        {t('gov.product')}
        <select value={productId} onChange={(e) => setProductId(Number(e.target.value))} data-testid="proposal-product">
          {config.deployment.products.map((p) => <option key={p.id} value={p.id}>{productName(p.id)}</option>)}
        </select>
      </label>
      <label className="field">
        {t('gov.param')}
        <select value={param} onChange={(e) => setParam(e.target.value as Param)} data-testid="proposal-param">
          <option value="baseRate">{t('gov.param.baseRate')}</option>
          <option value="cap">{t('gov.param.cap')}</option>
        </select>
      </label>
      {current !== undefined && <span className="muted small" data-testid="proposal-current">{t('gov.current', { value: formatPercentWad(locale, current, 3) })}</span>}
      <label className="field">
        {t('gov.newValue')}
        <input inputMode="decimal" value={valueText} onChange={(e) => setValueText(e.target.value)} aria-invalid={problem !== undefined} data-testid="proposal-value" />
      </label>
      <label className="field">
        {t('gov.description')}
        <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder={defaultDescription} data-testid="proposal-description" />
      </label>
      {problem && <span className="error small" data-testid="proposal-problem">{problem}</span>}
      {account ? (
        <button type="submit" disabled={!writer || !params.data || value === undefined || problem !== undefined || below || tx.busy} data-testid="proposal-submit">{t('gov.propose')}</button>
      ) : <NeedWallet />}
      <TxStatus state={tx.state} />
    </form>
  );
}
