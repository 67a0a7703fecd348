/**
 * SDK actions end to end against a real anvil: every user flow (buy with permit, list, extend,
 * cancel, deposit, withdraw after the cooldown, claim, vote, payout single and batch, governance,
 * a de-peg proven from the feed and an oracle-signed flight delay paid with nobody claiming), and the
 * typed errors of the mistakes users make.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { encodeFunctionData, keccak256, parseUnits, stringToHex, zeroAddress } from 'viem';

import { localOracleAccount } from '../../../deploy/networks/local.js';

import { anvilAddress } from '../../../scripts/lib/chain.js';
import {
  BulwarkContractError, NoAccountError, WrongNetworkError, assertNetwork, buyCover, cancelCover,
  castProposalVote, castVote, contractsOf, coverManagerAbi, deposit, executeProposal, extendCover, fileClaim, getCase, getCover,
  getCovers, getIncidentCovers, getPoolStats, getPosition, getProducts, getProposal, getProposalCalls, payClaim, payIncident,
  propose, queueProposal, quote, reportIncident, requestWithdraw, resolveCase, withdraw, createBulwarkClient, type BulwarkClient,
  findDepegProof, finalizeReport, getPendingReports, getTriggerEvents, getTriggerOwedCovers, mockAggregatorAbi, payTriggerCovers,
  proveDepeg, submitReport,
} from '../src/index.js';
import { DAY, USDC, startFixture, type Fixture } from './fixture.js';

let f: Fixture;
const product = (key: string) => {
  const p = f.deployment.products.find((x) => x.key === key);
  assert.ok(p, `demo product ${key}`);
  return p.id;
};
const usdcOf = async (client: BulwarkClient, who: `0x${string}`) =>
  client.public.readContract({ ...contractsOf(client.deployment).asset, functionName: 'balanceOf', args: [who] });

/** The decoded contract error a promise rejects with (fails the test if it resolves or throws something else). */
async function contractError(promise: Promise<unknown>): Promise<BulwarkContractError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BulwarkContractError, `expected a BulwarkContractError, got ${String(error)}`);
    assert.ok(error.cause, 'keeps the original error as cause');
    return error;
  }
  assert.fail('expected a revert');
}

