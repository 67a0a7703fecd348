/**
 * The indexer's HTTP API: Ponder's GraphQL (`/graphql`) and SQL over HTTP (`/sql/*`), plus the REST
 * endpoints under `/api` whose response types are `api-types.ts` (the web app's contract).
 */
import { db } from 'ponder:api';
import schema from 'ponder:schema';
import { Hono, type Context as HonoContext } from 'hono';
import { and, asc, client, count, desc, eq, graphql, gt, gte, inArray, lt, lte, not, or, sql } from 'ponder';
import { isAddress } from 'viem';

import type * as Api from '../../api-types.js';
import { deployment, lower } from '../../lib/deployment.js';

const { configChange, cover, payout, product, claimCase, caseStep, caseVote, pool, poolPoint, proposal, proposalStep, proposalVote, triggerEvent, triggerPayout, withdrawalRequest, eventReport, triggerReport } = schema;

type SQL = NonNullable<ReturnType<typeof and>>;

const APY_WINDOW = 30 * 86_400;
const YEAR = 365 * 86_400;
const WAD = 10n ** 18n;
const DB_SCHEMA = process.env.BULWARK_INDEXER_SCHEMA ?? 'public';

// ---------------------------------------------------------------------------------------- errors

class HttpError extends Error {
  constructor(readonly status: 400 | 404, readonly code: Api.ApiErrorCode, message: string) {
    super(message);
  }
}
const bad = (message: string) => new HttpError(400, 'bad_request', message);
const notFound = (message: string) => new HttpError(404, 'not_found', message);

// ------------------------------------------------------------------------------------ parameters

const DIGITS = /^\d{1,78}$/;

function param(c: HonoContext, name: string): string | undefined {
  const value = c.req.query(name);
  return value === undefined || value === '' ? undefined : value;
}
function uintParam(c: HonoContext, name: string): bigint | undefined {
  const v = param(c, name);
  if (v === undefined) return undefined;
  if (!DIGITS.test(v)) throw bad(`${name} must be a decimal integer, got "${v}"`);
  return BigInt(v);
}
function idParam(c: HonoContext, name = 'id'): bigint {
  const v = c.req.param(name) ?? '';
  if (!DIGITS.test(v)) throw bad(`${name} must be a decimal integer, got "${v}"`);
  return BigInt(v);
}
function addressParam(c: HonoContext, name: string): Api.Address | undefined {
  const v = param(c, name);
  if (v === undefined) return undefined;
  if (!isAddress(v, { strict: false })) throw bad(`${name} must be a 0x address, got "${v}"`);
  return lower(v);
}
function enumParam<T extends string>(c: HonoContext, name: string, values: readonly T[]): T | undefined {
  const v = param(c, name);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v)) throw bad(`${name} must be one of ${values.join(', ')}, got "${v}"`);
  return v as T;
}
function limitParam(c: HonoContext, max = 100, fallback = 20): number {
  const v = param(c, 'limit');
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw bad(`limit must be an integer from 1 to ${max}, got "${v}"`);
  return Number(v);
}
/** Cursors are base64url JSON arrays of decimal strings (the last item's sort key). */
function cursorParam(c: HonoContext, length: number): bigint[] | undefined {
  const v = param(c, 'cursor');
  if (v === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === length && parsed.every((x) => typeof x === 'string' && DIGITS.test(x))) {
      return parsed.map((x: string) => BigInt(x));
    }
  } catch {
    // falls through to the error below
  }
  throw bad(`cursor is not a cursor this endpoint returned: "${v}"`);
}
const makeCursor = (key: (bigint | number)[]) => Buffer.from(JSON.stringify(key.map(String))).toString('base64url');

function page<Row, T>(rows: Row[], limit: number, key: (row: Row) => (bigint | number)[], map: (row: Row) => T): Api.Page<T> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: more && last !== undefined ? makeCursor(key(last)) : null };
}

// ----------------------------------------------------------------------------------- indexed head

interface Head {
  blockNumber: number;
  timestamp: number;
}

/** The last indexed block, from Ponder's checkpoint (timestamp: 10 digits, chain id: 16, block: 16). */
async function readHead(): Promise<Head & { checkpoint: string }> {
  const result = (await db.execute(sql.raw(`SELECT latest_checkpoint FROM "${DB_SCHEMA}"."_ponder_checkpoint" LIMIT 1`))) as unknown as {
    rows: { latest_checkpoint: string }[];
  };
  const checkpoint = result.rows[0]?.latest_checkpoint;
  if (!checkpoint) return { blockNumber: 0, timestamp: 0, checkpoint: '' };
  return { timestamp: Number(checkpoint.slice(0, 10)), blockNumber: Number(checkpoint.slice(26, 42)), checkpoint };
}

