/**
 * The indexer end to end: a scripted Bulwark history on a real anvil (covers bought by several owners,
 * one transferred, one cancelled, capital deposited and queued for withdrawal, a claim voted and paid,
 * an incident voted and paid, a de-peg proven and paid by the trigger, a governance proposal executed),
 * then the real Ponder binary through `startIndexer`, and the REST API checked record by record against
 * what the chain says; then a restart on the same data and a chain reorganization.
 *
 * Run: node --import tsx --test --test-force-exit packages/indexer/test/indexer.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { encodeFunctionData, keccak256, parseEventLogs, parseUnits, stringToHex, type Address, type Hash } from 'viem';

import { localOracleAccount } from '../../../deploy/networks/local.js';

import { anvilAddress } from '../../../scripts/lib/chain.js';
import {
  buyCover, cancelCover, castProposalVote, claimRewards, castVote, contractsOf, coverManagerAbi, coverPoolAbi, deposit, executeProposal, extendCover,
  fileClaim, finalizeReport, findDepegProof, getCover, submitReport, getIncidentCovers, getTriggerOwedCovers, payClaim, pushMockPrice, payIncident, payTriggerCovers, propose,
  proveDepeg, queueProposal, reportIncident, requestWithdraw, resolveCase,
} from '../../sdk/src/index.js';
import { DAY, USDC, startFixture, type Fixture } from '../../sdk/test/fixture.js';
import type * as Api from '../api-types.js';
import { startIndexer, type Indexer } from '../service.js';

const PORT = 8703;
let f: Fixture;
let indexer: Indexer | undefined;
let dataDir: string;

const lower = (a: string) => a.toLowerCase() as Address;
const owner = (i: number) => lower(anvilAddress(i));

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  assert.ok(indexer, 'indexer running');
  const response = await fetch(`${indexer.url}${path}`);
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as T };
  } catch {
    assert.fail(`${path}: ${response.status} answered no JSON: ${text.slice(0, 200)}`);
  }
}
async function ok<T>(path: string): Promise<T> {
  const { status, body } = await get<T>(path);
  assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
  return body;
}
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const blockOf = async (hash: Hash) => {
  const receipt = await f.reader.public.getTransactionReceipt({ hash });
  const block = await f.reader.public.getBlock({ blockNumber: receipt.blockNumber });
  return { blockNumber: Number(receipt.blockNumber), timestamp: Number(block.timestamp), txHash: hash };
};

/** What the scenario did, for the expectations. */
const s = {} as {
  covers: { id: bigint; productId: number; buyer: number; owner: number; amount: bigint; premium: bigint; hash: Hash; riskKey?: Hash }[];
  cancel: { hash: Hash; refund: bigint };
  claim: { caseId: bigint; filed: Hash; resolved: Hash; paid: Hash; deposit: bigint; voteEnd: bigint; challengeEnd: bigint; quorum: bigint; incidentTime: bigint };
  incident: { caseId: bigint; filed: Hash; resolved: Hash; paid: Hash; bond: bigint; voteEnd: bigint; incidentTime: bigint };
  claimVotes: Hash[];
  depeg: { eventId: bigint; proven: Hash; paid: Hash; incidentTime: bigint; payoutWad: bigint };
  flight: { eventId: bigint; reportId: bigint; submitted: Hash; finalized: Hash; paid: Hash; riskKey: Hash; eventTime: bigint };
  proposal: { id: bigint; created: Hash; queued: Hash; executed: Hash; votes: Hash[]; voteStart: bigint; voteEnd: bigint };
  withdrawShares: bigint;
  claimReward: bigint;
  extended: { hash: Hash; premium: bigint };
};

