/**
 * Indexing functions: every Bulwark event into the tables of `ponder.schema.ts`.
 *
 * Ordering facts relied on (from the contracts): a route's `ClaimPaid` / `IncidentCoverPaid` /
 * `TriggerCoverPaid` follows the `CoverPaid` of the same cover in the same transaction; the mint
 * `Transfer` precedes `CoverBought`; `ReportFinalized` precedes its `Triggered`.
 */
import { coverManagerAbi, coverPoolAbi, bulwarkGovernorAbi, bulwarkTokenAbi } from '@bulwark/sdk';
import { ponder, type Context } from 'ponder:registry';
import {
  caseStep, caseVote, claimCase, closedRisk, configChange, cover, payout, payoutLink, pool, poolPoint, product, proposal, proposalStep, proposalVote,
  eventReport, triggerEvent, triggerPayout, triggerReport, withdrawalRequest,
} from 'ponder:schema';
import { zeroAddress, type Address, type Hex } from 'viem';

import { deployment, lower, routeKind } from '../lib/deployment.js';

const WAD = 10n ** 18n;
const POOL = lower(deployment.contracts.CoverPool);
const MANAGER = lower(deployment.contracts.CoverManager);
const PRODUCT_STATUS = ['unlisted', 'active', 'paused', 'retired'] as const;
const PAYOUT_RULE = ['assessed', 'trigger-fixed', 'trigger-proportional'] as const;

interface EventMeta {
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex; from: Address };
  log: { logIndex: number };
}
const at = (event: EventMeta) => ({
  timestamp: Number(event.block.timestamp),
  blockNumber: event.block.number,
  txHash: event.transaction.hash,
  logIndex: event.log.logIndex,
});
const logId = (event: EventMeta) => `${event.transaction.hash}-${event.log.logIndex}`;
const eventKey = (trigger: string, eventId: bigint) => `${lower(trigger)}:${eventId}`;

// ------------------------------------------------------------------------------------------- pool

interface PoolDelta {
  written?: bigint;
  refunds?: bigint;
  claimsPaid?: bigint;
}

/**
 * Records a change of the pool: adds `delta` to the running sums and writes the block's point. The
 * contract state is read once per block (at its end: reads take the event's block number), later
 * events of the block only refresh the sums the point derives from.
 */
async function touchPool(event: EventMeta, context: Context, delta: PoolDelta = {}): Promise<void> {
  const { db, client } = context;
  const asPool = { abi: coverPoolAbi, address: POOL } as const;
  const asManager = { abi: coverManagerAbi, address: MANAGER } as const;
  let p = await db.find(pool, { address: POOL });
  if (!p) {
    const shareDecimals = await client.readContract({ ...asPool, functionName: 'decimals' });
    p = await db.insert(pool).values({
      address: POOL, manager: MANAGER, asset: lower(deployment.asset.address), shareDecimals,
      leverageWad: 0n, premiumsWritten: 0n, refunds: 0n, claimsPaid: 0n,
    });
  }
  const written = p.premiumsWritten + (delta.written ?? 0n);
  const refunds = p.refunds + (delta.refunds ?? 0n);
  const claimsPaid = p.claimsPaid + (delta.claimsPaid ?? 0n);
  if (delta.written || delta.refunds || delta.claimsPaid) {
    await db.update(pool, { address: POOL }).set({ premiumsWritten: written, refunds, claimsPaid });
  }
  const key = { pool: POOL, blockNumber: event.block.number };
  const point = await db.find(poolPoint, key);
  if (point) {
    await db.update(poolPoint, key).set({
      premiumsWritten: written, refunds, claimsPaid, premiumsEarned: written - refunds - point.unearnedPremium,
    });
    return;
  }
  const [capital, totalSupply, oneShare, activeCover, requiredCapital, unearned, params] = await Promise.all([
    client.readContract({ ...asPool, functionName: 'totalAssets' }),
    client.readContract({ ...asPool, functionName: 'totalSupply' }),
    client.readContract({ ...asPool, functionName: 'convertToAssets', args: [10n ** BigInt(p.shareDecimals)] }),
    client.readContract({ ...asManager, functionName: 'activeCover' }),
    client.readContract({ ...asManager, functionName: 'requiredCapital' }),
    client.readContract({ ...asManager, functionName: 'unearnedPremium' }),
    client.readContract({ ...asManager, functionName: 'poolParams' }),
  ]);
  const leverageWad = BigInt(params.leverageWad);
  const capacity = (capital * leverageWad) / WAD;
  if (leverageWad !== p.leverageWad) await db.update(pool, { address: POOL }).set({ leverageWad });
  await db.insert(poolPoint).values({
    ...key,
    timestamp: Number(event.block.timestamp),
    capital, activeCover, requiredCapital, totalSupply, leverageWad,
    utilizationWad: capacity === 0n ? 0n : (activeCover * WAD) / capacity,
    sharePriceWad: oneShare * 10n ** BigInt(18 - deployment.asset.decimals),
    unearnedPremium: unearned,
    premiumsWritten: written, refunds, claimsPaid, premiumsEarned: written - refunds - unearned,
  });
}