/**
 * The head, read at most once per HEAD_TTL_MS (concurrent requests share one read): every answer is a
 * function of the indexed data, and the data changes only with the checkpoint.
 */
const HEAD_TTL_MS = 50;
let headCache: { at: number; value: Promise<Head & { checkpoint: string }> } | undefined;
function head(): Promise<Head & { checkpoint: string }> {
  const now = Date.now();
  if (!headCache || now - headCache.at > HEAD_TTL_MS) {
    const value = readHead();
    headCache = { at: now, value };
    value.catch(() => {
      if (headCache?.value === value) headCache = undefined;
    });
  }
  return headCache.value;
}

/** Answers of the current checkpoint by URL (an answer depends only on the URL and the indexed data). */
const ANSWER_CACHE_SIZE = 5_000;
let answerCheckpoint = '';
const answers = new Map<string, { status: number; body: string }>();

// ---------------------------------------------------------------------------------------- covers

type CoverRow = typeof cover.$inferSelect;
type PayoutRow = typeof payout.$inferSelect;

/** Waiting period (seconds) of each product, as the contract applies it: the product's current one. */
type WaitingPeriods = Map<bigint, number>;

/** The products' waiting periods of the current checkpoint (read once per checkpoint: products are few). */
let waitingCache: { checkpoint: string; value: Promise<WaitingPeriods> } | undefined;
function waitingPeriods(checkpoint: string): Promise<WaitingPeriods> {
  if (!waitingCache || waitingCache.checkpoint !== checkpoint) {
    const value = db.select({ id: product.id, waitingPeriod: product.waitingPeriod }).from(product)
      .then((rows) => new Map(rows.map((r) => [r.id, r.waitingPeriod])));
    waitingCache = { checkpoint, value };
    value.catch(() => {
      if (waitingCache?.value === value) waitingCache = undefined;
    });
  }
  return waitingCache.value;
}

const waitingEnds = (row: CoverRow, waiting: WaitingPeriods) => row.start + (waiting.get(row.productId) ?? 0);

/** The SDK's precedence (`describeCover`), with `exhausted` for its `paid`. */
function coverStatus(row: CoverRow, now: number, waiting: WaitingPeriods): Api.CoverStatus {
  if (row.cancelled) return 'cancelled';
  if (row.claimOpen) return 'claim-open';
  if (row.paid >= row.amount) return 'exhausted';
  if (row.end <= now) return 'expired';
  return waitingEnds(row, waiting) > now ? 'waiting' : 'active';
}

const COVER_STATUSES = ['active', 'expired', 'cancelled', 'exhausted', 'waiting', 'claim-open'] as const;

/** Not cancelled, not exhausted, end > now: the covers `Totals.activeCovers` and products count (any status but the final ones). */
const inForceWhere = (now: number) => and(eq(cover.cancelled, false), lt(cover.paid, cover.amount), gt(cover.end, now));

function coverStatusWhere(status: Api.CoverStatus, now: number, waiting: WaitingPeriods): SQL | undefined {
  const live = and(eq(cover.cancelled, false), eq(cover.claimOpen, false), lt(cover.paid, cover.amount));
  // start + waitingPeriod(product) > now, spelled per product (a handful) so it uses no join.
  const inWaiting = or(sql`false`, ...[...waiting].filter(([, w]) => w > 0).map(([id, w]) => and(eq(cover.productId, id), gt(cover.start, now - w))))!;
  switch (status) {
    case 'cancelled': return eq(cover.cancelled, true);
    case 'claim-open': return and(eq(cover.cancelled, false), eq(cover.claimOpen, true));
    case 'exhausted': return and(eq(cover.cancelled, false), eq(cover.claimOpen, false), gte(cover.paid, cover.amount));
    case 'expired': return and(live, lte(cover.end, now));
    case 'waiting': return and(live, gt(cover.end, now), inWaiting);
    case 'active': return and(live, gt(cover.end, now), not(inWaiting));
  }
}

function toPayout(row: PayoutRow): Api.CoverPayout {
  return {
    amount: row.amount.toString(), kind: row.kind as Api.PayoutKind, route: row.route,
    caseId: row.caseId === null ? null : row.caseId.toString(), eventId: row.eventKey, owner: row.owner,
    incidentTime: row.incidentTime, timestamp: row.timestamp, blockNumber: Number(row.blockNumber), txHash: row.txHash,
  };
}