async function scenario(): Promise<void> {
  const product = (key: string) => f.deployment.products.find((p) => p.key === key)!.id;
  const [aave, exchange, depeg] = [product('aave-v3-exploit'), product('exchange-hack'), product('usdc-depeg')];
  const { coverManager } = contractsOf(f.deployment);
  s.covers = [];
  const buy = async (i: number, productId: number, amount: bigint, days: number) => {
    const b = await buyCover(f.as(i), { productId, amount, period: days * DAY });
    s.covers.push({ id: b.coverId, productId, buyer: i, owner: i, amount, premium: b.premium, hash: b.hash });
    return b;
  };
  await buy(2, aave, USDC('10000'), 90); // 1: claimed and paid
  await buy(9, exchange, USDC('5000'), 60); // 2: cancelled
  const c3 = await buy(9, exchange, USDC('3000'), 30); // 3: transferred to account 4, paid by the incident
  await buy(2, depeg, USDC('10000'), 30); // 4: paid by the de-peg
  await buy(9, depeg, USDC('10000'), 30); // 5: paid by the de-peg

  const transfer = await f.as(9).wallet!.writeContract({
    ...coverManager, functionName: 'transferFrom', args: [anvilAddress(9), anvilAddress(4), c3.coverId], chain: null,
  });
  await f.reader.public.waitForTransactionReceipt({ hash: transfer });
  s.covers[2]!.owner = 4;
  const cancelled = await cancelCover(f.as(9), { coverId: 2n });
  s.cancel = { hash: cancelled.hash, refund: cancelled.refund };

  const { shares } = await deposit(f.as(2), { assets: USDC('20000') });
  await requestWithdraw(f.as(2), { shares });
  s.withdrawShares = shares;

  const extended = await extendCover(f.as(2), { coverId: 1n, extraPeriod: 10 * DAY });
  s.covers[0]!.premium += extended.premium;
  s.extended = { hash: extended.hash, premium: extended.premium };

  await f.advance(2 * DAY); // past the waiting periods
  const incidentTime = (await f.now()) - 60n;
  const filed = await fileClaim(f.as(2), { coverId: 1n, amount: USDC('4000'), incidentTime, evidenceURI: 'ipfs://evidence/aave-exploit' });
  const reported = await reportIncident(f.as(9), { productId: exchange, incidentTime, payoutWad: parseUnits('0.5', 18), evidenceURI: 'ipfs://evidence/exchange-hack' });
  s.claimVotes = [];
  for (const i of [5, 6, 7]) s.claimVotes.push((await castVote(f.as(i), { caseId: filed.caseId, support: true })).hash);
  for (const i of [5, 6]) await castVote(f.as(i), { caseId: reported.caseId, support: true });
  await castVote(f.as(7), { caseId: reported.caseId, support: false });
  await f.advance(Number(reported.voteEnd - (await f.now())) + 1);
  const claimResolved = await resolveCase(f.as(0), { caseId: filed.caseId });
  const incidentResolved = await resolveCase(f.as(0), { caseId: reported.caseId });
  assert.ok(claimResolved.accepted && incidentResolved.accepted);
  await f.advance(Number(incidentResolved.challengeEnd - (await f.now())) + 1);
  const claimPaid = await payClaim(f.as(0), { caseId: filed.caseId });
  const reward = await claimRewards(f.as(5), { caseIds: [filed.caseId] });
  s.claimReward = reward.total;
  const owed = await getIncidentCovers(f.reader, { caseId: reported.caseId });
  assert.deepEqual(owed, [3n], 'the cancelled cover is not owed');
  const incidentPaid = await payIncident(f.as(0), { caseId: reported.caseId, coverIds: owed });
  s.claim = {
    caseId: filed.caseId, filed: filed.hash, resolved: claimResolved.hash, paid: claimPaid.hash, deposit: filed.deposit,
    voteEnd: filed.voteEnd, challengeEnd: claimResolved.challengeEnd, quorum: claimResolved.quorum, incidentTime,
  };
  s.incident = {
    caseId: reported.caseId, filed: reported.hash, resolved: incidentResolved.hash, paid: incidentPaid.hash, bond: reported.bond,
    voteEnd: reported.voteEnd, incidentTime,
  };

  const push = (answer: bigint) => pushMockPrice(f.as(0), { answer });
  await push(99_000_000n);
  await push(94_000_000n);
  await f.advance(65 * 60);
  await push(92_000_000n);
  const proof = await findDepegProof(f.reader, { productId: depeg });
  assert.ok(proof);
  const proven = await proveDepeg(f.as(9), { productId: depeg, ...proof });
  const triggerOwed = await getTriggerOwedCovers(f.reader, { trigger: 'ChainlinkDepegTrigger', eventId: proven.eventId });
  assert.deepEqual(triggerOwed, [4n, 5n]);
  const triggerPaid = await payTriggerCovers(f.as(0), { trigger: 'ChainlinkDepegTrigger', eventId: proven.eventId, coverIds: triggerOwed });
  s.depeg = { eventId: proven.eventId, proven: proven.hash, paid: triggerPaid.hash, incidentTime: proven.incidentTime, payoutWad: proven.payoutWad };

  // A flight delay: cover 6, a report signed by two oracles, finalized after the dispute window, paid.
  const flight = product('flight-delay');
  const riskKey = keccak256(stringToHex('flight:BA117:2026-12-01'));
  const flightCover = await buyCover(f.as(9), { productId: flight, amount: USDC('500'), period: 3 * DAY, riskKey });
  s.covers.push({ id: flightCover.coverId, productId: flight, buyer: 9, owner: 9, amount: USDC('500'), premium: flightCover.premium, hash: flightCover.hash, riskKey });
  await f.advance(3600);
  const report = { productId: BigInt(flight), riskKey, eventTime: (await f.now()) - 60n, observedValue: 150n, tier: 2, nonce: 7n };
  const domain = { name: 'Bulwark SignedReportTrigger', version: '1', chainId: 31337, verifyingContract: f.deployment.contracts.SignedReportTrigger! } as const;
  const types = {
    Report: [
      { name: 'productId', type: 'uint256' }, { name: 'riskKey', type: 'bytes32' }, { name: 'eventTime', type: 'uint64' },
      { name: 'observedValue', type: 'int256' }, { name: 'tier', type: 'uint8' }, { name: 'nonce', type: 'uint256' },
    ],
  } as const;
  const oracles = [10, 11].map((i) => localOracleAccount(i)).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const signatures = await Promise.all(oracles.map((o) => o.signTypedData({ domain, types, primaryType: 'Report', message: report })));
  const submitted = await submitReport(f.as(0), { report, signatures });
  await f.advance(Number(submitted.finalizableAt - (await f.now())) + 1);
  const finalized = await finalizeReport(f.as(0), { reportId: submitted.reportId });
  const flightPaid = await payTriggerCovers(f.as(0), { trigger: 'SignedReportTrigger', eventId: finalized.eventId, coverIds: [flightCover.coverId] });
  assert.deepEqual(flightPaid.paid, [{ coverId: flightCover.coverId, amount: USDC('250') }]);
  s.flight = {
    eventId: finalized.eventId, reportId: submitted.reportId, submitted: submitted.hash, finalized: finalized.hash, paid: flightPaid.hash,
    riskKey, eventTime: report.eventTime,
  };

  const calldata = encodeFunctionData({ abi: coverManagerAbi, functionName: 'setCancelFee', args: [parseUnits('0.05', 18)] });
  const calls = { targets: [coverManager.address], values: [0n], calldatas: [calldata], description: 'Lower the cancellation fee to 5%' };
  const proposed = await propose(f.as(5), calls);
  await f.advance(Number(proposed.voteStart - (await f.now())) + 1);
  const votes = [
    await castProposalVote(f.as(5), { proposalId: proposed.proposalId, support: 'for' }),
    await castProposalVote(f.as(6), { proposalId: proposed.proposalId, support: 'against', reason: 'fees fund the pool' }),
    await castProposalVote(f.as(7), { proposalId: proposed.proposalId, support: 'for' }),
  ];
  await f.advance(Number(proposed.voteEnd - (await f.now())) + 1);
  const queued = await queueProposal(f.as(0), calls);
  await f.advance(Number(queued.eta - (await f.now())) + 1);
  const executed = await executeProposal(f.as(0), calls);
  s.proposal = {
    id: proposed.proposalId, created: proposed.hash, queued: queued.hash, executed: executed.hash, votes: votes.map((v) => v.hash),
    voteStart: proposed.voteStart, voteEnd: proposed.voteEnd,
  };
  // The 30-day covers run out; cover 1 (90 days) stays active.
  await f.advance(20 * DAY);
}