// -------------------------------------------------------------------------------------- products

async function writeProduct(
  event: EventMeta & { args: { productId: bigint; params: { claimRoute: Address; baseRateWad: bigint; capWad: bigint; maxCoverAmount: bigint; minPeriod: number; maxPeriod: number; waitingPeriod: number; claimGracePeriod: number; payoutRule: number; termsURI: string } } },
  context: Context,
  listing: boolean,
): Promise<void> {
  const { productId, params } = event.args;
  const fields = {
    claimRoute: lower(params.claimRoute),
    claimRouteKind: routeKind(params.claimRoute),
    payoutRule: PAYOUT_RULE[params.payoutRule] ?? 'assessed',
    baseRateWad: BigInt(params.baseRateWad),
    capWad: BigInt(params.capWad),
    maxCoverAmount: BigInt(params.maxCoverAmount),
    minPeriod: Number(params.minPeriod),
    maxPeriod: Number(params.maxPeriod),
    waitingPeriod: Number(params.waitingPeriod),
    claimGracePeriod: Number(params.claimGracePeriod),
    termsUri: params.termsURI,
  };
  if (!listing && (await context.db.find(product, { id: productId }))) {
    await context.db.update(product, { id: productId }).set(fields);
    return;
  }
  const status = await context.client.readContract({
    abi: coverManagerAbi, address: MANAGER, functionName: 'productStatus', args: [productId],
  });
  const known = deployment.products.find((x) => BigInt(x.id) === productId);
  await context.db
    .insert(product)
    .values({
      id: productId, key: known?.key ?? null, name: known?.name ?? null, kind: known?.kind ?? null,
      status: PRODUCT_STATUS[status] ?? 'unlisted', salesPausedUntil: 0, payoutsPausedUntil: 0, openIncidents: 0, listedAt: Number(event.block.timestamp),
      coversSold: 0, premiumsWritten: 0n, claimsPaid: 0n, ...fields,
    })
    .onConflictDoUpdate(fields);
}

ponder.on('CoverManager:ProductListed', ({ event, context }) => writeProduct(event, context, true));
ponder.on('CoverManager:ProductUpdated', async ({ event, context }) => {
  await recordChange('CoverManager', 'ProductUpdated', event, context);
  await writeProduct(event, context, false);
});