function toCover(row: CoverRow, payouts: PayoutRow[], now: number, waiting: WaitingPeriods): Api.Cover {
  return {
    id: row.id.toString(), productId: row.productId.toString(), owner: row.owner, buyer: row.buyer, riskKey: row.riskKey,
    amount: row.amount.toString(), remaining: (row.amount - row.paid).toString(), start: row.start, end: row.end,
    waitingEnds: waitingEnds(row, waiting), premium: row.premium.toString(), status: coverStatus(row, now, waiting), paid: row.paid.toString(),
    refund: row.refund === null ? null : row.refund.toString(), cancelledAt: row.cancelledAt,
    createdAt: row.createdAt, blockNumber: Number(row.blockNumber), txHash: row.txHash,
    payouts: payouts.filter((p) => p.coverId === row.id).map(toPayout),
  };
}

async function payoutsOf(rows: CoverRow[]): Promise<PayoutRow[]> {
  // Only covers with a payout have payout rows: most pages need no second query.
  const coverIds = rows.filter((r) => r.paid > 0n).map((r) => r.id);
  if (coverIds.length === 0) return [];
  return db.select().from(payout).where(inArray(payout.coverId, coverIds)).orderBy(asc(payout.blockNumber), asc(payout.logIndex));
}

// ----------------------------------------------------------------------------------------- cases

type CaseRow = typeof claimCase.$inferSelect;
type StepRow = typeof caseStep.$inferSelect;
const CASE_STATUSES = ['voting', 'accepted', 'escalated', 'rejected', 'overturned', 'paid', 'payable', 'closed'] as const;
const OPEN_CASE_STATUSES = ['voting', 'accepted', 'escalated', 'payable'];

function toCase(row: CaseRow, steps: StepRow[]): Api.Case {
  return {
    id: row.id.toString(), kind: row.kind as Api.CaseKind, productId: row.productId.toString(),
    coverId: row.coverId === null ? null : row.coverId.toString(), filer: row.filer,
    amount: row.amount === null ? null : row.amount.toString(), payoutWad: row.payoutWad === null ? null : row.payoutWad.toString(),
    incidentTime: row.incidentTime, deposit: row.deposit.toString(), evidenceUri: row.evidenceUri,
    status: row.status as Api.CaseStatus, createdAt: row.createdAt, voteEnd: row.voteEnd, challengeEnd: row.challengeEnd,
    payoutWindowEnd: row.payoutWindowEnd, votesFor: row.votesFor.toString(), votesAgainst: row.votesAgainst.toString(),
    voteCount: row.voteCount, quorum: row.quorum === null ? null : row.quorum.toString(), paid: row.paid.toString(),
    coversPaid: row.coversPaid,
    timeline: steps.filter((s) => s.caseId === row.id).map((s) => ({
      step: s.step as Api.CaseStep, status: s.status as Api.CaseStatus, timestamp: s.timestamp,
      blockNumber: Number(s.blockNumber), txHash: s.txHash,
    })),
  };
}

async function stepsOf(caseIds: bigint[]): Promise<StepRow[]> {
  if (caseIds.length === 0) return [];
  return db.select().from(caseStep).where(inArray(caseStep.caseId, caseIds)).orderBy(asc(caseStep.blockNumber), asc(caseStep.logIndex));
}

// ------------------------------------------------------------------------------------- proposals

type ProposalRow = typeof proposal.$inferSelect;
type ProposalStepRow = typeof proposalStep.$inferSelect;

function proposalStatus(p: ProposalRow, now: number): Api.ProposalStatus {
  if (p.canceled) return 'canceled';
  if (p.executed) return 'executed';
  if (p.queued) return 'queued';
  if (BigInt(now) < p.voteStart) return 'pending';
  if (BigInt(now) <= p.voteEnd) return 'active';
  return p.votesFor > p.votesAgainst && p.votesFor + p.votesAbstain >= p.quorum ? 'succeeded' : 'defeated';
}

function toProposal(p: ProposalRow, steps: ProposalStepRow[], now: number): Api.Proposal {
  return {
    id: p.id.toString(), proposer: p.proposer, description: p.description, targets: p.targets as Api.Address[],
    values: p.values, calldatas: p.calldatas as Api.Hex[], signatures: p.signatures,
    voteStart: Number(p.voteStart), voteEnd: Number(p.voteEnd), status: proposalStatus(p, now),
    eta: p.eta === null ? null : Number(p.eta), votesFor: p.votesFor.toString(), votesAgainst: p.votesAgainst.toString(),
    votesAbstain: p.votesAbstain.toString(), voteCount: p.voteCount, quorum: p.quorum.toString(), createdAt: p.createdAt,
    blockNumber: Number(p.blockNumber), txHash: p.txHash,
    timeline: steps.filter((s) => s.proposalId === p.id).map((s) => ({
      step: s.step as Api.ProposalStep, timestamp: s.timestamp, blockNumber: Number(s.blockNumber), txHash: s.txHash,
    })),
  };
}

