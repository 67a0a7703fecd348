import {
  buyCover, cancelCover, castProposalVote, castVote, claimRewards, delegate, deposit, executeProposal, extendCover, faucet,
  fileClaim, findProduct, getCase, getCases, getCover, getCovers, getIncidentCovers, getPoolStats, getPosition, getProducts,
  getProposal, getProposalCalls, payClaim, propose, payIncident, queueProposal, quote, reportIncident, requestWithdraw, resolveCase,
  settleIncident, withdraw, UnknownProductError, type CaseInfo, type DeploymentProduct, type WriteProgress,
  findDepegProof, finalizeReport, getPendingReports, getTriggerEvents, getTriggerOwedCovers, payTriggerCovers, proveDepeg,
  pushMockPrice, type TriggerEventInfo, type TriggerName,
} from '@bulwark/sdk';
import { isAddress, isHex, keccak256, stringToHex, zeroHash, type Address, type Hex } from 'viem';

import type { Context } from './context.js';
import { UsageError } from './errors.js';
import { amount, date, duration, parseAmount, parseId, parsePeriod, parseTime, percent, table } from './format.js';

export type Flags = Record<string, string | boolean | undefined>;

export interface Command {
  name: string;
  args: string;
  summary: string;
  /** Command-specific options: name -> takes a value (string) or is a switch (boolean). */
  options?: Record<string, 'string' | 'boolean'>;
  run(ctx: Context, positionals: string[], flags: Flags): Promise<{ json: unknown; text: string }>;
}

const str = (flags: Flags, name: string): string | undefined => {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
};

function product(ctx: Context, text: string | undefined): DeploymentProduct {
  if (text === undefined) throw new UsageError('missing product (an id or key; see `bulwark products`)');
  const found = findProduct(ctx.client.deployment, text);
  if (!found) throw new UnknownProductError(text, ctx.client.deployment.products.map((p) => `${p.id} ${p.key}`));
  return found;
}

function address(text: string | undefined, what: string): Address {
  if (text === undefined || !isAddress(text)) throw new UsageError(`${what} must be an address (0x + 40 hex digits), got "${text ?? ''}"`);
  return text;
}

/** A risk key: 32-byte hex as is, anything else hashed (e.g. "BA117 2026-12-01"). */
function riskKey(text: string | undefined): Hex {
  if (text === undefined) return zeroHash;
  if (isHex(text) && text.length === 66) return text;
  return keccak256(stringToHex(text));
}

/** Progress display for anything that waits on blocks. */
function progress(ctx: Context) {
  return (p: WriteProgress) => {
    if (p.stage === 'simulated') ctx.progress(`… ${p.label}: simulated, sending`);
    else if (p.stage === 'sent') ctx.progress(`… ${p.label}: sent ${p.hash}, waiting for a block`);
    else ctx.progress(`✓ ${p.label}: mined in block ${p.blockNumber}`);
  };
}

/** Pays `coverIds` in batches of `size`, one transaction after another, showing progress. */
async function inBatches<R>(ctx: Context, coverIds: readonly bigint[], size: number, pay: (batch: bigint[]) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < coverIds.length; i += size) {
    const batch = coverIds.slice(i, i + size);
    ctx.progress(`batch ${i / size + 1}/${Math.ceil(coverIds.length / size)}: ${batch.length} covers`);
    results.push(await pay(batch));
  }
  return results;
}

function usd(ctx: Context, value: bigint): string {
  return amount(value, ctx.decimals, ctx.symbol);
}

function caseRow(ctx: Context, c: CaseInfo): string[] {
  return [
    String(c.caseId), c.kind, c.status, c.kind === 'claim' ? `cover ${c.subject}` : `product ${c.subject}`,
    c.kind === 'claim' ? usd(ctx, c.amount) : percent(c.amount), amount(c.forVotes, 18), amount(c.againstVotes, 18), date(c.deadline),
  ];
}
const caseHeaders = ['case', 'kind', 'status', 'subject', 'amount', 'for', 'against', 'deadline'];

const TRIGGERS: readonly TriggerName[] = ['ChainlinkDepegTrigger', 'SignedReportTrigger'];
const triggerAliases: Record<string, TriggerName> = { depeg: 'ChainlinkDepegTrigger', report: 'SignedReportTrigger', reports: 'SignedReportTrigger' };