ponder.on('CoverManager:ProductStatusSet', async ({ event, context }) => {
  await recordChange('CoverManager', 'ProductStatusSet', event, context);
  if (!(await context.db.find(product, { id: event.args.productId }))) return;
  await context.db.update(product, { id: event.args.productId }).set({ status: PRODUCT_STATUS[event.args.status] ?? 'unlisted' });
});
ponder.on('CoverManager:SalesPausedUntil', async ({ event, context }) => {
  await recordChange('CoverManager', 'SalesPausedUntil', event, context);
  if (!(await context.db.find(product, { id: event.args.productId }))) return;
  await context.db.update(product, { id: event.args.productId }).set({ salesPausedUntil: Number(event.args.until) });
});
ponder.on('CoverManager:SalesUnpaused', async ({ event, context }) => {
  await recordChange('CoverManager', 'SalesUnpaused', event, context);
  if (!(await context.db.find(product, { id: event.args.productId }))) return;
  await context.db.update(product, { id: event.args.productId }).set({ salesPausedUntil: 0 });
});
ponder.on('CoverManager:PayoutsPausedUntil', async ({ event, context }) => {
  await recordChange('CoverManager', 'PayoutsPausedUntil', event, context);
  if (!(await context.db.find(product, { id: event.args.productId }))) return;
  await context.db.update(product, { id: event.args.productId }).set({ payoutsPausedUntil: Number(event.args.until) });
});
ponder.on('CoverManager:PayoutsUnpaused', async ({ event, context }) => {
  await recordChange('CoverManager', 'PayoutsUnpaused', event, context);
  if (!(await context.db.find(product, { id: event.args.productId }))) return;
  await context.db.update(product, { id: event.args.productId }).set({ payoutsPausedUntil: 0 });
});
ponder.on('CoverManager:IncidentCountChanged', async ({ event, context }) => {
  if (!(await context.db.find(product, { id: event.args.productId }))) return;
  await context.db.update(product, { id: event.args.productId }).set({ openIncidents: Number(event.args.openIncidents) });
});
ponder.on('CoverManager:RiskClosedByRoute', async ({ event, context }) => {
  const { productId, riskKey } = event.args;
  const { timestamp, blockNumber, txHash } = at(event);
  await context.db.insert(closedRisk).values({ id: `${productId}:${riskKey}`, productId, riskKey, timestamp, blockNumber, txHash }).onConflictDoNothing();
});
ponder.on('CoverManager:PoolParamsSet', async ({ event, context }) => {
  await recordChange('CoverManager', 'PoolParamsSet', event, context);
  await touchPool(event, context);
});

// ---------------------------------------------------------------------------------------- covers

ponder.on('CoverManager:CoverBought', async ({ event, context }) => {
  const { coverId, productId, owner, riskKey, amount, premium, end } = event.args;
  const { timestamp, blockNumber, txHash } = at(event);
  await context.db.insert(cover).values({
    id: coverId, productId, owner: lower(owner), buyer: lower(owner), riskKey, amount, paid: 0n, premium,
    start: timestamp, end: Number(end), cancelled: false, claimOpen: false, refund: null, cancelledAt: null,
    createdAt: timestamp, blockNumber, txHash,
  });
  if (await context.db.find(product, { id: productId })) {
    await context.db.update(product, { id: productId }).set((p) => ({
      coversSold: p.coversSold + 1, premiumsWritten: p.premiumsWritten + premium,
    }));
  }
  await touchPool(event, context, { written: premium });
});

ponder.on('CoverManager:CoverExtended', async ({ event, context }) => {
  const { coverId, end, premium } = event.args;
  const c = await context.db.update(cover, { id: coverId }).set((row) => ({ end: Number(end), premium: row.premium + premium }));
  if (await context.db.find(product, { id: c.productId })) {
    await context.db.update(product, { id: c.productId }).set((p) => ({ premiumsWritten: p.premiumsWritten + premium }));
  }
  await touchPool(event, context, { written: premium });
});

ponder.on('CoverManager:CoverCancelled', async ({ event, context }) => {
  const { coverId, refund } = event.args;
  const { timestamp } = at(event);
  await context.db.update(cover, { id: coverId }).set({ cancelled: true, refund, cancelledAt: timestamp, end: timestamp });
  await touchPool(event, context, { refunds: refund });
});

ponder.on('CoverManager:Transfer', async ({ event, context }) => {
  const { to, tokenId } = event.args;
  // Mints are recorded by CoverBought; a burn (cancellation) keeps the last owner.
  if (to === zeroAddress) return;
  if (!(await context.db.find(cover, { id: tokenId }))) return;
  await context.db.update(cover, { id: tokenId }).set({ owner: lower(to) });
});