describe('SDK actions against anvil', { timeout: 300_000 }, () => {
  before(async () => {
    f = await startFixture(8681);
  });
  after(async () => {
    await f?.stop();
  });

  it('lists the five demo products with live capacity and rate', async () => {
    const products = await getProducts(f.reader);
    assert.equal(products.length, 5);
    assert.deepEqual(new Set(products.map((p) => p.kind)).size, 5);
    for (const p of products) {
      assert.ok(p.onSale, `${p.key} on sale`);
      assert.ok(p.availableCapacity > 0n, `${p.key} has capacity`);
      assert.ok(p.currentRateWad >= p.baseRateWad, `${p.key} rate is at least its base rate`);
    }
    const stats = await getPoolStats(f.reader);
    assert.equal(stats.totalAssets, USDC('1000000'));
    assert.equal(stats.activeCover, 0n);
  });

  it('buys cover with a permit for exactly the quoted premium, and lists it', async () => {
    const user = f.as(2);
    const me = anvilAddress(2);
    const id = product('aave-v3-exploit');
    const before = await usdcOf(user, me);
    const quoted = await quote(user, { productId: id, amount: USDC('10000'), period: 90 * DAY });
    const bought = await buyCover(user, { productId: id, amount: USDC('10000'), period: 90 * DAY });
    // The quote is read a block earlier; time moved by one block, the price only by rounding.
    assert.ok(bought.premium > 0n);
    assert.ok(bought.premium <= quoted + quoted / 1000n && bought.premium >= quoted - quoted / 1000n, `premium ${bought.premium} near quote ${quoted}`);
    assert.equal(await usdcOf(user, me), before - bought.premium, 'paid exactly the premium');
    const allowance = await user.public.readContract({ ...contractsOf(user.deployment).asset, functionName: 'allowance', args: [me, f.deployment.contracts.CoverManager] });
    // The permit allows the quote plus the slippage margin; only that margin can be left over.
    assert.ok(allowance <= bought.premium / 100n + 1n, `leftover allowance ${allowance} is at most the margin`);
    const covers = await getCovers(f.reader, { owner: me });
    assert.deepEqual(covers.map((c) => c.coverId), [bought.coverId]);
    assert.equal(covers[0]?.status, 'waiting');
    assert.equal(covers[0]?.amount, USDC('10000'));
  });

  it('extends and cancels a cover', async () => {
    const user = f.as(9);
    const me = anvilAddress(9);
    const bought = await buyCover(user, { productId: product('exchange-hack'), amount: USDC('5000'), period: 60 * DAY });
    const extended = await extendCover(user, { coverId: bought.coverId, extraPeriod: 30 * DAY });
    assert.ok(extended.premium > 0n);
    assert.equal(extended.end, bought.end + BigInt(30 * DAY));
    const before = await usdcOf(user, me);
    const cancelled = await cancelCover(user, { coverId: bought.coverId });
    assert.ok(cancelled.refund > 0n && cancelled.fee > 0n);
    assert.equal(await usdcOf(user, me), before + cancelled.refund);
    const cover = await getCover(f.reader, { coverId: bought.coverId });
    assert.equal(cover.status, 'cancelled');
    const listed = await getCovers(f.reader, { owner: me });
    assert.equal(listed.find((c) => c.coverId === bought.coverId)?.status, 'cancelled');
  });

  it('decodes the errors users meet into typed, readable errors', async () => {
    const user = f.as(2);
    const tooMuch = await contractError(buyCover(user, { productId: product('flight-delay'), amount: USDC('3000'), period: 2 * DAY }));
    assert.ok(tooMuch.is('CoverAmountTooLarge'));
    assert.match(tooMuch.message, /above product \d+'s maximum/);
    const noAllowance = await contractError(buyCover(user, { productId: product('aave-v3-exploit'), amount: USDC('1000'), period: 30 * DAY, permit: false }));
    assert.equal(noAllowance.errorName, 'ERC20InsufficientAllowance');
    assert.match(noAllowance.message, /insufficient allowance/);
    const badPeriod = await contractError(quote(user, { productId: product('aave-v3-exploit'), amount: USDC('1000'), period: DAY }));
    assert.equal(badPeriod.errorName, 'PeriodOutOfRange');
    const unknown = await contractError(quote(user, { productId: 99, amount: USDC('1000'), period: 30 * DAY }));
    assert.equal(unknown.errorName, 'UnknownProduct');
    // Product capacity: 30% of 1M capital for the exchange-hack product, at most 100k per cover.
    for (let i = 0; i < 3; i++) await buyCover(f.as(9), { productId: product('exchange-hack'), amount: USDC('100000'), period: 30 * DAY });
    const full = await contractError(buyCover(f.as(9), { productId: product('exchange-hack'), amount: USDC('100000'), period: 30 * DAY }));
    assert.equal(full.errorName, 'ProductCapacityExceeded');
    if (full.is('ProductCapacityExceeded')) assert.equal(full.args[1], USDC('100000'));
    assert.match(full.describe((v) => `${Number(v) / 1e6} USDC`), /100000 USDC requested/);
    await assert.rejects(buyCover(f.reader, { productId: 1, amount: 1n, period: 30 * DAY }), NoAccountError);
    await assert.rejects(assertNetwork(createBulwarkClient({ public: f.reader.public, deployment: { ...f.deployment, chainId: 1 } })), WrongNetworkError);
  });

  it('deposits, requests a withdrawal, waits the cooldown and withdraws', async () => {
    const lp = f.as(2);
    const me = anvilAddress(2);
    const { shares } = await deposit(lp, { assets: USDC('20000') });
    assert.ok(shares > 0n);
    const request = await requestWithdraw(lp, { shares });
    assert.equal((await getPosition(lp, { owner: me })).request.state, 'cooling-down');
    const early = await contractError(withdraw(lp, { shares: 'max' }));
    assert.equal(early.errorName, 'WithdrawalCoolingDown');
    await f.advance(Number(request.unlocksAt - (await f.now())) + 1);
    const position = await getPosition(lp, { owner: me });
    assert.equal(position.request.state, 'executable');
    const before = await usdcOf(lp, me);
    const out = await withdraw(lp, { shares: 'max' });
    assert.equal(out.shares, shares);
    assert.equal(await usdcOf(lp, me), before + out.assets);
    // Premiums earned over the cooldown make the shares worth at least what went in (less rounding).
    assert.ok(out.assets >= USDC('20000') - 1n, `withdrew ${out.assets}`);
  });

  it('files a claim; assessors vote; after the vote and the challenge period it pays the owner', async () => {
    const user = f.as(2);
    const me = anvilAddress(2);
    const [cover] = await getCovers(f.reader, { owner: me, includeInactive: false });
    assert.ok(cover);
    await f.advance(2 * DAY); // past the product's waiting period
    const incidentTime = (await f.now()) - 60n;
    const filed = await fileClaim(user, { coverId: cover.coverId, amount: USDC('4000'), incidentTime, evidenceURI: 'ipfs://evidence/aave-exploit' });
    assert.equal((await getCover(f.reader, { coverId: cover.coverId })).status, 'claim-open');
    for (const i of [5, 6, 7]) assert.ok((await castVote(f.as(i), { caseId: filed.caseId, support: true })).weight > 0n);
    const voteOpen = await contractError(resolveCase(user, { caseId: filed.caseId }));
    assert.equal(voteOpen.errorName, 'VotingOpen');
    await f.advance(Number(filed.voteEnd - (await f.now())) + 1);
    const resolved = await resolveCase(user, { caseId: filed.caseId });
    assert.ok(resolved.accepted);
    await f.advance(Number(resolved.challengeEnd - (await f.now())) + 1);
    const before = await usdcOf(user, me);
    const paid = await payClaim(f.as(0), { caseId: filed.caseId });
    assert.equal(paid.owner, me);
    assert.equal(paid.amount, USDC('4000'));
    const voterFee = (filed.deposit * 2n) / 10n; // the demo's voter fee: 20% of the deposit, to the voters
    assert.equal(await usdcOf(user, me), before + USDC('4000') + filed.deposit - voterFee, 'owner paid, deposit refunded less the voters\' fee');
    assert.equal((await getCase(f.reader, { caseId: filed.caseId })).status, 'paid');
  });

  it('pays an accepted incident to every owed cover in batches, each exactly once', async () => {
    const exploit = product('aave-v3-exploit');
    const bought = [];
    for (const i of [2, 9]) bought.push(await buyCover(f.as(i), { productId: exploit, amount: USDC('1000'), period: 30 * DAY }));
    await f.advance(2 * DAY); // past the waiting period
    const report = await reportIncident(f.as(9), { productId: exploit, incidentTime: (await f.now()) - 10n, payoutWad: parseUnits('0.5', 18), evidenceURI: 'ipfs://evidence/exploit' });
    for (const i of [5, 6]) await castVote(f.as(i), { caseId: report.caseId, support: true });
    await f.advance(Number(report.voteEnd - (await f.now())) + 1);
    const resolved = await resolveCase(f.as(0), { caseId: report.caseId });
    assert.ok(resolved.accepted);
    await f.advance(Number(resolved.challengeEnd - (await f.now())) + 1);
    const owed = await getIncidentCovers(f.reader, { caseId: report.caseId });
    for (const b of bought) assert.ok(owed.includes(b.coverId), `cover ${b.coverId} is owed`);
    const first = await payIncident(f.as(0), { caseId: report.caseId, coverIds: owed.slice(0, 1) });
    assert.deepEqual(first.paid.map((p) => p.coverId), owed.slice(0, 1));
    const rest = await payIncident(f.as(0), { caseId: report.caseId, coverIds: owed });
    assert.deepEqual(rest.paid.map((p) => p.coverId), owed.slice(1), 'the cover paid already is skipped');
    for (const b of bought) assert.equal([...first.paid, ...rest.paid].find((p) => p.coverId === b.coverId)?.amount, USDC('500'), 'half of 1,000');
    assert.deepEqual(await getIncidentCovers(f.reader, { caseId: report.caseId }), []);
  });

  it('proves a de-peg from the feed and pays every de-peg cover exactly once', async () => {
    const depeg = product('usdc-depeg');
    const holders = [2, 9];
    const bought = [];
    for (const i of holders) bought.push(await buyCover(f.as(i), { productId: depeg, amount: USDC('10000'), period: 30 * DAY }));
    await f.advance(2 * DAY); // past the waiting period
    const feed = { address: f.deployment.contracts.MockAggregator ?? zeroAddress, abi: mockAggregatorAbi } as const;
    const push = async (answer: bigint) => {
      const hash = await f.as(0).wallet!.writeContract({ ...feed, functionName: 'pushAnswer', args: [answer], chain: null });
      await f.reader.public.waitForTransactionReceipt({ hash });
    };
    await push(99_000_000n);
    assert.equal(await findDepegProof(f.reader, { productId: depeg }), undefined, 'no de-peg at $0.99');
    await push(94_000_000n);
    await f.advance(40 * 60);
    await push(93_000_000n);
    assert.equal(await findDepegProof(f.reader, { productId: depeg }), undefined, '40 minutes below is not enough');
    await f.advance(25 * 60);
    await push(92_000_000n);
    const proof = await findDepegProof(f.reader, { productId: depeg });
    assert.ok(proof, 'an hour below $0.95');
    assert.equal(proof.answer, 92_000_000n);
    const proven = await proveDepeg(f.as(9), { productId: depeg, ...proof });
    assert.equal(proven.payoutWad, parseUnits('0.08', 18), 'the shortfall at $0.92, under the 50% cap');
    const [event] = await getTriggerEvents(f.reader, { trigger: 'ChainlinkDepegTrigger' });
    assert.equal(event?.eventId, proven.eventId);
    const owed = await getTriggerOwedCovers(f.reader, { trigger: 'ChainlinkDepegTrigger', eventId: proven.eventId });
    assert.deepEqual(owed, bought.map((b) => b.coverId));
    const before = await usdcOf(f.reader, anvilAddress(2));
    const paid = await payTriggerCovers(f.as(0), { trigger: 'ChainlinkDepegTrigger', eventId: proven.eventId, coverIds: owed });
    assert.deepEqual(paid.paid, owed.map((coverId) => ({ coverId, amount: USDC('800') })));
    assert.equal(await usdcOf(f.reader, anvilAddress(2)), before + USDC('800'), 'the owner is paid, nobody claimed');
    const again = await payTriggerCovers(f.as(0), { trigger: 'ChainlinkDepegTrigger', eventId: proven.eventId, coverIds: owed });
    assert.deepEqual(again.paid, [], 'each cover once');
    const closed = await contractError(buyCover(f.as(2), { productId: depeg, amount: USDC('100'), period: 30 * DAY }));
    assert.equal(closed.errorName, 'IncidentOpen', 'a triggered product stops selling');
  });

  it('pays a flight delay from a report signed by two of three oracles, after the dispute window', async () => {
    const flight = product('flight-delay');
    const riskKey = keccak256(stringToHex('flight:BA117:2026-12-01'));
    const other = keccak256(stringToHex('flight:LH400:2026-12-01'));
    const mine = await buyCover(f.as(2), { productId: flight, amount: USDC('500'), period: 3 * DAY, riskKey });
    const notMine = await buyCover(f.as(9), { productId: flight, amount: USDC('500'), period: 3 * DAY, riskKey: other });
    await f.advance(3600);
    const trigger = f.deployment.contracts.SignedReportTrigger ?? zeroAddress;
    const report = { productId: BigInt(flight), riskKey, eventTime: (await f.now()) - 60n, observedValue: 150n, tier: 2, nonce: 7n };
    const domain = { name: 'Bulwark SignedReportTrigger', version: '1', chainId: 31337, verifyingContract: trigger } as const;
    const types = {
      Report: [
        { name: 'productId', type: 'uint256' }, { name: 'riskKey', type: 'bytes32' }, { name: 'eventTime', type: 'uint64' },
        { name: 'observedValue', type: 'int256' }, { name: 'tier', type: 'uint8' }, { name: 'nonce', type: 'uint256' },
      ],
    } as const;
    const oracles = [10, 11].map((i) => localOracleAccount(i)).sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const signatures = await Promise.all(oracles.map((o) => o.signTypedData({ domain, types, primaryType: 'Report', message: report })));
    const tooFew = await contractError(submitReport(f.as(0), { report, signatures: signatures.slice(0, 1) }));
    assert.equal(tooFew.errorName, 'NotEnoughSignatures');
    const submitted = await submitReport(f.as(0), { report, signatures });
    assert.equal((await getPendingReports(f.reader)).length, 1);
    const early = await contractError(finalizeReport(f.as(0), { reportId: submitted.reportId }));
    assert.equal(early.errorName, 'DisputeWindowOpen');
    const replay = await contractError(submitReport(f.as(0), { report, signatures }));
    assert.ok(replay.errorName === 'NonceUsed' || replay.errorName === 'RiskAlreadyTriggered', replay.errorName);
    await f.advance(Number(submitted.finalizableAt - (await f.now())) + 1);
    const { eventId } = await finalizeReport(f.as(0), { reportId: submitted.reportId });
    const owed = await getTriggerOwedCovers(f.reader, { trigger: 'SignedReportTrigger', eventId });
    assert.deepEqual(owed, [mine.coverId], 'only the delayed flight');
    const wrong = await contractError(payTriggerCovers(f.as(0), { trigger: 'SignedReportTrigger', eventId, coverIds: [notMine.coverId] }));
    assert.equal(wrong.errorName, 'WrongRisk');
    const paid = await payTriggerCovers(f.as(0), { trigger: 'SignedReportTrigger', eventId, coverIds: owed });
    assert.deepEqual(paid.paid, [{ coverId: mine.coverId, amount: USDC('250') }], 'tier 2 (2 h+) pays half');
  });

  it('runs a governance proposal from proposal to execution', async () => {
    const { coverManager } = contractsOf(f.deployment);
    const calldata = encodeFunctionData({ abi: coverManagerAbi, functionName: 'setCancelFee', args: [parseUnits('0.05', 18)] });
    const calls = { targets: [coverManager.address], values: [0n], calldatas: [calldata], description: 'Lower the cancellation fee to 5%' };
    const proposed = await propose(f.as(5), calls);
    await f.advance(Number(proposed.voteStart - (await f.now())) + 1);
    assert.equal((await getProposal(f.reader, { proposalId: proposed.proposalId })).state, 'active');
    await castProposalVote(f.as(5), { proposalId: proposed.proposalId, support: 'for' });
    await castProposalVote(f.as(6), { proposalId: proposed.proposalId, support: 'against', reason: 'fees fund the pool' });
    await castProposalVote(f.as(7), { proposalId: proposed.proposalId, support: 'for' });
    await f.advance(Number(proposed.voteEnd - (await f.now())) + 1);
    assert.deepEqual(await getProposalCalls(f.reader, { proposalId: proposed.proposalId }), calls);
    const queued = await queueProposal(f.as(0), calls);
    await f.advance(Number(queued.eta - (await f.now())) + 1);
    await executeProposal(f.as(0), calls);
    const p = await getProposal(f.reader, { proposalId: proposed.proposalId });
    assert.equal(p.state, 'executed');
    assert.equal(p.forVotes, 2n * p.againstVotes);
    assert.equal(await f.reader.public.readContract({ ...coverManager, functionName: 'cancelFeeWad' }), parseUnits('0.05', 18));
  });
});
