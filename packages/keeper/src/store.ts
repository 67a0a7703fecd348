import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';
import { getAddress, type Address, type Hex } from 'viem';

import { ConflictingReportError } from './errors.js';
import type { Report, ReportSignature, Tier } from './report.js';

/**
 * The keeper's durable state, in one SQLite file (better-sqlite3; WAL, synchronous=FULL so a
 * committed write survives a crash or power loss):
 *
 * - `reports`: every report this node signed, by nonce (unique): signed -> submitted | rejected.
 * - `payouts`: progress per (trigger, eventId, coverId): pending -> sent (tx hash) -> confirmed.
 * - `cursors`: named positions such as the last processed block.
 *
 * Exactly-once payouts across restarts rest on three rules:
 * 1. A cover is handed out only from `pending`, and only to one batch at a time (`takePayoutBatch`
 *    leases it in memory until the batch is marked sent or released).
 * 2. The batch is marked `sent` with its transaction hash (committed, fsync'd) BEFORE the transaction
 *    is broadcast or awaited. A crash after that leaves the row `sent`, never `pending`, so a restart
 *    cannot send it again blindly.
 * 3. On start, before any new batch, `reconcile(check)` resolves every `sent` row by its receipt or
 *    the trigger's `isPaid`: paid -> `confirmed`; unpaid (the transaction was dropped, reverted or
 *    never broadcast) -> back to `pending`; unknown (still in the mempool, RPC down) -> stays `sent`.
 * The trigger itself skips covers already paid, so even a mistake here costs gas, never money.
 */

/** signed: not (successfully) submitted yet; submitted: the trigger took it; rejected: the trigger reverted (kept, never resubmitted). */
export type ReportStatus = 'signed' | 'submitted' | 'rejected';
export type PayoutStatus = 'pending' | 'sent' | 'confirmed';