async function proposalStepsOf(ids: bigint[]): Promise<ProposalStepRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(proposalStep).where(inArray(proposalStep.proposalId, ids)).orderBy(asc(proposalStep.blockNumber), asc(proposalStep.logIndex));
}

// -------------------------------------------------------------------------------- trigger events

type TriggerEventRow = typeof triggerEvent.$inferSelect;
type TriggerPayoutRow = typeof triggerPayout.$inferSelect;
type ReportRow = typeof triggerReport.$inferSelect;

/** Payouts a trigger event carries inline; the rest are paged by `/trigger-events/:id/payouts`. */
const TRIGGER_PAYOUTS_INLINE = 20;

const toTriggerPayout = (p: TriggerPayoutRow): Api.TriggerPayout => ({
  coverId: p.coverId.toString(), owner: p.owner, amount: p.amount.toString(),
  timestamp: p.timestamp, blockNumber: Number(p.blockNumber), txHash: p.txHash,
});

async function toTriggerEvents(rows: TriggerEventRow[]): Promise<Api.TriggerEvent[]> {
  if (rows.length === 0) return [];
  const keys = rows.map((r) => r.id);
  const firstPayouts = (key: string) => db.select().from(triggerPayout).where(eq(triggerPayout.eventKey, key))
    .orderBy(asc(triggerPayout.blockNumber), asc(triggerPayout.logIndex)).limit(TRIGGER_PAYOUTS_INLINE);
  const [payoutLists, counts, links] = await Promise.all([
    Promise.all(keys.map(firstPayouts)),
    db.select({ key: triggerPayout.eventKey, n: count() }).from(triggerPayout).where(inArray(triggerPayout.eventKey, keys)).groupBy(triggerPayout.eventKey),
    db.select().from(eventReport).where(inArray(eventReport.id, keys)),
  ]);
  const payouts = payoutLists.flat();
  const reportIds = links.map((l) => `${l.id.split(':')[0]}:${l.reportId}`);
  const reports: ReportRow[] = reportIds.length ? await db.select().from(triggerReport).where(inArray(triggerReport.id, reportIds)) : [];
  return rows.map((r) => {
    const report = reports.find((x) => x.eventKey === r.id);
    return {
      id: r.id, trigger: r.trigger, triggerKind: r.triggerKind as Api.TriggerKind, eventId: r.eventId.toString(),
      productId: r.productId.toString(), riskKey: r.riskKey, incidentTime: r.incidentTime, payoutWad: r.payoutWad.toString(),
      provenAt: r.provenAt, blockNumber: Number(r.blockNumber), txHash: r.txHash, closedAt: r.closedAt,
      report: report
        ? { reportId: report.reportId.toString(), observedValue: report.observedValue.toString(), tier: report.tier, submittedAt: report.submittedAt }
        : null,
      totalPaid: r.totalPaid.toString(), coversPaid: r.coversPaid,
      payoutCount: counts.find((x) => x.key === r.id)?.n ?? 0,
      payouts: payouts.filter((p: TriggerPayoutRow) => p.eventKey === r.id).map(toTriggerPayout),
    };
  });
}

// ------------------------------------------------------------------------------------------ pools

type PointRow = typeof poolPoint.$inferSelect;

function toPoint(p: PointRow): Api.PoolPoint {
  return {
    blockNumber: Number(p.blockNumber), timestamp: p.timestamp, capital: p.capital.toString(), activeCover: p.activeCover.toString(),
    utilizationWad: p.utilizationWad.toString(), sharePriceWad: p.sharePriceWad.toString(), premiumsEarned: p.premiumsEarned.toString(),
    totalSupply: p.totalSupply.toString(), claimsPaid: p.claimsPaid.toString(), premiumsWritten: p.premiumsWritten.toString(),
  };
}

async function latestPoint(address: Api.Address): Promise<PointRow | undefined> {
  const [row] = await db.select().from(poolPoint).where(eq(poolPoint.pool, address)).orderBy(desc(poolPoint.blockNumber)).limit(1);
  return row;
}