ponder.on('CoverManager:CoverPaid', async ({ event, context }) => {
  const { coverId, owner, route, amount, incidentTime } = event.args;
  const c = await context.db.update(cover, { id: coverId }).set((row) => ({ paid: row.paid + amount }));
  const id = logId(event);
  const kind = routeKind(route);
  await context.db.insert(payout).values({
    id, coverId, amount, route: lower(route), owner: lower(owner), incidentTime: Number(incidentTime),
    kind: kind === 'ClaimsManager' ? 'claim' : kind === 'unknown' ? 'other' : 'trigger',
    caseId: null, eventKey: null, ...at(event),
  });
  await context.db
    .insert(payoutLink)
    .values({ id: `${event.transaction.hash}:${coverId}`, payoutId: id })
    .onConflictDoUpdate({ payoutId: id });
  if (await context.db.find(product, { id: c.productId })) {
    await context.db.update(product, { id: c.productId }).set((p) => ({ claimsPaid: p.claimsPaid + amount }));
  }
  await touchPool(event, context, { claimsPaid: amount });
});

/** Names the case or trigger event behind the `CoverPaid` of `coverId` in this transaction. */
async function linkPayout(
  event: EventMeta,
  context: Context,
  coverId: bigint,
  link: { kind: 'claim' | 'incident' | 'trigger'; caseId?: bigint; eventKey?: string },
): Promise<void> {
  const row = await context.db.find(payoutLink, { id: `${event.transaction.hash}:${coverId}` });
  if (!row) return;
  await context.db.update(payout, { id: row.payoutId }).set({
    kind: link.kind, caseId: link.caseId ?? null, eventKey: link.eventKey ?? null,
  });
}

ponder.on('CoverManager:PayoutReserveChanged', async ({ event, context }) => {
  await touchPool(event, context);
});

// ------------------------------------------------------------------------------------------ pool

ponder.on('CoverPool:Deposit', async ({ event, context }) => {
  await touchPool(event, context);
});
ponder.on('CoverPool:Withdraw', async ({ event, context }) => {
  const owner = lower(event.args.owner);
  const request = await context.db.find(withdrawalRequest, { owner });
  if (request) {
    const left = request.shares > event.args.shares ? request.shares - event.args.shares : 0n;
    if (left === 0n) await context.db.delete(withdrawalRequest, { owner });
    else await context.db.update(withdrawalRequest, { owner }).set({ shares: left });
  }
  await touchPool(event, context);
});
ponder.on('CoverPool:WithdrawalRequested', async ({ event, context }) => {
  const { owner, shares, unlocksAt, expiresAt } = event.args;
  const row = { shares, unlocksAt: Number(unlocksAt), expiresAt: Number(expiresAt) };
  await context.db.insert(withdrawalRequest).values({ owner: lower(owner), ...row }).onConflictDoUpdate(row);
});
ponder.on('CoverPool:WithdrawalRequestCancelled', async ({ event, context }) => {
  const owner = lower(event.args.owner);
  if (await context.db.find(withdrawalRequest, { owner })) await context.db.delete(withdrawalRequest, { owner });
});

// ----------------------------------------------------------------------------------------- cases

/** Claim statuses in which the CoverManager keeps the cover's claim open (`FLAG_CLAIM_OPEN`). */
const CLAIM_OPEN_STATUSES = new Set(['voting', 'accepted', 'escalated']);

async function step(event: EventMeta, context: Context, caseId: bigint, name: string, status?: string): Promise<void> {
  const c = await context.db.find(claimCase, { id: caseId });
  if (!c) return;
  // Copied before the update: the store may hand out the cached row, which the update mutates.
  const { status: previous, kind, coverId } = c;
  const next = status ?? previous;
  if (next !== previous) await context.db.update(claimCase, { id: caseId }).set({ status: next });
  // Rejection, overturn and payment close the claim on the cover (ClaimsManager calls closeClaim).
  if (kind === 'claim' && coverId !== null && CLAIM_OPEN_STATUSES.has(previous) !== CLAIM_OPEN_STATUSES.has(next)) {
    if (await context.db.find(cover, { id: coverId })) {
      await context.db.update(cover, { id: coverId }).set({ claimOpen: CLAIM_OPEN_STATUSES.has(next) });
    }
  }
  await context.db.insert(caseStep).values({ id: logId(event), caseId, step: name, status: next, ...at(event) });
}