/** Every cover as the API must answer it, built from the scenario and the chain. */
async function expectedCovers(now: number): Promise<Api.Cover[]> {
  const out: Api.Cover[] = [];
  const claimPaid = await blockOf(s.claim.paid);
  const incidentPaid = await blockOf(s.incident.paid);
  const depegPaid = await blockOf(s.depeg.paid);
  const cancelled = await blockOf(s.cancel.hash);
  const trigger = lower(f.deployment.contracts.ChainlinkDepegTrigger!);
  const reports = lower(f.deployment.contracts.SignedReportTrigger!);
  const flightPaid = await blockOf(s.flight.paid);
  const claims = lower(f.deployment.contracts.ClaimsManager);
  for (const c of s.covers) {
    const bought = await blockOf(c.hash);
    const stored = await f.reader.public.readContract({ ...contractsOf(f.deployment).coverManager, functionName: 'cover', args: [c.id] });
    const payouts: Api.CoverPayout[] = [];
    if (c.id === 1n) payouts.push({ amount: USDC('4000').toString(), kind: 'claim', route: claims, caseId: s.claim.caseId.toString(), eventId: null, owner: owner(2), incidentTime: Number(s.claim.incidentTime), ...claimPaid });
    if (c.id === 3n) payouts.push({ amount: USDC('1500').toString(), kind: 'incident', route: claims, caseId: s.incident.caseId.toString(), eventId: null, owner: owner(4), incidentTime: Number(s.incident.incidentTime), ...incidentPaid });
    if (c.id === 4n || c.id === 5n) payouts.push({ amount: USDC('800').toString(), kind: 'trigger', route: trigger, caseId: null, eventId: `${trigger}:${s.depeg.eventId}`, owner: owner(c.owner), incidentTime: Number(s.depeg.incidentTime), ...depegPaid });
    if (c.id === 6n) payouts.push({ amount: USDC('250').toString(), kind: 'trigger', route: reports, caseId: null, eventId: `${reports}:${s.flight.eventId}`, owner: owner(9), incidentTime: Number(s.flight.eventTime), ...flightPaid });
    const paid = payouts.reduce((sum, p) => sum + BigInt(p.amount), 0n);
    const isCancelled = c.id === 2n;
    const { waitingPeriod } = await f.reader.public.readContract({ ...contractsOf(f.deployment).coverManager, functionName: 'product', args: [BigInt(c.productId)] });
    const waitingEnds = bought.timestamp + Number(waitingPeriod);
    assert.equal(stored.amount, isCancelled ? stored.amount : c.amount - paid, `cover ${c.id} remaining on chain`);
    out.push({
      id: c.id.toString(), productId: String(c.productId), owner: owner(c.owner), buyer: owner(c.buyer),
      riskKey: c.riskKey ?? `0x${'0'.repeat(64)}`, amount: c.amount.toString(), remaining: (c.amount - paid).toString(),
      start: bought.timestamp, end: isCancelled ? cancelled.timestamp : stored.end, waitingEnds, premium: c.premium.toString(),
      status: isCancelled ? 'cancelled' : stored.end <= now ? 'expired' : waitingEnds > now ? 'waiting' : 'active', paid: paid.toString(),
      refund: isCancelled ? s.cancel.refund.toString() : null, cancelledAt: isCancelled ? cancelled.timestamp : null,
      createdAt: bought.timestamp, blockNumber: bought.blockNumber, txHash: c.hash, payouts,
    });
  }
  return out.reverse();
}