async function poolState(address: Api.Address, now: number): Promise<Api.Pool | undefined> {
  const [row] = await db.select().from(pool).where(eq(pool.address, address));
  const last = await latestPoint(address);
  if (!row || !last) return undefined;
  const [[start], [first], [pending]] = await Promise.all([
    db.select().from(poolPoint).where(and(eq(poolPoint.pool, address), lte(poolPoint.timestamp, now - APY_WINDOW))).orderBy(desc(poolPoint.timestamp), desc(poolPoint.blockNumber)).limit(1),
    db.select().from(poolPoint).where(eq(poolPoint.pool, address)).orderBy(asc(poolPoint.blockNumber)).limit(1),
    db.select({ shares: sql<string | null>`sum(${withdrawalRequest.shares})` }).from(withdrawalRequest).where(gt(withdrawalRequest.expiresAt, now)),
  ]);
  const from = start ?? first!;
  const window = Math.min(APY_WINDOW, now - from.timestamp);
  const apy = last.capital === 0n || window <= 0 ? null : (Number(last.premiumsEarned - from.premiumsEarned) / Number(last.capital)) * (YEAR / window);
  return {
    address, manager: row.manager, asset: row.asset, shareDecimals: row.shareDecimals, ...toPoint(last),
    requiredCapital: last.requiredCapital.toString(), leverageWad: last.leverageWad.toString(),
    pendingWithdrawalShares: BigInt(pending?.shares ?? '0').toString(), apyWindowSeconds: APY_WINDOW, apy,
  };
}

// ------------------------------------------------------------------------------------------- app

const app = new Hono();

app.use('/sql/*', client({ db, schema }));
app.use('/graphql', graphql({ db, schema }));

const api = new Hono();

// Serve repeated GETs of the same checkpoint from memory; the cache empties when the checkpoint moves.
api.use('*', async (c, next) => {
  if (c.req.method !== 'GET') return next();
  const { checkpoint } = await head();
  if (checkpoint !== answerCheckpoint) {
    answers.clear();
    answerCheckpoint = checkpoint;
  }
  const key = c.req.url;
  const hit = answers.get(key);
  if (hit) return c.body(hit.body, hit.status as 200, { 'content-type': 'application/json' });
  await next();
  if (c.res.status === 200 || c.res.status === 404 || c.res.status === 400) {
    const body = await c.res.clone().text();
    if (answers.size >= ANSWER_CACHE_SIZE) answers.clear();
    if (checkpoint === answerCheckpoint) answers.set(key, { status: c.res.status, body });
  }
});

api.get('/totals', async (c) => {
  const now = await head();
  const address = lower(deployment.contracts.CoverPool);
  // Two statements (PGlite answers one at a time): the last point, and the pool row with the counts.
  // Covers sold is the sum of the products' counters (a handful of rows), not a count of every cover.
  const [last, [row]] = await Promise.all([
    latestPoint(address),
    db.select({
      premiumsWritten: pool.premiumsWritten,
      claimsPaid: pool.claimsPaid,
      sold: sql<string>`(select coalesce(sum(${product.coversSold}), 0) from ${product})`,
      active: sql<string>`(select count(*) from ${cover} where ${inForceWhere(now.timestamp)})`,
      open: sql<string>`(select count(*) from ${claimCase} where ${inArray(claimCase.status, OPEN_CASE_STATUSES)})`,
    }).from(pool).where(eq(pool.address, address)),
  ]);
  const capital = last?.capital ?? 0n;
  const required = last?.requiredCapital ?? 0n;
  const body: Api.Totals = {
    blockNumber: now.blockNumber, timestamp: now.timestamp, chainId: deployment.chainId,
    asset: { address: lower(deployment.asset.address), symbol: deployment.asset.symbol, decimals: deployment.asset.decimals },
    pool: address, capital: capital.toString(), activeCover: (last?.activeCover ?? 0n).toString(), requiredCapital: required.toString(),
    utilizationWad: (last?.utilizationWad ?? 0n).toString(),
    solvencyRatio: required === 0n ? null : Number((capital * WAD) / required) / 1e18,
    premiumsWritten: (row?.premiumsWritten ?? 0n).toString(), premiumsEarned: (last?.premiumsEarned ?? 0n).toString(),
    claimsPaid: (row?.claimsPaid ?? 0n).toString(), coversSold: Number(row?.sold ?? 0), activeCovers: Number(row?.active ?? 0), openCases: Number(row?.open ?? 0),
  };
  return c.json(body);
});