ponder.on('ClaimsManager:ClaimFiled', async ({ event, context }) => {
  const { caseId, coverId, claimant, productId, amount, incidentTime, deposit, voteEnd, evidenceURI } = event.args;
  const { timestamp, blockNumber, txHash } = at(event);
  await context.db.insert(claimCase).values({
    id: caseId, kind: 'claim', productId, coverId, filer: lower(claimant), amount, payoutWad: null,
    incidentTime: Number(incidentTime), deposit, evidenceUri: evidenceURI, status: 'voting', createdAt: timestamp,
    voteEnd: Number(voteEnd), challengeEnd: null, payoutWindowEnd: null, votesFor: 0n, votesAgainst: 0n, voteCount: 0,
    quorum: null, paid: 0n, coversPaid: 0, blockNumber, txHash,
  });
  if (await context.db.find(cover, { id: coverId })) await context.db.update(cover, { id: coverId }).set({ claimOpen: true });
  await step(event, context, caseId, 'filed');
});

ponder.on('ClaimsManager:IncidentReported', async ({ event, context }) => {
  const { caseId, productId, reporter, incidentTime, payoutWad, bond, voteEnd, evidenceURI } = event.args;
  const { timestamp, blockNumber, txHash } = at(event);
  await context.db.insert(claimCase).values({
    id: caseId, kind: 'incident', productId, coverId: null, filer: lower(reporter), amount: null, payoutWad,
    incidentTime: Number(incidentTime), deposit: bond, evidenceUri: evidenceURI, status: 'voting', createdAt: timestamp,
    voteEnd: Number(voteEnd), challengeEnd: null, payoutWindowEnd: null, votesFor: 0n, votesAgainst: 0n, voteCount: 0,
    quorum: null, paid: 0n, coversPaid: 0, blockNumber, txHash,
  });
  await step(event, context, caseId, 'filed');
});

ponder.on('ClaimsManager:VoteCast', async ({ event, context }) => {
  const { caseId, voter, support, weight } = event.args;
  const { timestamp, blockNumber, txHash, logIndex } = at(event);
  await context.db.insert(caseVote).values({ caseId, voter: lower(voter), support, weight, reward: null, timestamp, blockNumber, txHash, logIndex });
  await context.db.update(claimCase, { id: caseId }).set((c) => ({
    votesFor: c.votesFor + (support ? weight : 0n),
    votesAgainst: c.votesAgainst + (support ? 0n : weight),
    voteCount: c.voteCount + 1,
  }));
});

ponder.on('ClaimsManager:CaseResolved', async ({ event, context }) => {
  const { caseId, accepted, forVotes, againstVotes, quorum, challengeEnd } = event.args;
  await context.db.update(claimCase, { id: caseId }).set({
    votesFor: forVotes, votesAgainst: againstVotes, quorum, challengeEnd: accepted ? Number(challengeEnd) : null,
  });
  await step(event, context, caseId, 'resolved', accepted ? 'accepted' : 'rejected');
});
ponder.on('ClaimsManager:CaseEscalated', ({ event, context }) => step(event, context, event.args.caseId, 'escalated', 'escalated'));
ponder.on('ClaimsManager:CaseOverturned', ({ event, context }) => step(event, context, event.args.caseId, 'overturned', 'overturned'));
// Governance's rejection also emits CaseOverturned right after, which records the final status.
ponder.on('ClaimsManager:CaseDecided', ({ event, context }) =>
  step(event, context, event.args.caseId, 'decided', event.args.accepted ? 'accepted' : 'overturned'),
);
ponder.on('ClaimsManager:CaseSettled', ({ event, context }) => step(event, context, event.args.caseId, 'settled'));
ponder.on('ClaimsManager:ClaimPaid', async ({ event, context }) => {
  const { caseId, coverId, amount } = event.args;
  await context.db.update(claimCase, { id: caseId }).set((c) => ({ paid: c.paid + amount, coversPaid: c.coversPaid + 1 }));
  await linkPayout(event, context, coverId, { kind: 'claim', caseId });
  await step(event, context, caseId, 'paid', 'paid');
});
ponder.on('ClaimsManager:IncidentPayable', async ({ event, context }) => {
  await context.db.update(claimCase, { id: event.args.caseId }).set({ payoutWindowEnd: Number(event.args.windowEnd) });
  await step(event, context, event.args.caseId, 'payable', 'payable');
});
ponder.on('ClaimsManager:IncidentCoverPaid', async ({ event, context }) => {
  const { caseId, coverId, amount } = event.args;
  await context.db.update(claimCase, { id: caseId }).set((c) => ({ paid: c.paid + amount, coversPaid: c.coversPaid + 1 }));
  await linkPayout(event, context, coverId, { kind: 'incident', caseId });
});
ponder.on('ClaimsManager:IncidentClosed', ({ event, context }) => step(event, context, event.args.caseId, 'closed', 'closed'));