async function allPages<T>(path: string, limit: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Api.Page<T> = await ok<Api.Page<T>>(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.ok(page.items.length <= limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('Bulwark indexer', { timeout: 240_000 }, () => {
  before(async () => {
    f = await startFixture(8701);
    await scenario();
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-indexer-test-'));
    indexer = await startIndexer({
      rpcUrl: f.anvil.url, deploymentFile: join(f.deploymentsDir, '31337.json'), port: PORT, dataDir, logFile: process.env.INDEXER_TEST_LOG ?? join(dataDir, 'ponder.log'),
    });
    await indexer.ready(120_000);
  });
  after(async () => {
    await indexer?.stop();
    await f?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves every cover with its owner (after transfers), status and payouts', async () => {
    const totals = await ok<Api.Totals>('/api/totals');
    const head = await f.reader.public.getBlock();
    assert.equal(totals.blockNumber, Number(head.number), 'indexed to the head');
    assert.equal(totals.timestamp, Number(head.timestamp));
    const expected = await expectedCovers(totals.timestamp);
    const all = await ok<Api.Page<Api.Cover>>('/api/covers');
    assert.deepEqual(all, { items: expected, nextCursor: null });
    for (const c of expected) assert.deepEqual(await ok(`/api/covers/${c.id}`), c);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>(`/api/covers?owner=${anvilAddress(2)}`)).items.map((c) => c.id), ['4', '1'], 'owner filter, checksummed address accepted');
    assert.deepEqual((await ok<Api.Page<Api.Cover>>(`/api/covers?owner=${owner(4)}`)).items.map((c) => c.id), ['3'], 'the transferred cover follows its NFT');
    assert.deepEqual((await ok<Api.Page<Api.Cover>>(`/api/covers?owner=${owner(9)}`)).items.map((c) => c.id), ['6', '5', '2']);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?productId=3')).items.map((c) => c.id), ['5', '4']);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=active')).items.map((c) => c.id), ['1']);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=expired')).items.map((c) => c.id), ['6', '5', '4', '3']);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=cancelled')).items.map((c) => c.id), ['2']);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=exhausted')).items, []);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=waiting')).items, []);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=claim-open')).items, []);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>(`/api/covers?owner=${owner(9)}&status=expired&productId=3`)).items.map((c) => c.id), ['5']);
  });

  it('paginates with opaque cursors, newest first', async () => {
    const full = (await ok<Api.Page<Api.Cover>>('/api/covers?limit=100')).items;
    for (const limit of [1, 2, 3]) assert.deepEqual(await allPages<Api.Cover>('/api/covers', limit), full, `limit ${limit}`);
    const first = await ok<Api.Page<Api.Cover>>('/api/covers?limit=2');
    assert.deepEqual(first.items.map((c) => c.id), ['6', '5']);
    assert.ok(first.nextCursor);
    const second = await ok<Api.Page<Api.Cover>>(`/api/covers?limit=2&cursor=${first.nextCursor}`);
    assert.deepEqual(second.items.map((c) => c.id), ['4', '3']);
    assert.deepEqual(await allPages<Api.Case>('/api/cases', 1), (await ok<Api.Page<Api.Case>>('/api/cases')).items);
  });

  it('serves the claim and the incident with their timelines in order and their votes', async () => {
    const at = (hash: Hash) => blockOf(hash);
    const claim = await ok<Api.CaseDetail>(`/api/cases/${s.claim.caseId}`);
    const vote = (i: number, support: boolean, hash: Hash) => at(hash).then((b) => ({ voter: owner(i), support, weight: parseUnits('10000000', 18).toString(), reward: null, ...b }));
    assert.deepEqual(claim, {
      id: s.claim.caseId.toString(), kind: 'claim', productId: '1', coverId: '1', filer: owner(2), amount: USDC('4000').toString(), payoutWad: null,
      incidentTime: Number(s.claim.incidentTime), deposit: s.claim.deposit.toString(), evidenceUri: 'ipfs://evidence/aave-exploit',
      status: 'paid', createdAt: (await at(s.claim.filed)).timestamp, voteEnd: Number(s.claim.voteEnd), challengeEnd: Number(s.claim.challengeEnd),
      payoutWindowEnd: null, votesFor: parseUnits('30000000', 18).toString(), votesAgainst: '0', voteCount: 3, quorum: s.claim.quorum.toString(),
      paid: USDC('4000').toString(), coversPaid: 1,
      timeline: [
        { step: 'filed', status: 'voting', ...(await at(s.claim.filed)) },
        { step: 'resolved', status: 'accepted', ...(await at(s.claim.resolved)) },
        { step: 'settled', status: 'accepted', ...(await at(s.claim.paid)) },
        { step: 'paid', status: 'paid', ...(await at(s.claim.paid)) },
      ] satisfies Api.CaseTimelineEntry[],
      votes: (await Promise.all([5, 6, 7].map((i, k) => vote(i, true, s.claimVotes[k]!)))).map((v, k) => (k === 0 ? { ...v, reward: s.claimReward.toString() } : v)),
    } satisfies Api.CaseDetail);

    const incident = await ok<Api.CaseDetail>(`/api/cases/${s.incident.caseId}`);
    assert.equal(incident.kind, 'incident');
    assert.equal(incident.coverId, null);
    assert.equal(incident.payoutWad, parseUnits('0.5', 18).toString());
    assert.equal(incident.amount, null);
    assert.equal(incident.filer, owner(9));
    assert.equal(incident.status, 'payable');
    assert.equal(incident.votesFor, parseUnits('20000000', 18).toString());
    assert.equal(incident.votesAgainst, parseUnits('10000000', 18).toString());
    assert.equal(incident.paid, USDC('1500').toString());
    assert.equal(incident.coversPaid, 1);
    assert.deepEqual(incident.votes.map((v) => [v.voter, v.support]), [[owner(5), true], [owner(6), true], [owner(7), false]]);
    const paidAt = await at(s.incident.paid);
    assert.ok(incident.payoutWindowEnd !== null && incident.payoutWindowEnd === paidAt.timestamp + 7 * DAY, 'payout window from settlement');
    assert.deepEqual(incident.timeline.map((t) => [t.step, t.status, t.txHash]), [
      ['filed', 'voting', s.incident.filed],
      ['resolved', 'accepted', s.incident.resolved],
      ['settled', 'accepted', s.incident.paid],
      ['payable', 'payable', s.incident.paid],
    ]);

    const list = await ok<Api.Page<Api.Case>>('/api/cases');
    assert.deepEqual(list.items.map((c) => c.id), ['2', '1']);
    assert.ok(!('votes' in list.items[0]!), 'votes only in the detail');
    assert.deepEqual((await ok<Api.Page<Api.Case>>('/api/cases?kind=claim')).items.map((c) => c.id), ['1']);
    assert.deepEqual((await ok<Api.Page<Api.Case>>('/api/cases?kind=incident&status=payable')).items.map((c) => c.id), ['2']);
    assert.deepEqual((await ok<Api.Page<Api.Case>>('/api/cases?coverId=1')).items.map((c) => c.id), ['1']);
    assert.deepEqual((await ok<Api.Page<Api.Case>>(`/api/cases?owner=${owner(9)}`)).items.map((c) => c.id), ['2']);
    assert.deepEqual((await ok<Api.Page<Api.Case>>('/api/cases?status=voting')).items, []);
  });

  it('serves the pool series, each point equal to the contracts read at its block', async () => {
    const { coverPool, coverManager } = contractsOf(f.deployment);
    const pool = lower(coverPool.address);
    const points = await allPages<Api.PoolPoint>(`/api/pools/${pool}/history`, 1000);
    assert.ok(points.length >= 10, `${points.length} points`);
    for (let i = 1; i < points.length; i++) assert.ok(points[i]!.blockNumber > points[i - 1]!.blockNumber, 'one point per block, ascending');
    const read = f.reader.public;
    for (const p of points) {
      const blockNumber = BigInt(p.blockNumber);
      const [capital, supply, active, oneShare] = await Promise.all([
        read.readContract({ ...coverPool, functionName: 'totalAssets', blockNumber }),
        read.readContract({ ...coverPool, functionName: 'totalSupply', blockNumber }),
        read.readContract({ ...coverManager, functionName: 'activeCover', blockNumber }),
        read.readContract({ address: coverPool.address, abi: coverPoolAbi, functionName: 'convertToAssets', args: [10n ** 12n], blockNumber }),
      ]);
      assert.equal(p.capital, capital.toString(), `capital at ${p.blockNumber}`);
      assert.equal(p.totalSupply, supply.toString(), `supply at ${p.blockNumber}`);
      assert.equal(p.activeCover, active.toString(), `active cover at ${p.blockNumber}`);
      assert.equal(p.sharePriceWad, (oneShare * 10n ** 12n).toString(), `share price at ${p.blockNumber}`);
      const capacity = (capital * 3n * 10n ** 18n) / 10n ** 18n;
      assert.equal(p.utilizationWad, (capacity === 0n ? 0n : (active * 10n ** 18n) / capacity).toString());
    }
    // Cumulative premiums written and claims paid at each point, from the scenario's transactions.
    const premiumsAt: [number, bigint][] = [];
    for (const c of s.covers) premiumsAt.push([(await blockOf(c.hash)).blockNumber, c.id === 1n ? c.premium - s.extended.premium : c.premium]);
    premiumsAt.push([(await blockOf(s.extended.hash)).blockNumber, s.extended.premium]);
    const claimsAt: [number, bigint][] = [
      [(await blockOf(s.claim.paid)).blockNumber, USDC('4000')], [(await blockOf(s.incident.paid)).blockNumber, USDC('1500')],
      [(await blockOf(s.depeg.paid)).blockNumber, USDC('1600')], [(await blockOf(s.flight.paid)).blockNumber, USDC('250')],
    ];
    const upTo = (list: [number, bigint][], block: number) => list.filter(([b]) => b <= block).reduce((sum, [, v]) => sum + v, 0n).toString();
    for (const p of points) {
      assert.equal(p.premiumsWritten, upTo(premiumsAt, p.blockNumber), `premiums written at ${p.blockNumber}`);
      assert.equal(p.claimsPaid, upTo(claimsAt, p.blockNumber), `claims paid at ${p.blockNumber}`);
    }
    for (const [block] of [...premiumsAt, ...claimsAt]) assert.ok(points.some((p) => p.blockNumber === block), `a point at ${block}`);
    const last = points[points.length - 1]!;
    assert.equal(last.claimsPaid, USDC('7350').toString());
    const written = s.covers.reduce((sum, c) => sum + c.premium, 0n);
    assert.equal(last.premiumsWritten, written.toString());
    const unearnedAtLast = await read.readContract({ ...coverManager, functionName: 'unearnedPremium', blockNumber: BigInt(last.blockNumber) });
    assert.equal(last.premiumsEarned, (written - s.cancel.refund - unearnedAtLast).toString(), 'earned = written - refunds - unearned');
    // Window filters (unix seconds, inclusive) and a page that ends.
    const mid = points[Math.floor(points.length / 2)]!;
    const fromMid = (await ok<Api.PoolHistoryResponse>(`/api/pools/${pool}/history?from=${mid.timestamp}&limit=1000`)).items;
    assert.deepEqual(fromMid, points.filter((p) => p.timestamp >= mid.timestamp));
    const toMid = (await ok<Api.PoolHistoryResponse>(`/api/pools/${pool}/history?to=${mid.timestamp}&limit=1000`)).items;
    assert.deepEqual(toMid, points.filter((p) => p.timestamp <= mid.timestamp));
    assert.deepEqual(await allPages<Api.PoolPoint>(`/api/pools/${pool}/history`, 3), points);

    const pools = await ok<Api.PoolsResponse>('/api/pools');
    assert.equal(pools.items.length, 1);
    const state = pools.items[0]!;
    assert.deepEqual({ ...state, apy: 0, pendingWithdrawalShares: '0', requiredCapital: '0', leverageWad: '0' }, {
      ...last, address: pool, manager: lower(coverManager.address), asset: lower(f.deployment.asset.address), shareDecimals: 12,
      requiredCapital: '0', leverageWad: '0', pendingWithdrawalShares: '0', apyWindowSeconds: 30 * DAY, apy: 0,
    });
    assert.equal(state.leverageWad, (3n * 10n ** 18n).toString());
    assert.ok(state.apy !== null && state.apy > 0, `apy ${state.apy}`);
    // The withdrawal request's window (cooldown 7 d + 3 d) has passed by the end of the scenario.
    assert.equal(state.pendingWithdrawalShares, '0');
  });

  it('serves protocol totals and products that add up', async () => {
    const totals = await ok<Api.Totals>('/api/totals');
    const { coverManager, coverPool } = contractsOf(f.deployment);
    const points = await allPages<Api.PoolPoint>(`/api/pools/${lower(coverPool.address)}/history`, 1000);
    const last = points[points.length - 1]!;
    const required = await f.reader.public.readContract({ ...coverManager, functionName: 'requiredCapital', blockNumber: BigInt(last.blockNumber) });
    const written = s.covers.reduce((sum, c) => sum + c.premium, 0n);
    assert.deepEqual(totals, {
      blockNumber: totals.blockNumber, timestamp: totals.timestamp, chainId: 31337,
      asset: { address: lower(f.deployment.asset.address), symbol: 'USDC', decimals: 6 }, pool: lower(coverPool.address),
      capital: last.capital, activeCover: last.activeCover, requiredCapital: required.toString(), utilizationWad: last.utilizationWad,
      solvencyRatio: required === 0n ? null : Number((BigInt(last.capital) * 10n ** 18n) / required) / 1e18,
      premiumsWritten: written.toString(), premiumsEarned: last.premiumsEarned, claimsPaid: USDC('7350').toString(),
      coversSold: 6, activeCovers: 1, openCases: 1,
    } satisfies Api.Totals);
    const products = await ok<Api.ProductsResponse>('/api/products');
    assert.deepEqual(products.items.map((p) => [p.id, p.key, p.status, p.claimRouteKind, p.coversSold, p.claimsPaid, p.activeCovers, p.activeCover]), [
      ['1', 'aave-v3-exploit', 'active', 'ClaimsManager', 1, USDC('4000').toString(), 1, USDC('6000').toString()],
      ['2', 'exchange-hack', 'active', 'ClaimsManager', 2, USDC('1500').toString(), 0, '0'],
      ['3', 'usdc-depeg', 'active', 'ChainlinkDepegTrigger', 2, USDC('1600').toString(), 0, '0'],
      ['4', 'flight-delay', 'active', 'SignedReportTrigger', 1, USDC('250').toString(), 0, '0'],
      ['5', 'earthquake', 'active', 'SignedReportTrigger', 0, '0', 0, '0'],
    ]);
    assert.ok(s.claimReward > 0n, 'the voter took a reward');
    for (const p of products.items) {
      const open = await f.reader.public.readContract({ ...coverManager, functionName: 'productOpenIncidents', args: [BigInt(p.id)] });
      assert.equal(p.openIncidents, Number(open), `product ${p.id} open incidents`);
      assert.equal(p.payoutsPausedUntil, 0);
      const premiums = s.covers.filter((c) => String(c.productId) === p.id).reduce((sum, c) => sum + c.premium, 0n);
      assert.equal(p.premiumsWritten, premiums.toString(), `product ${p.id} premiums`);
      const params = await f.reader.public.readContract({ ...coverManager, functionName: 'product', args: [BigInt(p.id)] });
      assert.equal(p.params.baseRateWad, params.baseRateWad.toString());
      assert.equal(p.params.maxCoverAmount, params.maxCoverAmount.toString());
      assert.equal(p.params.termsUri, params.termsURI);
      assert.equal(p.claimRoute, lower(params.claimRoute));
    }
  });

  it('serves the de-peg trigger event with its payouts, and the governance proposal', async () => {
    const trigger = lower(f.deployment.contracts.ChainlinkDepegTrigger!);
    const proven = await blockOf(s.depeg.proven);
    const paid = await blockOf(s.depeg.paid);
    const expected: Api.TriggerEvent = {
      id: `${trigger}:${s.depeg.eventId}`, trigger, triggerKind: 'ChainlinkDepegTrigger', eventId: s.depeg.eventId.toString(), productId: '3',
      riskKey: `0x${'0'.repeat(64)}`, incidentTime: Number(s.depeg.incidentTime), payoutWad: s.depeg.payoutWad.toString(),
      provenAt: proven.timestamp, blockNumber: proven.blockNumber, txHash: s.depeg.proven, closedAt: null, report: null,
      totalPaid: USDC('1600').toString(), coversPaid: 2, payoutCount: 2,
      payouts: [
        { coverId: '4', owner: owner(2), amount: USDC('800').toString(), ...paid },
        { coverId: '5', owner: owner(9), amount: USDC('800').toString(), ...paid },
      ],
    };
    const reports = lower(f.deployment.contracts.SignedReportTrigger!);
    const finalized = await blockOf(s.flight.finalized);
    const submitted = await blockOf(s.flight.submitted);
    const flight: Api.TriggerEvent = {
      id: `${reports}:${s.flight.eventId}`, trigger: reports, triggerKind: 'SignedReportTrigger', eventId: s.flight.eventId.toString(), productId: '4',
      riskKey: s.flight.riskKey, incidentTime: Number(s.flight.eventTime), payoutWad: parseUnits('0.5', 18).toString(),
      provenAt: finalized.timestamp, blockNumber: finalized.blockNumber, txHash: s.flight.finalized, closedAt: null,
      report: { reportId: s.flight.reportId.toString(), observedValue: '150', tier: 2, submittedAt: submitted.timestamp },
      totalPaid: USDC('250').toString(), coversPaid: 1, payoutCount: 1,
      payouts: [{ coverId: '6', owner: owner(9), amount: USDC('250').toString(), ...(await blockOf(s.flight.paid)) }],
    };
    assert.deepEqual(await ok('/api/trigger-events'), { items: [flight, expected], nextCursor: null });
    assert.deepEqual(await allPages('/api/trigger-events', 1), [flight, expected]);
    assert.deepEqual(await ok(`/api/trigger-events/${expected.id}`), expected);
    assert.deepEqual(await ok(`/api/trigger-events/${flight.id}`), flight);
    assert.deepEqual(await ok('/api/trigger-events?productId=4'), { items: [flight], nextCursor: null });
    assert.deepEqual(await ok(`/api/trigger-events?trigger=${trigger}`), { items: [expected], nextCursor: null });
    // Every payout of an event, paged oldest first.
    assert.deepEqual(await ok(`/api/trigger-events/${expected.id}/payouts`), { items: expected.payouts, nextCursor: null });
    assert.deepEqual(await allPages(`/api/trigger-events/${expected.id}/payouts`, 1), expected.payouts);
    const firstPage = await ok<Api.TriggerPayoutsResponse>(`/api/trigger-events/${expected.id}/payouts?limit=1`);
    assert.deepEqual(firstPage.items, [expected.payouts[0]]);
    assert.ok(firstPage.nextCursor);
    assert.deepEqual(await ok(`/api/trigger-events/${expected.id}/payouts?limit=1&cursor=${firstPage.nextCursor}`), { items: [expected.payouts[1]], nextCursor: null });
    assert.deepEqual(await ok(`/api/trigger-events/${flight.id.toUpperCase().replace('0X', '0x')}/payouts`), { items: flight.payouts, nextCursor: null });

    const p = await ok<Api.ProposalDetail>(`/api/proposals/${s.proposal.id}`);
    const created = await blockOf(s.proposal.created);
    assert.equal(p.id, s.proposal.id.toString());
    assert.equal(p.proposer, owner(5));
    assert.equal(p.status, 'executed');
    assert.equal(p.description, 'Lower the cancellation fee to 5%');
    assert.deepEqual(p.targets, [lower(f.deployment.contracts.CoverManager)]);
    assert.deepEqual(p.values, ['0']);
    assert.equal(p.voteStart, Number(s.proposal.voteStart));
    assert.equal(p.voteEnd, Number(s.proposal.voteEnd));
    assert.equal(p.createdAt, created.timestamp);
    assert.equal(p.votesFor, parseUnits('20000000', 18).toString());
    assert.equal(p.votesAgainst, parseUnits('10000000', 18).toString());
    assert.equal(p.votesAbstain, '0');
    assert.equal(p.quorum, parseUnits('4000000', 18).toString(), '4% of 100M BWK');
    assert.ok(p.eta !== null);
    assert.deepEqual(p.timeline.map((t) => [t.step, t.txHash]), [['created', s.proposal.created], ['queued', s.proposal.queued], ['executed', s.proposal.executed]]);
    assert.deepEqual(p.votes.map((v) => [v.voter, v.support, v.reason, v.txHash]), [
      [owner(5), 'for', '', s.proposal.votes[0]],
      [owner(6), 'against', 'fees fund the pool', s.proposal.votes[1]],
      [owner(7), 'for', '', s.proposal.votes[2]],
    ]);
    const { votes: _votes, ...summary } = p;
    assert.deepEqual(await ok('/api/proposals'), { items: [summary], nextCursor: null });
  });

  it('serves configuration changes, newest first, by contract name or address', async () => {
    const manager = lower(f.deployment.contracts.CoverManager);
    const executed = await blockOf(s.proposal.executed);
    const receipt = await f.reader.public.getTransactionReceipt({ hash: s.proposal.executed });
    const [log] = parseEventLogs({ abi: coverManagerAbi, eventName: 'CancelFeeSet', logs: receipt.logs });
    assert.ok(log);
    const feeChange: Api.ConfigChange = {
      id: `${s.proposal.executed}-${log.logIndex}`, contract: 'CoverManager', address: manager, event: 'CancelFeeSet',
      args: { feeWad: parseUnits('0.05', 18).toString() }, from: owner(0), logIndex: log.logIndex, ...executed,
    };
    const all = await allPages<Api.ConfigChange>('/api/config-changes', 100);
    assert.deepEqual(all[0], feeChange, 'the executed proposal made the newest change');
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      assert.ok(a.blockNumber > b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex > b.logIndex), 'newest first');
    }
    assert.deepEqual(await allPages('/api/config-changes', 7), all, 'pages of 7');
    const ofManager = await allPages<Api.ConfigChange>('/api/config-changes?contract=CoverManager', 100);
    assert.deepEqual(ofManager, all.filter((x) => x.contract === 'CoverManager'));
    assert.deepEqual(await allPages(`/api/config-changes?contract=${f.deployment.contracts.CoverManager}`, 100), ofManager, 'by (checksummed) address');
    assert.deepEqual((await ok<Api.Page<Api.ConfigChange>>('/api/config-changes?contract=CoverManager&limit=1')).items, [feeChange]);
    // The deployment's own settings are there too: the products' parameters and the triggers' signers.
    assert.ok(ofManager.some((x) => x.event === 'ProductUpdated' || x.event === 'PoolParamsSet'), 'deployment parameters');
    const signers = await allPages<Api.ConfigChange>('/api/config-changes?contract=SignedReportTrigger', 100);
    assert.ok(signers.every((x) => x.contract === 'SignedReportTrigger' && x.address === lower(f.deployment.contracts.SignedReportTrigger!)));
    for (const x of all) assert.ok(!JSON.stringify(x.args).match(/0x[0-9a-f]*[A-F][0-9a-fA-F]*/), `${x.event}: addresses lowercase`);
  });

  it('answers 400 naming the parameter, and 404 for unknown ids', async () => {
    const bad: [string, string][] = [
      ['/api/covers?limit=0', 'limit'], ['/api/covers?limit=101', 'limit'], ['/api/covers?limit=abc', 'limit'], ['/api/covers?limit=1.5', 'limit'],
      ['/api/covers?cursor=nope', 'cursor'], ['/api/covers?cursor=WyIxIiwiMiJd', 'cursor'], ['/api/covers?owner=0x123', 'owner'],
      ['/api/covers?productId=-1', 'productId'], ['/api/covers?productId=1e3', 'productId'], ['/api/covers?status=lost', 'status'],
      ['/api/covers/abc', 'id'], ['/api/covers/-1', 'id'],
      ['/api/cases?kind=appeal', 'kind'], ['/api/cases?status=open', 'status'], ['/api/cases?coverId=x', 'coverId'], ['/api/cases?owner=bob', 'owner'],
      ['/api/cases?limit=500', 'limit'], ['/api/cases/1.0', 'id'],
      ['/api/pools/nope/history', 'address'], ['/api/pools/0x0000000000000000000000000000000000000001/history?from=x', 'from'],
      ['/api/pools/0x0000000000000000000000000000000000000001/history?from=10&to=5', 'from'],
      ['/api/pools/0x0000000000000000000000000000000000000001/history?limit=1001', 'limit'],
      ['/api/proposals?limit=-3', 'limit'], ['/api/proposals?cursor=%%%', 'cursor'], ['/api/proposals/0x12', 'id'],
      ['/api/trigger-events?productId=one', 'productId'], ['/api/trigger-events?trigger=0xzz', 'trigger'], ['/api/trigger-events/12', 'id'],
      ['/api/trigger-events/12/payouts', 'id'], [`/api/trigger-events/${lower(f.deployment.contracts.ChainlinkDepegTrigger!)}:1/payouts?limit=101`, 'limit'],
      [`/api/trigger-events/${lower(f.deployment.contracts.ChainlinkDepegTrigger!)}:1/payouts?cursor=WyIxIl0`, 'cursor'],
      ['/api/covers?status=paid', 'status'], ['/api/covers?status=Waiting', 'status'],
      ['/api/config-changes?contract=Nope', 'contract'], ['/api/config-changes?contract=0x12', 'contract'], ['/api/config-changes?limit=0', 'limit'],
      ['/api/config-changes?cursor=WyIxIl0', 'cursor'],
    ];
    for (const [path, name] of bad) {
      const { status, body } = await get<Api.ApiError>(path);
      assert.equal(status, 400, path);
      assert.equal(body.error.code, 'bad_request', path);
      assert.ok(body.error.message.startsWith(name), `${path}: "${body.error.message}" names ${name}`);
    }
    const missing = [
      '/api/covers/999', '/api/cases/999', '/api/proposals/1', '/api/pools/0x0000000000000000000000000000000000000001/history',
      `/api/trigger-events/${lower(f.deployment.contracts.ChainlinkDepegTrigger!)}:99`, '/api/nothing',
      `/api/trigger-events/${lower(f.deployment.contracts.ChainlinkDepegTrigger!)}:99/payouts`,
    ];
    for (const path of missing) {
      const { status, body } = await get<Api.ApiError>(path);
      assert.equal(status, 404, path);
      assert.equal(body.error.code, 'not_found', path);
      assert.ok(body.error.message.length > 0);
    }
  });

  it('serves GraphQL and SQL over HTTP on the same tables', async () => {
    const response = await fetch(`${indexer!.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ covers(orderBy: "id", orderDirection: "asc") { items { id owner paid } } }' }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { data: { covers: { items: { id: string; owner: string; paid: string }[] } } };
    assert.deepEqual(body.data.covers.items.map((c) => [c.id, c.owner]), [['1', owner(2)], ['2', owner(9)], ['3', owner(4)], ['4', owner(2)], ['5', owner(9)], ['6', owner(9)]]);
    // Configuration changes: the executed proposal's new cancellation fee, and the deployment's settings.
    const changes = await fetch(`${indexer!.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ configChanges(where: { event: "CancelFeeSet" }, orderBy: "blockNumber") { items { contract event args txHash } } }' }),
    });
    const changed = (await changes.json()) as { data: { configChanges: { items: { contract: string; event: string; args: { feeWad: string }; txHash: string }[] } } };
    const fees = changed.data.configChanges.items;
    assert.deepEqual(fees[fees.length - 1], { contract: 'CoverManager', event: 'CancelFeeSet', args: { feeWad: parseUnits('0.05', 18).toString() }, txHash: s.proposal.executed });
    // The SQL endpoint speaks @ponder/client's protocol: a superjson-encoded query in `sql`.
    const query = JSON.stringify({ json: { sql: 'SELECT id, owner FROM cover WHERE id = 3', params: [] } });
    const sqlResponse = await fetch(`${indexer!.url}/sql/db?sql=${encodeURIComponent(query)}`);
    const sqlText = await sqlResponse.text();
    assert.equal(sqlResponse.status, 200, sqlText);
    assert.ok(sqlText.includes(owner(4)), `SQL answers the row: ${sqlText}`);
  });

  it('resumes on the same data after a restart and keeps indexing new blocks', async () => {
    const paths = ['/api/totals', '/api/covers', '/api/cases', `/api/cases/${s.claim.caseId}`, '/api/products', '/api/pools', '/api/proposals', '/api/trigger-events'];
    const before = await Promise.all(paths.map((p) => ok(p)));
    await indexer!.stop();
    indexer = await startIndexer({
      rpcUrl: f.anvil.url, deploymentFile: join(f.deploymentsDir, '31337.json'), port: PORT, dataDir, logFile: process.env.INDEXER_TEST_LOG ?? join(dataDir, 'ponder.log'),
    });
    assert.equal(indexer.reset, false, 'same chain, same data');
    await indexer.ready(120_000);
    assert.deepEqual(await Promise.all(paths.map((p) => ok(p))), before, 'same answers after the restart');
    const bought = await buyCover(f.as(3), { productId: 1, amount: USDC('1000'), period: 30 * DAY });
    await waitFor('the new cover', async () => (await get(`/api/covers/${bought.coverId}`)).status === 200);
    const c = await ok<Api.Cover>(`/api/covers/${bought.coverId}`);
    assert.equal(c.owner, owner(3));
    const totals = await ok<Api.Totals>('/api/totals');
    assert.equal(totals.coversSold, 7);
    assert.equal(totals.activeCovers, 2, 'a cover in its waiting period is in force');
    // Inside the product's waiting period at the last indexed block: 'waiting', as the SDK says.
    const { waitingPeriod } = await f.reader.public.readContract({ ...contractsOf(f.deployment).coverManager, functionName: 'product', args: [1n] });
    assert.ok(waitingPeriod > 0);
    assert.equal(c.waitingEnds, c.start + waitingPeriod);
    assert.ok(c.waitingEnds > totals.timestamp);
    assert.equal(c.status, 'waiting');
    assert.equal((await getCover(f.reader, { coverId: bought.coverId })).status, 'waiting');
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=waiting')).items.map((x) => x.id), [String(bought.coverId)]);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=active')).items.map((x) => x.id), ['1']);
    // A claim filed on cover 1: 'claim-open' while it is being assessed.
    const claim = await fileClaim(f.as(2), { coverId: 1n, amount: USDC('100'), incidentTime: (await f.now()) - 60n, evidenceURI: 'ipfs://evidence/second' });
    await waitFor('the open claim', async () => (await ok<Api.Cover>('/api/covers/1')).status === 'claim-open');
    assert.equal((await getCover(f.reader, { coverId: 1n })).status, 'claim-open');
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=claim-open')).items.map((x) => x.id), ['1']);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>('/api/covers?status=active')).items, []);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>(`/api/covers?status=claim-open&owner=${owner(2)}&productId=1`)).items.map((x) => x.id), ['1']);
    const open = await ok<Api.Totals>('/api/totals');
    assert.equal(open.activeCovers, 2, 'a cover with a claim open is in force');
    assert.equal(open.openCases, 2);
    assert.equal((await ok<Api.Case>(`/api/cases/${claim.caseId}`)).status, 'voting');
  });

  it('follows a chain reorganization: the orphaned purchase disappears, the new one appears', async () => {
    const rpc = (method: string, params: unknown[] = []) => f.reader.public.request({ method, params } as never) as Promise<unknown>;
    const snapshot = (await rpc('evm_snapshot')) as string;
    const orphan = await buyCover(f.as(4), { productId: 1, amount: USDC('2500'), period: 30 * DAY });
    await waitFor('the orphan cover', async () => (await get(`/api/covers/${orphan.coverId}`)).status === 200);
    assert.equal((await ok<Api.Cover>(`/api/covers/${orphan.coverId}`)).owner, owner(4));
    assert.equal(await rpc('evm_revert', [snapshot]), true);
    const replacement = await buyCover(f.as(8), { productId: 1, amount: USDC('700'), period: 40 * DAY });
    assert.equal(replacement.coverId, orphan.coverId, 'the same id on the new branch');
    for (let i = 0; i < 3; i++) await rpc('evm_mine');
    await waitFor('the replacement cover', async () => {
      const { status, body } = await get<Api.Cover>(`/api/covers/${replacement.coverId}`);
      return status === 200 && body.owner === owner(8);
    });
    const c = await ok<Api.Cover>(`/api/covers/${replacement.coverId}`);
    assert.equal(c.amount, USDC('700').toString());
    assert.equal(c.end - c.start, 40 * DAY);
    assert.equal(c.txHash, replacement.hash);
    const head = await f.reader.public.getBlockNumber();
    await waitFor('the head', async () => (await ok<Api.Totals>('/api/totals')).blockNumber >= Number(head));
    const totals = await ok<Api.Totals>('/api/totals');
    assert.equal(totals.coversSold, 8);
    assert.deepEqual((await ok<Api.Page<Api.Cover>>(`/api/covers?owner=${owner(4)}`)).items.map((x) => x.id), ['3'], 'nothing of the orphaned branch');
  });

  it('resets a data directory that belongs to another chain, and re-indexes the same answers', async () => {
    const paths = ['/api/totals', '/api/covers?limit=100', '/api/cases', '/api/trigger-events', '/api/proposals'];
    const before = await Promise.all(paths.map((p) => ok(p)));
    await indexer!.stop();
    const printFile = join(dataDir, 'chain.json');
    const print = JSON.parse(readFileSync(printFile, 'utf8')) as { startBlockHash: string };
    writeFileSync(printFile, JSON.stringify({ ...print, startBlockHash: `0x${'ab'.repeat(32)}` }));
    indexer = await startIndexer({
      rpcUrl: f.anvil.url, deploymentFile: join(f.deploymentsDir, '31337.json'), port: PORT, dataDir, logFile: process.env.INDEXER_TEST_LOG ?? join(dataDir, 'ponder.log'),
    });
    assert.equal(indexer.reset, true, 'another chain\'s data is reset');
    await indexer.ready(120_000);
    assert.deepEqual(await Promise.all(paths.map((p) => ok(p))), before, 're-indexed from the start block');
  });
});