api.get('/products', async (c) => {
  const now = await head();
  const [rows, active] = await Promise.all([
    db.select().from(product).orderBy(asc(product.id)),
    db.select({ productId: cover.productId, n: count(), amount: sql<string>`sum(${cover.amount} - ${cover.paid})` })
      .from(cover).where(inForceWhere(now.timestamp)).groupBy(cover.productId),
  ]);
  const body: Api.ProductsResponse = {
    items: rows.map((p) => {
      const a = active.find((x) => x.productId === p.id);
      return {
        id: p.id.toString(), key: p.key, name: p.name, kind: p.kind, status: p.status as Api.ProductStatus,
        salesPausedUntil: p.salesPausedUntil, payoutsPausedUntil: p.payoutsPausedUntil, openIncidents: p.openIncidents, claimRoute: p.claimRoute, claimRouteKind: p.claimRouteKind as Api.ClaimRouteKind,
        params: {
          baseRateWad: p.baseRateWad.toString(), capWad: p.capWad.toString(), maxCoverAmount: p.maxCoverAmount.toString(),
          minPeriod: p.minPeriod, maxPeriod: p.maxPeriod, waitingPeriod: p.waitingPeriod, claimGracePeriod: p.claimGracePeriod,
          payoutRule: p.payoutRule as Api.PayoutRule, termsUri: p.termsUri,
        },
        listedAt: p.listedAt, activeCover: BigInt(a?.amount ?? '0').toString(), activeCovers: a?.n ?? 0,
        coversSold: p.coversSold, premiumsWritten: p.premiumsWritten.toString(), claimsPaid: p.claimsPaid.toString(),
      };
    }),
  };
  return c.json(body);
});

api.get('/covers', async (c) => {
  const owner = addressParam(c, 'owner');
  const productId = uintParam(c, 'productId');
  const status = enumParam(c, 'status', COVER_STATUSES);
  const limit = limitParam(c);
  const cursor = cursorParam(c, 1);
  const now = await head();
  const waiting = await waitingPeriods(now.checkpoint);
  const rows = await db.select().from(cover).where(and(
    owner === undefined ? undefined : eq(cover.owner, owner),
    productId === undefined ? undefined : eq(cover.productId, productId),
    status === undefined ? undefined : coverStatusWhere(status, now.timestamp, waiting),
    cursor === undefined ? undefined : lt(cover.id, cursor[0]!),
  )).orderBy(desc(cover.id)).limit(limit + 1);
  const payouts = await payoutsOf(rows.slice(0, limit));
  const body: Api.Page<Api.Cover> = page(rows, limit, (r) => [r.id], (r) => toCover(r, payouts, now.timestamp, waiting));
  return c.json(body);
});

api.get('/covers/:id', async (c) => {
  const id = idParam(c);
  const now = await head();
  const [row] = await db.select().from(cover).where(eq(cover.id, id));
  if (!row) throw notFound(`no cover ${id}`);
  const body: Api.Cover = toCover(row, await payoutsOf([row]), now.timestamp, await waitingPeriods(now.checkpoint));
  return c.json(body);
});

api.get('/cases', async (c) => {
  const kind = enumParam(c, 'kind', ['claim', 'incident'] as const);
  const status = enumParam(c, 'status', CASE_STATUSES);
  const coverId = uintParam(c, 'coverId');
  const owner = addressParam(c, 'owner');
  const limit = limitParam(c);
  const cursor = cursorParam(c, 1);
  const rows = await db.select().from(claimCase).where(and(
    kind === undefined ? undefined : eq(claimCase.kind, kind),
    status === undefined ? undefined : eq(claimCase.status, status),
    coverId === undefined ? undefined : eq(claimCase.coverId, coverId),
    owner === undefined ? undefined : eq(claimCase.filer, owner),
    cursor === undefined ? undefined : lt(claimCase.id, cursor[0]!),
  )).orderBy(desc(claimCase.id)).limit(limit + 1);
  const steps = await stepsOf(rows.slice(0, limit).map((r) => r.id));
  const body: Api.Page<Api.Case> = page(rows, limit, (r) => [r.id], (r) => toCase(r, steps));
  return c.json(body);
});

api.get('/cases/:id', async (c) => {
  const id = idParam(c);
  const [row] = await db.select().from(claimCase).where(eq(claimCase.id, id));
  if (!row) throw notFound(`no case ${id}`);
  const [steps, votes] = await Promise.all([
    stepsOf([id]),
    db.select().from(caseVote).where(eq(caseVote.caseId, id)).orderBy(asc(caseVote.blockNumber), asc(caseVote.logIndex)),
  ]);
  const body: Api.CaseDetail = {
    ...toCase(row, steps),
    votes: votes.map((v) => ({
      voter: v.voter, support: v.support, weight: v.weight.toString(), reward: v.reward === null ? null : v.reward.toString(), timestamp: v.timestamp, blockNumber: Number(v.blockNumber), txHash: v.txHash,
    })),
  };
  return c.json(body);
});