// ------------------------------------------------------------------------------------ governance

ponder.on('BulwarkGovernor:ProposalCreated', async ({ event, context }) => {
  const a = event.args;
  const governor = { abi: bulwarkGovernorAbi, address: deployment.contracts.BulwarkGovernor } as const;
  const [numerator, denominator, supply] = await Promise.all([
    context.client.readContract({ ...governor, functionName: 'quorumNumerator' }),
    context.client.readContract({ ...governor, functionName: 'quorumDenominator' }),
    context.client.readContract({ abi: bulwarkTokenAbi, address: deployment.contracts.BulwarkToken, functionName: 'totalSupply' }),
  ]);
  const { timestamp, blockNumber, txHash } = at(event);
  await context.db.insert(proposal).values({
    id: a.proposalId, proposer: lower(a.proposer), description: a.description,
    targets: a.targets.map(lower), values: a.values.map(String), calldatas: [...a.calldatas], signatures: [...a.signatures],
    voteStart: a.voteStart, voteEnd: a.voteEnd, eta: null, queued: false, executed: false, canceled: false,
    votesFor: 0n, votesAgainst: 0n, votesAbstain: 0n, voteCount: 0,
    quorum: denominator === 0n ? 0n : (supply * numerator) / denominator,
    createdAt: timestamp, blockNumber, txHash,
  });
  await context.db.insert(proposalStep).values({ id: logId(event), proposalId: a.proposalId, step: 'created', ...at(event) });
});

async function proposalVoted(
  event: EventMeta & { args: { voter: Address; proposalId: bigint; support: number; weight: bigint; reason: string } },
  context: Context,
): Promise<void> {
  const { voter, proposalId, support, weight, reason } = event.args;
  await context.db.insert(proposalVote).values({ proposalId, voter: lower(voter), support, weight, reason, ...at(event) });
  await context.db.update(proposal, { id: proposalId }).set((p) => ({
    votesAgainst: p.votesAgainst + (support === 0 ? weight : 0n),
    votesFor: p.votesFor + (support === 1 ? weight : 0n),
    votesAbstain: p.votesAbstain + (support === 2 ? weight : 0n),
    voteCount: p.voteCount + 1,
  }));
}
ponder.on('BulwarkGovernor:VoteCast', ({ event, context }) => proposalVoted(event, context));
ponder.on('BulwarkGovernor:VoteCastWithParams', ({ event, context }) => proposalVoted(event, context));

ponder.on('BulwarkGovernor:ProposalQueued', async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ queued: true, eta: event.args.etaSeconds });
  await context.db.insert(proposalStep).values({ id: logId(event), proposalId: event.args.proposalId, step: 'queued', ...at(event) });
});
ponder.on('BulwarkGovernor:ProposalExecuted', async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ executed: true });
  await context.db.insert(proposalStep).values({ id: logId(event), proposalId: event.args.proposalId, step: 'executed', ...at(event) });
});
ponder.on('BulwarkGovernor:ProposalCanceled', async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ canceled: true });
  await context.db.insert(proposalStep).values({ id: logId(event), proposalId: event.args.proposalId, step: 'canceled', ...at(event) });
});

// -------------------------------------------------------------------------------------- triggers