function triggerName(text: string | undefined): TriggerName {
  const name = text === undefined ? undefined : (triggerAliases[text] ?? TRIGGERS.find((t) => t === text));
  if (!name) throw new UsageError(`trigger must be "depeg" or "report", got "${text ?? ''}"`);
  return name;
}

/** Every event of the deployment's triggers (a deployment from before the triggers has none). */
async function allTriggerEvents(ctx: Context): Promise<TriggerEventInfo[]> {
  const present = TRIGGERS.filter((t) => ctx.client.deployment.contracts[t]);
  return (await Promise.all(present.map((trigger) => getTriggerEvents(ctx.client, { trigger })))).flat();
}

function eventRow(ctx: Context, e: TriggerEventInfo): string[] {
  const key = ctx.client.deployment.products.find((p) => p.id === e.productId)?.key ?? String(e.productId);
  return [e.trigger === 'ChainlinkDepegTrigger' ? 'depeg' : 'report', String(e.eventId), key, e.riskKey === zeroHash ? 'product-wide' : `${e.riskKey.slice(0, 10)}…`, date(e.incidentTime), percent(e.payoutWad)];
}
const eventHeaders = ['trigger', 'event', 'product', 'risk', 'incident', 'payout'];

export const commands: Command[] = [
  {
    name: 'status',
    args: '',
    summary: 'pool, products and open claims/incidents',
    async run(ctx) {
      const [pool, products, cases, events] = await Promise.all([getPoolStats(ctx.client), getProducts(ctx.client), getCases(ctx.client), allTriggerEvents(ctx)]);
      const open = cases.filter((c) => ['voting', 'accepted', 'escalated', 'payable'].includes(c.status));
      const text = [
        `Bulwark on chain ${ctx.client.deployment.chainId} (${ctx.client.deployment.network}), block ${pool.blockNumber}`,
        '',
        `pool  capital ${usd(ctx, pool.totalAssets)}  active cover ${usd(ctx, pool.activeCover)} of ${usd(ctx, pool.capacity)} (${percent(pool.utilizationWad)})`,
        `      unearned premium ${usd(ctx, pool.unearnedPremium)}  owed payouts ${usd(ctx, pool.owedPayouts)}  free capital ${usd(ctx, pool.freeCapital)}`,
        '',
        table(
          ['id', 'key', 'kind', 'status', 'rate/yr', 'active cover', 'available'],
          products.map((p) => [String(p.id), p.key, p.kind, p.onSale ? 'on sale' : p.status === 'active' ? 'not selling' : p.status, percent(p.currentRateWad), usd(ctx, p.activeCover), usd(ctx, p.availableCapacity)]),
        ),
        '',
        open.length ? table(caseHeaders, open.map((c) => caseRow(ctx, c))) : 'no open claims or incidents',
        '',
        events.length ? table(eventHeaders, events.map((e) => eventRow(ctx, e))) : 'no parametric events',
      ].join('\n');
      return { json: { pool, products, openCases: open, events }, text };
    },
  },
  {
    name: 'products',
    args: '',
    summary: 'products with terms, live capacity and rate',
    async run(ctx) {
      const products = await getProducts(ctx.client);
      const text = table(
        ['id', 'key', 'name', 'rate/yr', 'max cover', 'period', 'waiting', 'available', 'sale'],
        products.map((p) => [
          String(p.id), p.key, p.name, percent(p.currentRateWad), usd(ctx, p.maxCoverAmount), `${duration(p.minPeriod)}–${duration(p.maxPeriod)}`,
          duration(p.waitingPeriod), usd(ctx, p.availableCapacity), p.onSale ? 'yes' : 'no',
        ]),
      );
      return { json: products, text };
    },
  },
  {
    name: 'quote',
    args: '<product> <amount> <period>',
    summary: 'premium for cover (period: 30d, 12h, or seconds)',
    async run(ctx, [p, a, t]) {
      const found = product(ctx, p);
      const coverAmount = parseAmount(a, ctx.decimals, 'amount');
      const period = parsePeriod(t);
      const premium = await quote(ctx.client, { productId: found.id, amount: coverAmount, period });
      return { json: { productId: found.id, amount: coverAmount, period, premium }, text: `${found.name}: ${usd(ctx, coverAmount)} for ${duration(period)} costs ${usd(ctx, premium)}` };
    },
  },
  {
    name: 'buy',
    args: '<product> <amount> <period>',
    summary: 'buy cover (pays by permit: one signature, one transaction)',
    options: { 'risk-key': 'string', recipient: 'string', 'max-premium': 'string', 'no-permit': 'boolean' },
    async run(ctx, [p, a, t], flags) {
      ctx.signer();
      const found = product(ctx, p);
      const coverAmount = parseAmount(a, ctx.decimals, 'amount');
      const period = parsePeriod(t);
      const recipient = str(flags, 'recipient') === undefined ? undefined : address(str(flags, 'recipient'), '--recipient');
      const maxPremium = str(flags, 'max-premium') === undefined ? undefined : parseAmount(str(flags, 'max-premium'), ctx.decimals, '--max-premium');
      const result = await buyCover(ctx.client, {
        productId: found.id, amount: coverAmount, period, riskKey: riskKey(str(flags, 'risk-key')), recipient, maxPremium,
        permit: flags['no-permit'] !== true, onProgress: progress(ctx),
      });
      return { json: result, text: `bought cover #${result.coverId} on ${found.key}: ${usd(ctx, coverAmount)} until ${date(result.end)} for ${usd(ctx, result.premium)}` };
    },
  },
  {
    name: 'extend',
    args: '<coverId> <period>',
    summary: 'extend a cover (approves the premium first if needed)',
    async run(ctx, [id, t]) {
      ctx.signer();
      const result = await extendCover(ctx.client, { coverId: parseId(id, 'cover id'), extraPeriod: parsePeriod(t), onProgress: progress(ctx) });
      return { json: result, text: `cover #${id} now ends ${date(result.end)}; paid ${usd(ctx, result.premium)}` };
    },
  },
  {
    name: 'cancel',
    args: '<coverId>',
    summary: 'cancel a cover for its unearned premium minus the fee',
    async run(ctx, [id]) {
      ctx.signer();
      const result = await cancelCover(ctx.client, { coverId: parseId(id, 'cover id'), onProgress: progress(ctx) });
      return { json: result, text: `cancelled cover #${id}: refunded ${usd(ctx, result.refund)} (fee ${usd(ctx, result.fee)})` };
    },
  },
  {
    name: 'covers',
    args: '[owner]',
    summary: "an owner's covers with status (default: your account)",
    async run(ctx, [owner]) {
      const who = owner === undefined ? ctx.signer().address : address(owner, 'owner');
      const covers = await getCovers(ctx.client, { owner: who });
      const names = new Map(ctx.client.deployment.products.map((p) => [p.id, p.key]));
      const text = covers.length
        ? table(['cover', 'product', 'amount', 'start', 'end', 'status'], covers.map((c) => [`#${c.coverId}`, names.get(c.productId) ?? String(c.productId), usd(ctx, c.amount), date(c.start), date(c.end), c.status]))
        : `${who} holds no covers`;
      return { json: covers, text };
    },
  },
  {
    name: 'cover',
    args: '<coverId>',
    summary: 'one cover',
    async run(ctx, [id]) {
      const c = await getCover(ctx.client, { coverId: parseId(id, 'cover id') });
      return { json: c, text: `cover #${c.coverId} product ${c.productId} owner ${c.owner}\n  ${usd(ctx, c.amount)} ${date(c.start)} → ${date(c.end)} (${c.status}); waiting ends ${date(c.waitingEnds)}; claims until ${date(c.claimDeadline)}` };
    },
  },
  {
    name: 'pool',
    args: '',
    summary: 'pool capital, cover, premiums and withdrawal terms',
    async run(ctx) {
      const s = await getPoolStats(ctx.client);
      const text = [
        `capital (total assets)  ${usd(ctx, s.totalAssets)}`, `balance                 ${usd(ctx, s.balance)}`,
        `shares                  ${amount(s.totalSupply, s.shareDecimals)} (1 share = ${usd(ctx, s.assetsPerShare)})`,
        `active cover            ${usd(ctx, s.activeCover)} of capacity ${usd(ctx, s.capacity)} (${percent(s.utilizationWad)})`,
        `unearned premium        ${usd(ctx, s.unearnedPremium)}`, `owed payouts            ${usd(ctx, s.owedPayouts)}`,
        `required capital        ${usd(ctx, s.requiredCapital)}`, `free capital            ${usd(ctx, s.freeCapital)}`,
        `withdrawals             cooldown ${duration(s.cooldown)}, window ${duration(s.executionWindow)}; open claims ${s.openClaims}`,
      ].join('\n');
      return { json: s, text };
    },
  },
  {
    name: 'position',
    args: '[owner]',
    summary: "a depositor's shares and withdrawal request",
    async run(ctx, [owner]) {
      const who = owner === undefined ? ctx.signer().address : address(owner, 'owner');
      const p = await getPosition(ctx.client, { owner: who });
      const text = [
        `${who}`, `  shares ${amount(p.shares, ctx.decimals + 6)} worth ${usd(ctx, p.assets)}; wallet ${usd(ctx, p.walletBalance)}`,
        `  withdrawal request: ${p.request.state}${p.request.shares ? `, ${amount(p.request.shares, ctx.decimals + 6)} shares, ${date(p.request.unlocksAt)} → ${date(p.request.expiresAt)}` : ''}`,
        `  can withdraw now ${usd(ctx, p.maxWithdraw)}`,
      ].join('\n');
      return { json: p, text };
    },
  },
  {
    name: 'deposit',
    args: '<amount>',
    summary: 'deposit capital into the pool (approves it first if needed)',
    async run(ctx, [a]) {
      ctx.signer();
      const assets = parseAmount(a, ctx.decimals, 'amount');
      const result = await deposit(ctx.client, { assets, onProgress: progress(ctx) });
      return { json: result, text: `deposited ${usd(ctx, assets)} for ${amount(result.shares, ctx.decimals + 6)} shares` };
    },
  },
  {
    name: 'request-withdraw',
    args: '<shares|all>',
    summary: 'queue shares for withdrawal (they wait the cooldown)',
    async run(ctx, [s]) {
      const owner = ctx.signer().address;
      const shares = s === 'all' ? (await getPosition(ctx.client, { owner })).shares : parseAmount(s, ctx.decimals + 6, 'shares');
      if (shares === 0n) throw new UsageError(`${owner} holds no pool shares`);
      const result = await requestWithdraw(ctx.client, { shares, onProgress: progress(ctx) });
      return { json: result, text: `requested ${amount(result.shares, ctx.decimals + 6)} shares: withdraw between ${date(result.unlocksAt)} and ${date(result.expiresAt)}` };
    },
  },
  {
    name: 'withdraw',
    args: '[shares|max]',
    summary: 'withdraw requested shares after the cooldown',
    async run(ctx, [s]) {
      ctx.signer();
      const shares = s === undefined || s === 'max' ? 'max' : parseAmount(s, ctx.decimals + 6, 'shares');
      const result = await withdraw(ctx.client, { shares, onProgress: progress(ctx) });
      return { json: result, text: `withdrew ${usd(ctx, result.assets)} for ${amount(result.shares, ctx.decimals + 6)} shares` };
    },
  },
  {
    name: 'claim',
    args: '<coverId> <amount>',
    summary: 'file a claim (needs --incident-time and --evidence); takes the claim deposit',
    options: { 'incident-time': 'string', evidence: 'string' },
    async run(ctx, [id, a], flags) {
      ctx.signer();
      const evidence = str(flags, 'evidence');
      if (!evidence) throw new UsageError('missing --evidence <uri> (where assessors find the proof of loss)');
      const result = await fileClaim(ctx.client, {
        coverId: parseId(id, 'cover id'), amount: parseAmount(a, ctx.decimals, 'amount'),
        incidentTime: parseTime(str(flags, 'incident-time'), '--incident-time'), evidenceURI: evidence, onProgress: progress(ctx),
      });
      return { json: result, text: `filed claim case ${result.caseId} (deposit ${usd(ctx, result.deposit)}); voting ends ${date(result.voteEnd)}` };
    },
  },
  {
    name: 'report-incident',
    args: '<product>',
    summary: 'report a product-wide incident (--payout <percent> --incident-time --evidence); takes the bond',
    options: { payout: 'string', 'incident-time': 'string', evidence: 'string' },
    async run(ctx, [p], flags) {
      ctx.signer();
      const found = product(ctx, p);
      const payout = str(flags, 'payout');
      if (!payout || !/^\d+(\.\d+)?$/.test(payout) || Number(payout) <= 0 || Number(payout) > 100) throw new UsageError('--payout must be a percentage in (0, 100]');
      const evidence = str(flags, 'evidence');
      if (!evidence) throw new UsageError('missing --evidence <uri>');
      const payoutWad = parseAmount(payout, 16, '--payout');
      const result = await reportIncident(ctx.client, {
        productId: found.id, incidentTime: parseTime(str(flags, 'incident-time'), '--incident-time'), payoutWad, evidenceURI: evidence, onProgress: progress(ctx),
      });
      return { json: result, text: `reported incident case ${result.caseId} on ${found.key} (bond ${usd(ctx, result.bond)}); voting ends ${date(result.voteEnd)}` };
    },
  },
  {
    name: 'cases',
    args: '',
    summary: 'every claim and incident',
    async run(ctx) {
      const cases = await getCases(ctx.client);
      return { json: cases, text: cases.length ? table(caseHeaders, cases.map((c) => caseRow(ctx, c))) : 'no cases' };
    },
  },
  {
    name: 'case',
    args: '<caseId>',
    summary: 'one claim or incident',
    async run(ctx, [id]) {
      const c = await getCase(ctx.client, { caseId: parseId(id, 'case id') });
      return { json: c, text: `${table(caseHeaders, [caseRow(ctx, c)])}\nquorum ${amount(c.quorum, 18)} BWK; filed by ${c.filer}; incident ${date(c.incidentTime)}` };
    },
  },
  {
    name: 'vote',
    args: '<caseId> <yes|no>',
    summary: 'vote on a claim or incident with your delegated BWK',
    async run(ctx, [id, choice]) {
      ctx.signer();
      if (choice !== 'yes' && choice !== 'no') throw new UsageError(`vote must be "yes" or "no", got "${choice ?? ''}"`);
      const result = await castVote(ctx.client, { caseId: parseId(id, 'case id'), support: choice === 'yes', onProgress: progress(ctx) });
      return { json: result, text: `voted ${choice} on case ${id} with ${amount(result.weight, 18)} BWK` };
    },
  },
  {
    name: 'resolve',
    args: '<caseId>',
    summary: 'close the vote of a case after its deadline',
    async run(ctx, [id]) {
      ctx.signer();
      const r = await resolveCase(ctx.client, { caseId: parseId(id, 'case id'), onProgress: progress(ctx) });
      return { json: r, text: `case ${id} ${r.accepted ? `accepted; challenge period until ${date(r.challengeEnd)}` : 'rejected'} (for ${amount(r.forVotes, 18)}, against ${amount(r.againstVotes, 18)}, quorum ${amount(r.quorum, 18)})` };
    },
  },
  {
    name: 'pay',
    args: '<caseId>',
    summary: 'execute payouts of an accepted claim, or of an incident to every owed cover in batches',
    options: { batch: 'string' },
    async run(ctx, [id]) {
      ctx.signer();
      const caseId = parseId(id, 'case id');
      const c = await getCase(ctx.client, { caseId });
      if (c.kind === 'claim') {
        const r = await payClaim(ctx.client, { caseId, onProgress: progress(ctx) });
        return { json: r, text: `paid ${usd(ctx, r.amount)} to ${r.owner} (cover #${r.coverId})` };
      }
      if (c.status === 'accepted') await settleIncident(ctx.client, { caseId, onProgress: progress(ctx) });
      const owed = await getIncidentCovers(ctx.client, { caseId });
      const batches = await inBatches(ctx, owed, 100, (coverIds) => payIncident(ctx.client, { caseId, coverIds, onProgress: progress(ctx) }));
      const total = batches.reduce((sum, b) => sum + b.total, 0n);
      return { json: { caseId, covers: owed, batches: batches.map((b) => ({ hash: b.hash, covers: b.paid.length, total: b.total })), total }, text: owed.length ? `paid ${owed.length} covers ${usd(ctx, total)} in ${batches.length} transaction(s)` : 'no unpaid covers owed by this incident' };
    },
  },
  {
    name: 'rewards',
    args: '<caseId...>',
    summary: 'collect your voting rewards from settled cases',
    async run(ctx, ids) {
      ctx.signer();
      if (ids.length === 0) throw new UsageError('give at least one case id');
      const r = await claimRewards(ctx.client, { caseIds: ids.map((i) => parseId(i, 'case id')), onProgress: progress(ctx) });
      return { json: r, text: `collected ${usd(ctx, r.total)}` };
    },
  },
  {
    name: 'delegate',
    args: '[address]',
    summary: 'delegate your BWK votes (default: to yourself)',
    async run(ctx, [to]) {
      const me = ctx.signer().address;
      const delegatee = to === undefined ? me : address(to, 'delegatee');
      const r = await delegate(ctx.client, { delegatee, onProgress: progress(ctx) });
      return { json: r, text: `BWK votes of ${me} delegated to ${delegatee}` };
    },
  },
  {
    name: 'propose',
    args: '',
    summary: 'propose one call by the timelock (--target --calldata --description [--value])',
    options: { target: 'string', calldata: 'string', value: 'string', description: 'string' },
    async run(ctx, _, flags) {
      ctx.signer();
      const calldata = str(flags, 'calldata');
      if (!calldata || !isHex(calldata)) throw new UsageError('--calldata must be hex (0x...)');
      const description = str(flags, 'description');
      if (!description) throw new UsageError('missing --description');
      const value = str(flags, 'value') === undefined ? 0n : parseAmount(str(flags, 'value'), 18, '--value');
      const r = await propose(ctx.client, { targets: [address(str(flags, 'target'), '--target')], values: [value], calldatas: [calldata], description, onProgress: progress(ctx) });
      return { json: r, text: `proposal ${r.proposalId}: voting ${date(r.voteStart)} → ${date(r.voteEnd)}` };
    },
  },
  {
    name: 'proposal',
    args: '<proposalId>',
    summary: "a governance proposal's state and votes",
    async run(ctx, [id]) {
      const p = await getProposal(ctx.client, { proposalId: parseId(id, 'proposal id') });
      return { json: p, text: `proposal ${id}: ${p.state}; for ${amount(p.forVotes, 18)}, against ${amount(p.againstVotes, 18)}, abstain ${amount(p.abstainVotes, 18)} (quorum ${amount(p.quorum, 18)}); voting ${date(p.snapshot)} → ${date(p.deadline)}${p.eta ? `; executable from ${date(p.eta)}` : ''}` };
    },
  },
  {
    name: 'proposal-vote',
    args: '<proposalId> <for|against|abstain>',
    summary: 'vote on a governance proposal',
    async run(ctx, [id, choice]) {
      ctx.signer();
      if (choice !== 'for' && choice !== 'against' && choice !== 'abstain') throw new UsageError(`vote must be for, against or abstain, got "${choice ?? ''}"`);
      const r = await castProposalVote(ctx.client, { proposalId: parseId(id, 'proposal id'), support: choice, onProgress: progress(ctx) });
      return { json: r, text: `voted ${choice} on proposal ${id} with ${amount(r.weight, 18)} BWK` };
    },
  },
  {
    name: 'queue',
    args: '<proposalId>',
    summary: 'queue a succeeded proposal in the timelock',
    async run(ctx, [id]) {
      ctx.signer();
      const calls = await getProposalCalls(ctx.client, { proposalId: parseId(id, 'proposal id') });
      const r = await queueProposal(ctx.client, { ...calls, onProgress: progress(ctx) });
      return { json: r, text: `proposal ${id} queued; executable from ${date(r.eta)}` };
    },
  },
  {
    name: 'execute',
    args: '<proposalId>',
    summary: 'execute a queued proposal after the timelock delay',
    async run(ctx, [id]) {
      ctx.signer();
      const calls = await getProposalCalls(ctx.client, { proposalId: parseId(id, 'proposal id') });
      const r = await executeProposal(ctx.client, { ...calls, onProgress: progress(ctx) });
      return { json: r, text: `proposal ${id} executed` };
    },
  },
  {
    name: 'events',
    args: '',
    summary: 'events proven by the parametric triggers (de-peg, oracle reports)',
    async run(ctx) {
      const events = await allTriggerEvents(ctx);
      return { json: events, text: events.length ? table(eventHeaders, events.map((e) => eventRow(ctx, e))) : 'no parametric events' };
    },
  },
  {
    name: 'prove-depeg',
    args: '<product>',
    summary: "prove a de-peg from the product's price feed rounds (anyone may)",
    async run(ctx, [p]) {
      ctx.signer();
      const found = product(ctx, p);
      const proof = await findDepegProof(ctx.client, { productId: found.id });
      if (!proof) throw new UsageError(`${found.key}: the feed shows no de-peg long enough to prove (or the trigger waits to be re-armed)`);
      ctx.progress(`rounds ${proof.startRoundId}..${proof.endRoundId}: below the threshold from ${date(proof.startedAt)} to ${date(proof.provenAt)}`);
      const r = await proveDepeg(ctx.client, { productId: found.id, startRoundId: proof.startRoundId, endRoundId: proof.endRoundId, onProgress: progress(ctx) });
      return { json: { ...r, ...proof }, text: `de-peg proven: event ${r.eventId}, incident ${date(r.incidentTime)}, pays ${percent(r.payoutWad)} of every cover active then` };
    },
  },
  {
    name: 'pay-event',
    args: '<depeg|report> <eventId>',
    summary: 'pay a parametric event to every owed cover, in batches (anyone may)',
    options: { batch: 'string' },
    async run(ctx, [t, id], flags) {
      ctx.signer();
      const trigger = triggerName(t);
      const eventId = parseId(id, 'event id');
      const batchSize = str(flags, 'batch') === undefined ? 100 : Number(parseId(str(flags, 'batch'), '--batch'));
      const owed = await getTriggerOwedCovers(ctx.client, { trigger, eventId });
      const batches = await inBatches(ctx, owed, batchSize, (coverIds) => payTriggerCovers(ctx.client, { trigger, eventId, coverIds, onProgress: progress(ctx) }));
      const total = batches.reduce((sum, b) => sum + b.total, 0n);
      const paid = batches.reduce((sum, b) => sum + b.paid.length, 0);
      return { json: { eventId, covers: owed, paid, total }, text: owed.length ? `paid ${paid} covers ${usd(ctx, total)}` : 'no unpaid covers owed by this event' };
    },
  },
  {
    name: 'reports',
    args: '',
    summary: 'oracle reports waiting out their dispute window',
    async run(ctx) {
      const reports = await getPendingReports(ctx.client);
      const text = reports.length
        ? table(['report', 'product', 'risk', 'event time', 'tier', 'payout', 'final from'], reports.map((r) => [String(r.reportId), String(r.productId), `${r.riskKey.slice(0, 10)}…`, date(r.eventTime), String(r.tier), percent(r.payoutWad), date(r.finalizableAt)]))
        : 'no pending reports';
      return { json: reports, text };
    },
  },
  {
    name: 'finalize',
    args: '<reportId>',
    summary: 'record the event of a report whose dispute window has passed (anyone may)',
    async run(ctx, [id]) {
      ctx.signer();
      const r = await finalizeReport(ctx.client, { reportId: parseId(id, 'report id'), onProgress: progress(ctx) });
      return { json: r, text: `report ${id} finalized as event ${r.eventId}` };
    },
  },
  {
    name: 'feed',
    args: '<price>',
    summary: 'push a new USD price to the local mock feed (deployer: --account 0)',
    async run(ctx, [price]) {
      ctx.signer();
      const answer = parseAmount(price, 8, 'price');
      const r = await pushMockPrice(ctx.client, { answer, onProgress: progress(ctx) });
      return { json: { ...r, answer }, text: `mock feed now answers $${price}` };
    },
  },
  {
    name: 'faucet',
    args: '[amount]',
    summary: 'mint mock USDC on a local chain (default 10,000; --to <address>)',
    options: { to: 'string' },
    async run(ctx, [a], flags) {
      const me = ctx.signer().address;
      const to = str(flags, 'to') === undefined ? me : address(str(flags, 'to'), '--to');
      const value = parseAmount(a ?? '10000', ctx.decimals, 'amount');
      const r = await faucet(ctx.client, { to, amount: value, onProgress: progress(ctx) });
      return { json: { ...r, to, amount: value }, text: `minted ${usd(ctx, value)} to ${to}` };
    },
  },
];