api.get('/pools', async (c) => {
  const now = await head();
  const rows = await db.select({ address: pool.address }).from(pool).orderBy(asc(pool.address));
  const items = (await Promise.all(rows.map((r) => poolState(r.address, now.timestamp)))).filter((p): p is Api.Pool => p !== undefined);
  const body: Api.PoolsResponse = { items };
  return c.json(body);
});

api.get('/pools/:address/history', async (c) => {
  const raw = c.req.param('address');
  if (!isAddress(raw, { strict: false })) throw bad(`address must be a 0x address, got "${raw}"`);
  const address = lower(raw);
  const from = uintParam(c, 'from');
  const to = uintParam(c, 'to');
  if (from !== undefined && to !== undefined && from > to) throw bad(`from (${from}) must not be after to (${to})`);
  const limit = limitParam(c, 1000, 100);
  const cursor = cursorParam(c, 1);
  const [known] = await db.select({ address: pool.address }).from(pool).where(eq(pool.address, address));
  if (!known) throw notFound(`no pool ${address}`);
  const rows = await db.select().from(poolPoint).where(and(
    eq(poolPoint.pool, address),
    from === undefined ? undefined : gte(poolPoint.timestamp, Number(from)),
    to === undefined ? undefined : lte(poolPoint.timestamp, Number(to)),
    cursor === undefined ? undefined : gt(poolPoint.blockNumber, cursor[0]!),
  )).orderBy(asc(poolPoint.blockNumber)).limit(limit + 1);
  const body: Api.PoolHistoryResponse = page(rows, limit, (r) => [r.blockNumber], toPoint);
  return c.json(body);
});

api.get('/proposals', async (c) => {
  const limit = limitParam(c);
  const cursor = cursorParam(c, 2);
  const now = await head();
  const rows = await db.select().from(proposal).where(
    cursor === undefined ? undefined : or(lt(proposal.blockNumber, cursor[0]!), and(eq(proposal.blockNumber, cursor[0]!), lt(proposal.id, cursor[1]!))),
  ).orderBy(desc(proposal.blockNumber), desc(proposal.id)).limit(limit + 1);
  const steps = await proposalStepsOf(rows.slice(0, limit).map((r) => r.id));
  const body: Api.Page<Api.Proposal> = page(rows, limit, (r) => [r.blockNumber, r.id], (r) => toProposal(r, steps, now.timestamp));
  return c.json(body);
});

api.get('/proposals/:id', async (c) => {
  const id = idParam(c);
  const now = await head();
  const [row] = await db.select().from(proposal).where(eq(proposal.id, id));
  if (!row) throw notFound(`no proposal ${id}`);
  const [steps, votes] = await Promise.all([
    proposalStepsOf([id]),
    db.select().from(proposalVote).where(eq(proposalVote.proposalId, id)).orderBy(asc(proposalVote.blockNumber), asc(proposalVote.logIndex)),
  ]);
  const SUPPORT: Api.VoteSupport[] = ['against', 'for', 'abstain'];
  const body: Api.ProposalDetail = {
    ...toProposal(row, steps, now.timestamp),
    votes: votes.map((v) => ({
      voter: v.voter, support: SUPPORT[v.support] ?? 'abstain', weight: v.weight.toString(), reason: v.reason,
      timestamp: v.timestamp, blockNumber: Number(v.blockNumber), txHash: v.txHash,
    })),
  };
  return c.json(body);
});

api.get('/trigger-events', async (c) => {
  const productId = uintParam(c, 'productId');
  const trigger = addressParam(c, 'trigger');
  const limit = limitParam(c);
  const cursor = cursorParam(c, 2);
  const rows = await db.select().from(triggerEvent).where(and(
    productId === undefined ? undefined : eq(triggerEvent.productId, productId),
    trigger === undefined ? undefined : eq(triggerEvent.trigger, trigger),
    cursor === undefined
      ? undefined
      : or(lt(triggerEvent.blockNumber, cursor[0]!), and(eq(triggerEvent.blockNumber, cursor[0]!), lt(triggerEvent.logIndex, Number(cursor[1]!)))),
  )).orderBy(desc(triggerEvent.blockNumber), desc(triggerEvent.logIndex)).limit(limit + 1);
  const events = await toTriggerEvents(rows.slice(0, limit));
  const more = rows.length > limit;
  const last = rows[limit - 1];
  const body: Api.Page<Api.TriggerEvent> = { items: events, nextCursor: more && last ? makeCursor([last.blockNumber, last.logIndex]) : null };
  return c.json(body);
});