type TriggerName = 'ChainlinkDepegTrigger' | 'SignedReportTrigger';

async function triggered(
  name: TriggerName,
  event: EventMeta & { log: { address: Address }; args: { eventId: bigint; productId: bigint; riskKey: Hex; incidentTime: bigint; payoutWad: bigint } },
  context: Context,
): Promise<void> {
  const { eventId, productId, riskKey, incidentTime, payoutWad } = event.args;
  const id = eventKey(event.log.address, eventId);
  const report = await context.db.find(eventReport, { id });
  await context.db.insert(triggerEvent).values({
    id, trigger: lower(event.log.address), triggerKind: name, eventId, productId, riskKey,
    incidentTime: Number(incidentTime), payoutWad, provenAt: Number(event.block.timestamp),
    closedAt: null, reportId: report?.reportId ?? null, totalPaid: 0n, coversPaid: 0,
    ...at(event),
  });
}

async function triggerPaid(
  event: EventMeta & { log: { address: Address }; args: { eventId: bigint; coverId: bigint; amount: bigint } },
  context: Context,
): Promise<void> {
  const { eventId, coverId, amount } = event.args;
  const key = eventKey(event.log.address, eventId);
  const c = await context.db.find(cover, { id: coverId });
  await context.db.insert(triggerPayout).values({
    id: logId(event), eventKey: key, coverId, owner: c?.owner ?? zeroAddress, amount, ...at(event),
  });
  await context.db.update(triggerEvent, { id: key }).set((e) => ({ totalPaid: e.totalPaid + amount, coversPaid: e.coversPaid + 1 }));
  await linkPayout(event, context, coverId, { kind: 'trigger', eventKey: key });
}

async function eventClosed(event: EventMeta & { log: { address: Address }; args: { eventId: bigint } }, context: Context): Promise<void> {
  await context.db.update(triggerEvent, { id: eventKey(event.log.address, event.args.eventId) }).set({ closedAt: Number(event.block.timestamp) });
}

ponder.on('ChainlinkDepegTrigger:Triggered', ({ event, context }) => triggered('ChainlinkDepegTrigger', event, context));
ponder.on('SignedReportTrigger:Triggered', ({ event, context }) => triggered('SignedReportTrigger', event, context));
ponder.on('ChainlinkDepegTrigger:TriggerCoverPaid', ({ event, context }) => triggerPaid(event, context));
ponder.on('SignedReportTrigger:TriggerCoverPaid', ({ event, context }) => triggerPaid(event, context));
ponder.on('ChainlinkDepegTrigger:EventClosed', ({ event, context }) => eventClosed(event, context));
ponder.on('SignedReportTrigger:EventClosed', ({ event, context }) => eventClosed(event, context));

ponder.on('SignedReportTrigger:ReportSubmitted', async ({ event, context }) => {
  const { reportId, productId, riskKey, eventTime, observedValue, tier, nonce, finalizableAt } = event.args;
  await context.db.insert(triggerReport).values({
    id: `${lower(event.log.address)}:${reportId}`, trigger: lower(event.log.address), reportId, productId, riskKey,
    eventTime: Number(eventTime), observedValue, tier: Number(tier), nonce, finalizableAt: Number(finalizableAt),
    submittedAt: Number(event.block.timestamp), status: 'pending', eventKey: null, txHash: event.transaction.hash,
  });
});
ponder.on('SignedReportTrigger:ReportVoided', async ({ event, context }) => {
  await context.db.update(triggerReport, { id: `${lower(event.log.address)}:${event.args.reportId}` }).set({ status: 'voided' });
});
ponder.on('SignedReportTrigger:ReportFinalized', async ({ event, context }) => {
  const { reportId, eventId } = event.args;
  const key = eventKey(event.log.address, eventId);
  await context.db.update(triggerReport, { id: `${lower(event.log.address)}:${reportId}` }).set({ status: 'finalized', eventKey: key });
  await context.db.insert(eventReport).values({ id: key, reportId });
});

// -------------------------------------------------------------------------- configuration changes

const jsonArgs = (value: unknown): unknown => {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(jsonArgs);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonArgs(v)]));
  return value;
};