export interface StoredReport {
  nonce: bigint;
  digest: Hex;
  report: Report;
  signer: Address;
  signature: Hex;
  status: ReportStatus;
  /** Where it came from (the watch id). */
  origin: string;
  txHash: Hex | null;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface PayoutRow {
  trigger: Address;
  eventId: bigint;
  coverId: bigint;
  status: PayoutStatus;
  txHash: Hex | null;
  /** Times the row was marked sent. */
  sends: number;
  updatedAt: number;
}

/** A set of covers handed out for one `payCovers` call; the covers are leased until `markSent` or `release`. */
export interface PayoutBatch {
  readonly trigger: Address;
  readonly eventId: bigint;
  readonly coverIds: readonly bigint[];
  /** Records the batch's transaction hash; call before broadcasting (or at least before awaiting) it. */
  markSent(txHash: Hex): void;
  /** Gives the covers back as pending (nothing was sent). */
  release(): void;
}

export type ReconcileVerdict = 'paid' | 'unpaid' | 'unknown';

export interface ReconcileResult {
  confirmed: number;
  requeued: number;
  unresolved: number;
  errors: number;
}

export interface OpenStoreOptions {
  /** Clock in unix seconds (tests). */
  now?: () => number;
}

interface ReportRecord {
  nonce: string;
  digest: string;
  product_id: string;
  risk_key: string;
  event_time: string;
  observed_value: string;
  tier: number;
  signer: string;
  signature: string;
  status: ReportStatus;
  origin: string;
  tx_hash: string | null;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

interface PayoutRecord {
  trigger: string;
  event_id: string;
  cover_id: string;
  status: PayoutStatus;
  tx_hash: string | null;
  sends: number;
  updated_at: number;
}

const schema = `
CREATE TABLE IF NOT EXISTS reports (
  nonce          TEXT PRIMARY KEY,   -- uint256, decimal
  digest         TEXT NOT NULL,      -- EIP-712 digest signed
  product_id     TEXT NOT NULL,
  risk_key       TEXT NOT NULL,
  event_time     TEXT NOT NULL,
  observed_value TEXT NOT NULL,
  tier           INTEGER NOT NULL,
  signer         TEXT NOT NULL,
  signature      TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('signed', 'submitted', 'rejected')),
  origin         TEXT NOT NULL,
  tx_hash        TEXT,
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS payouts (
  trigger    TEXT NOT NULL,            -- checksummed address
  event_id   TEXT NOT NULL,            -- decimal
  cover_id   TEXT NOT NULL,            -- decimal
  status     TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'confirmed')),
  tx_hash    TEXT,
  sends      INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (trigger, event_id, cover_id),
  CHECK ((status = 'pending') = (tx_hash IS NULL) OR status = 'confirmed')
);
CREATE INDEX IF NOT EXISTS payouts_by_status ON payouts (status, trigger, event_id);
CREATE TABLE IF NOT EXISTS cursors (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export class KeeperStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #now: () => number;
  /** Covers handed out to a batch not yet marked sent: `${trigger}:${eventId}:${coverId}`. */
  readonly #leased = new Set<string>();

  private constructor(path: string, db: Database.Database, now: () => number) {
    this.path = path;
    this.#db = db;
    this.#now = now;
  }

  /** Opens (creating if needed) the store at `path` (`:memory:` for a throwaway one). */
  static open(path: string, options: OpenStoreOptions = {}): KeeperStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(schema);
    return new KeeperStore(path, db, options.now ?? (() => Math.floor(Date.now() / 1000)));
  }

  close(): void {
    this.#db.close();
  }

  // ---------------------------------------------------------------- reports

  /**
   * Records a signed report. Returns `inserted`, or `exists` with the row already stored for this
   * nonce if it is the same report (same digest). Throws `ConflictingReportError` if a different
   * report was already signed under this nonce: a node never signs two reports with one nonce.
   */
  recordReport(entry: { report: Report; digest: Hex; signature: ReportSignature; origin: string }): { outcome: 'inserted' | 'exists'; row: StoredReport } {
    const { report, digest, signature, origin } = entry;
    const now = this.#now();
    const run = this.#db.transaction(() => {
      const existing = this.getReport(report.nonce);
      if (existing) {
        if (existing.digest.toLowerCase() !== digest.toLowerCase()) {
          throw new ConflictingReportError(
            `nonce ${report.nonce} was already signed for another report (digest ${existing.digest}, observed ${existing.report.observedValue}); now ${digest}, observed ${report.observedValue}`,
          );
        }
        return { outcome: 'exists' as const, row: existing };
      }
      this.#db
        .prepare(
          `INSERT INTO reports (nonce, digest, product_id, risk_key, event_time, observed_value, tier, signer, signature, status, origin, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'signed', ?, ?, ?)`,
        )
        .run(
          report.nonce.toString(),
          digest,
          report.productId.toString(),
          report.riskKey,
          report.eventTime.toString(),
          report.observedValue.toString(),
          report.tier,
          signature.signer,
          signature.signature,
          origin,
          now,
          now,
        );
      return { outcome: 'inserted' as const, row: this.getReport(report.nonce)! };
    });
    return run.immediate();
  }

  getReport(nonce: bigint): StoredReport | undefined {
    const row = this.#db.prepare('SELECT * FROM reports WHERE nonce = ?').get(nonce.toString()) as ReportRecord | undefined;
    return row && toStoredReport(row);
  }

  listReports(status?: ReportStatus): StoredReport[] {
    const rows = (
      status ? this.#db.prepare('SELECT * FROM reports WHERE status = ? ORDER BY created_at, nonce').all(status) : this.#db.prepare('SELECT * FROM reports ORDER BY created_at, nonce').all()
    ) as ReportRecord[];
    return rows.map(toStoredReport);
  }

  markReportSubmitted(nonce: bigint, txHash?: Hex): void {
    this.#db
      .prepare(`UPDATE reports SET status = 'submitted', tx_hash = ?, attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE nonce = ?`)
      .run(txHash ?? null, this.#now(), nonce.toString());
  }

  /** Records that the trigger reverted the report (e.g. RiskAlreadyTriggered): it is never submitted again. */
  markReportRejected(nonce: bigint, error: string): void {
    this.#db
      .prepare(`UPDATE reports SET status = 'rejected', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE nonce = ? AND status = 'signed'`)
      .run(error, this.#now(), nonce.toString());
  }

  /** Records a failed submission; the report stays `signed` and is submitted again later. */
  markReportFailed(nonce: bigint, error: string): void {
    this.#db.prepare(`UPDATE reports SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE nonce = ? AND status = 'signed'`).run(error, this.#now(), nonce.toString());
  }

  // ---------------------------------------------------------------- payouts

  /** Adds covers owed for an event as `pending`; covers already known (in any status) are left alone. Returns how many were new. */
  enqueuePayouts(triggerAddress: Address, eventId: bigint, coverIds: readonly bigint[]): number {
    const trigger = getAddress(triggerAddress);
    const insert = this.#db.prepare(`INSERT OR IGNORE INTO payouts (trigger, event_id, cover_id, status, updated_at) VALUES (?, ?, ?, 'pending', ?)`);
    const now = this.#now();
    const run = this.#db.transaction(() => coverIds.reduce((n, id) => n + insert.run(trigger, eventId.toString(), id.toString(), now).changes, 0));
    return run.immediate();
  }

  /**
   * Hands out up to `limit` pending covers of one event, oldest cover id first, skipping covers
   * leased to another open batch. Returns undefined if there are none.
   */
  takePayoutBatch(triggerAddress: Address, eventId: bigint, limit: number): PayoutBatch | undefined {
    const trigger = getAddress(triggerAddress);
    const rows = this.#db
      .prepare(`SELECT cover_id FROM payouts WHERE trigger = ? AND event_id = ? AND status = 'pending' ORDER BY CAST(cover_id AS INTEGER), cover_id`)
      .all(trigger, eventId.toString()) as { cover_id: string }[];
    const coverIds: bigint[] = [];
    for (const { cover_id } of rows) {
      if (coverIds.length >= limit) break;
      const k = leaseKey(trigger, eventId, cover_id);
      if (this.#leased.has(k)) continue;
      this.#leased.add(k);
      coverIds.push(BigInt(cover_id));
    }
    if (coverIds.length === 0) return undefined;
    let open = true;
    const finish = () => {
      if (!open) throw new Error('payout batch already marked sent or released');
      open = false;
      for (const id of coverIds) this.#leased.delete(leaseKey(trigger, eventId, id.toString()));
    };
    return {
      trigger,
      eventId,
      coverIds,
      markSent: (txHash) => {
        const update = this.#db.prepare(
          `UPDATE payouts SET status = 'sent', tx_hash = ?, sends = sends + 1, updated_at = ? WHERE trigger = ? AND event_id = ? AND cover_id = ? AND status = 'pending'`,
        );
        const now = this.#now();
        this.#db.transaction(() => {
          for (const id of coverIds) update.run(txHash, now, trigger, eventId.toString(), id.toString());
        }).immediate();
        finish();
      },
      release: finish,
    };
  }

  /** Marks the covers of a mined, successful transaction `confirmed`. */
  markConfirmed(triggerAddress: Address, eventId: bigint, coverIds: readonly bigint[]): void {
    const trigger = getAddress(triggerAddress);
    const update = this.#db.prepare(`UPDATE payouts SET status = 'confirmed', updated_at = ? WHERE trigger = ? AND event_id = ? AND cover_id = ?`);
    const now = this.#now();
    this.#db.transaction(() => {
      for (const id of coverIds) update.run(now, trigger, eventId.toString(), id.toString());
    }).immediate();
  }

  /** Puts `sent` covers back to `pending` (their transaction reverted or was dropped). */
  markUnsent(triggerAddress: Address, eventId: bigint, coverIds: readonly bigint[]): void {
    const trigger = getAddress(triggerAddress);
    const update = this.#db.prepare(`UPDATE payouts SET status = 'pending', tx_hash = NULL, updated_at = ? WHERE trigger = ? AND event_id = ? AND cover_id = ? AND status = 'sent'`);
    const now = this.#now();
    this.#db.transaction(() => {
      for (const id of coverIds) update.run(now, trigger, eventId.toString(), id.toString());
    }).immediate();
  }

  listPayouts(filter: { status?: PayoutStatus; trigger?: Address; eventId?: bigint } = {}): PayoutRow[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.status) where.push('status = ?'), args.push(filter.status);
    if (filter.trigger) where.push('trigger = ?'), args.push(getAddress(filter.trigger));
    if (filter.eventId !== undefined) where.push('event_id = ?'), args.push(filter.eventId.toString());
    const sql = `SELECT * FROM payouts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY trigger, CAST(event_id AS INTEGER), CAST(cover_id AS INTEGER)`;
    return (this.#db.prepare(sql).all(...args) as PayoutRecord[]).map(toPayoutRow);
  }

  countPayouts(status: PayoutStatus): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM payouts WHERE status = ?').get(status) as { n: number }).n;
  }

  /**
   * Resolves every `sent` row with `check` (look up the receipt of `row.txHash`, else the trigger's
   * `isPaid(eventId, coverId)`): `paid` -> confirmed, `unpaid` -> pending, `unknown` or a throw ->
   * left `sent` for the next reconcile. Call at start, before handing out any batch.
   */
  async reconcile(check: (row: PayoutRow) => Promise<ReconcileVerdict>): Promise<ReconcileResult> {
    const result: ReconcileResult = { confirmed: 0, requeued: 0, unresolved: 0, errors: 0 };
    for (const row of this.listPayouts({ status: 'sent' })) {
      let verdict: ReconcileVerdict;
      try {
        verdict = await check(row);
      } catch {
        result.errors++;
        continue;
      }
      if (verdict === 'paid') {
        this.markConfirmed(row.trigger, row.eventId, [row.coverId]);
        result.confirmed++;
      } else if (verdict === 'unpaid') {
        this.markUnsent(row.trigger, row.eventId, [row.coverId]);
        result.requeued++;
      } else result.unresolved++;
    }
    return result;
  }

  // ---------------------------------------------------------------- cursors

  getCursor(name: string): bigint | undefined {
    const row = this.#db.prepare('SELECT value FROM cursors WHERE name = ?').get(name) as { value: string } | undefined;
    return row ? BigInt(row.value) : undefined;
  }

  setCursor(name: string, value: bigint): void {
    this.#db.prepare('INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value.toString());
  }
}

const leaseKey = (trigger: string, eventId: bigint, coverId: string) => `${trigger}:${eventId}:${coverId}`;

function toStoredReport(r: ReportRecord): StoredReport {
  return {
    nonce: BigInt(r.nonce),
    digest: r.digest as Hex,
    report: {
      productId: BigInt(r.product_id),
      riskKey: r.risk_key as Hex,
      eventTime: BigInt(r.event_time),
      observedValue: BigInt(r.observed_value),
      tier: r.tier as Tier,
      nonce: BigInt(r.nonce),
    },
    signer: r.signer as Address,
    signature: r.signature as Hex,
    status: r.status,
    origin: r.origin,
    txHash: r.tx_hash as Hex | null,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toPayoutRow(r: PayoutRecord): PayoutRow {
  return {
    trigger: r.trigger as Address,
    eventId: BigInt(r.event_id),
    coverId: BigInt(r.cover_id),
    status: r.status,
    txHash: r.tx_hash as Hex | null,
    sends: r.sends,
    updatedAt: r.updated_at,
  };
}