function triggerEventId(c: HonoContext): string {
  const id = (c.req.param('id') ?? '').toLowerCase();
  if (!/^0x[0-9a-f]{40}:\d{1,78}$/.test(id)) throw bad(`id must be <trigger address>:<eventId>, got "${c.req.param('id')}"`);
  return id;
}

api.get('/trigger-events/:id/payouts', async (c) => {
  const id = triggerEventId(c);
  const limit = limitParam(c);
  const cursor = cursorParam(c, 2);
  const [known] = await db.select({ id: triggerEvent.id }).from(triggerEvent).where(eq(triggerEvent.id, id));
  if (!known) throw notFound(`no trigger event ${id}`);
  const rows = await db.select().from(triggerPayout).where(and(
    eq(triggerPayout.eventKey, id),
    cursor === undefined
      ? undefined
      : or(gt(triggerPayout.blockNumber, cursor[0]!), and(eq(triggerPayout.blockNumber, cursor[0]!), gt(triggerPayout.logIndex, Number(cursor[1]!)))),
  )).orderBy(asc(triggerPayout.blockNumber), asc(triggerPayout.logIndex)).limit(limit + 1);
  const body: Api.TriggerPayoutsResponse = page(rows, limit, (r) => [r.blockNumber, r.logIndex], toTriggerPayout);
  return c.json(body);
});

api.get('/trigger-events/:id', async (c) => {
  const id = triggerEventId(c);
  const rows = await db.select().from(triggerEvent).where(eq(triggerEvent.id, id));
  const [event] = await toTriggerEvents(rows);
  if (!event) throw notFound(`no trigger event ${id}`);
  return c.json(event);
});

const CONFIG_CONTRACTS = ['CoverManager', 'CoverPool', 'ClaimsManager', 'BulwarkGovernor', 'ChainlinkDepegTrigger', 'SignedReportTrigger'] as const;

/** Event arguments as stored (bigints already decimal strings), with addresses lowercased. */
const lowerAddresses = (value: unknown): unknown => {
  if (typeof value === 'string') return /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(lowerAddresses);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lowerAddresses(v)]));
  return value;
};

api.get('/config-changes', async (c) => {
  const raw = param(c, 'contract');
  let contract: { name?: string; address?: Api.Address } = {};
  if (raw !== undefined) {
    if (isAddress(raw, { strict: false })) contract = { address: lower(raw) };
    else if ((CONFIG_CONTRACTS as readonly string[]).includes(raw)) contract = { name: raw };
    else throw bad(`contract must be a 0x address or one of ${CONFIG_CONTRACTS.join(', ')}, got "${raw}"`);
  }
  const limit = limitParam(c);
  const cursor = cursorParam(c, 2);
  const rows = await db.select().from(configChange).where(and(
    contract.name === undefined ? undefined : eq(configChange.contract, contract.name),
    contract.address === undefined ? undefined : eq(configChange.address, contract.address),
    cursor === undefined
      ? undefined
      : or(lt(configChange.blockNumber, cursor[0]!), and(eq(configChange.blockNumber, cursor[0]!), lt(configChange.logIndex, Number(cursor[1]!)))),
  )).orderBy(desc(configChange.blockNumber), desc(configChange.logIndex)).limit(limit + 1);
  const body: Api.Page<Api.ConfigChange> = page(rows, limit, (r) => [r.blockNumber, r.logIndex], (r) => ({
    id: r.id, contract: r.contract as Api.ConfigContract, address: r.address, event: r.event,
    args: lowerAddresses(r.args) as Record<string, unknown>, from: r.from,
    timestamp: r.timestamp, blockNumber: Number(r.blockNumber), txHash: r.txHash, logIndex: r.logIndex,
  }));
  return c.json(body);
});

// Mounted with `app.route`, a sub-app's notFound handler is not consulted: answer unknown paths here.
api.all('*', (c) => c.json({ error: { code: 'not_found', message: `no endpoint ${c.req.method} ${c.req.path}` } } satisfies Api.ApiError, 404));
api.onError((error, c) => {
  if (error instanceof HttpError) return c.json({ error: { code: error.code, message: error.message } } satisfies Api.ApiError, error.status);
  process.stderr.write(`bulwark api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return c.json({ error: { code: 'internal', message: 'internal error' } } satisfies Api.ApiError, 500);
});

app.route('/api', api);

export default app;