type ChangeEvent = EventMeta & { log: { address: Address }; args: unknown };

async function recordChange(contract: string, name: string, event: ChangeEvent, context: Context): Promise<void> {
  await context.db.insert(configChange).values({
    id: logId(event), contract, address: lower(event.log.address), event: name, from: lower(event.transaction.from),
    args: (jsonArgs(event.args) ?? {}) as Record<string, unknown>, ...at(event),
  });
}

/** A handler recording the event as a configuration change. */
const change = (contract: string, name: string) => ({ event, context }: { event: ChangeEvent; context: Context }) =>
  recordChange(contract, name, event, context);

ponder.on('CoverManager:CancelFeeSet', change('CoverManager', 'CancelFeeSet'));
ponder.on('CoverManager:GuardianPauseLimitSet', change('CoverManager', 'GuardianPauseLimitSet'));
ponder.on('CoverManager:RoleGranted', change('CoverManager', 'RoleGranted'));
ponder.on('CoverManager:RoleRevoked', change('CoverManager', 'RoleRevoked'));
ponder.on('CoverPool:WithdrawalParamsSet', change('CoverPool', 'WithdrawalParamsSet'));
ponder.on('CoverPool:RoleGranted', change('CoverPool', 'RoleGranted'));
ponder.on('CoverPool:RoleRevoked', change('CoverPool', 'RoleRevoked'));
ponder.on('ClaimsManager:ParamsSet', change('ClaimsManager', 'ParamsSet'));
ponder.on('ClaimsManager:RoleGranted', change('ClaimsManager', 'RoleGranted'));
ponder.on('ClaimsManager:RoleRevoked', change('ClaimsManager', 'RoleRevoked'));
ponder.on('BulwarkGovernor:ProposalThresholdSet', change('BulwarkGovernor', 'ProposalThresholdSet'));
ponder.on('BulwarkGovernor:QuorumNumeratorUpdated', change('BulwarkGovernor', 'QuorumNumeratorUpdated'));
ponder.on('BulwarkGovernor:TimelockChange', change('BulwarkGovernor', 'TimelockChange'));
ponder.on('BulwarkGovernor:VotingDelaySet', change('BulwarkGovernor', 'VotingDelaySet'));
ponder.on('BulwarkGovernor:VotingPeriodSet', change('BulwarkGovernor', 'VotingPeriodSet'));
ponder.on('ChainlinkDepegTrigger:DepegConfigSet', change('ChainlinkDepegTrigger', 'DepegConfigSet'));
ponder.on('ChainlinkDepegTrigger:Rearmed', change('ChainlinkDepegTrigger', 'Rearmed'));
ponder.on('ChainlinkDepegTrigger:PayoutWindowSet', change('ChainlinkDepegTrigger', 'PayoutWindowSet'));
ponder.on('ChainlinkDepegTrigger:RoleGranted', change('ChainlinkDepegTrigger', 'RoleGranted'));
ponder.on('ChainlinkDepegTrigger:RoleRevoked', change('ChainlinkDepegTrigger', 'RoleRevoked'));
ponder.on('SignedReportTrigger:SignerSet', change('SignedReportTrigger', 'SignerSet'));
ponder.on('SignedReportTrigger:ThresholdSet', change('SignedReportTrigger', 'ThresholdSet'));
ponder.on('SignedReportTrigger:ReportProductSet', change('SignedReportTrigger', 'ReportProductSet'));
ponder.on('SignedReportTrigger:PayoutWindowSet', change('SignedReportTrigger', 'PayoutWindowSet'));
ponder.on('SignedReportTrigger:RoleGranted', change('SignedReportTrigger', 'RoleGranted'));
ponder.on('SignedReportTrigger:RoleRevoked', change('SignedReportTrigger', 'RoleRevoked'));

ponder.on('ClaimsManager:RewardClaimed', async ({ event, context }) => {
  const key = { caseId: event.args.caseId, voter: lower(event.args.voter) };
  if (!(await context.db.find(caseVote, key))) return;
  await context.db.update(caseVote, key).set({ reward: event.args.amount });
});
