import {
  BulwarkContractError, BulwarkError, TransactionRevertedError, UnknownRevertError, chainlinkDepegTriggerAbi, finalizeReport, findDepegProof,
  getCases, getIncidentCovers, getPendingReports, getTriggerEvents, getTriggerOwedCovers, payClaim, payIncident, payTriggerCovers, proveDepeg,
  resolveCase, settleIncident, aggregatorAbi, triggerAbi, type BulwarkClient, type TriggerName, type WriteProgress,
} from '@bulwark/sdk';
import { getAddress, type Address, type Hash } from 'viem';

import { keeperTasks, type KeeperTask } from './config.js';
import { silentLogger, type Logger } from './log.js';
import { keeperMetrics, type KeeperMetrics } from './metrics.js';
import { isRetryable, sleep, withRetry, type RetryOptions } from './retry.js';
import type { KeeperStore, PayoutRow, ReconcileVerdict } from './store.js';

/**
 * The payout keeper: one `tick()` does, for the deployment, everything that makes covers pay out with
 * nobody calling anything by hand. Every action it takes is permissionless, so its key needs gas only.
 *
 * 1. de-peg: for each product routed to ChainlinkDepegTrigger, `findDepegProof` from a per-product
 *    round cursor (cursor `depeg:<productId>`: the earliest round a future proof can start at) and
 *    `proveDepeg` when a proof is found;
 * 2. reports: `finalizeReport` every pending signed report whose dispute window has passed;
 * 3. payouts: every trigger event after the trigger's cursor (`events:<trigger>`) has its owed covers
 *    enqueued in the store; then every pending cover is paid in batches (`batchSize`) with the store's
 *    exactly-once protocol: the batch is marked `sent` with its hash the moment the SDK reports the
 *    hash (`onProgress` stage `sent`, before the receipt is awaited), `confirmed` after the receipt;
 *    `sent` rows left by a crash or an RPC failure are reconciled with the trigger's `isPaid` (and the
 *    transaction's receipt) before any new batch;
 * 4. claims: resolve cases whose vote ended, pay accepted claims whose challenge period ended, settle
 *    accepted incidents, pay payable incidents to their unpaid covers in batches (the ClaimsManager
 *    skips covers already paid, so a repeated batch costs gas, never money).
 *
 * Reads and writes are retried on retryable errors (RPC failures) with backoff; a revert is never
 * retried, it is logged (e.g. `NotFirstCompletingRound`, a proof raced by someone else). A write is
 * retried only if it failed before its transaction was sent. Each step fails on its own: one broken
 * step does not stop the others, but a tick with a failed step does not count as successful (the
 * HTTP /health goes 503 once no tick has succeeded for `maxTickAgeSeconds`). Times are compared with
 * the chain's clock (the latest block), not the machine's.
 */

export interface KeeperOptions {
  /** A client with a wallet (the keeper's key) and the deployment. */
  client: BulwarkClient;
  store: KeeperStore;
  logger?: Logger;
  metrics?: KeeperMetrics;
  /** Covers per payout transaction (default 100). */
  batchSize?: number;
  /** Steps to run (default all). */
  tasks?: readonly KeeperTask[];
  retry?: Omit<RetryOptions, 'label' | 'logger' | 'onRetry' | 'signal' | 'retryable'>;
  /** Called with the chain's latest block time after each successful read of it (the simulated sources follow the chain's clock). */
  onChainTime?: (seconds: number) => void;
}

export interface KeeperTickResult {
  ok: boolean;
  /** Steps that failed, with the error message. */
  failed: Partial<Record<KeeperTask, string>>;
  proven: bigint[];
  finalized: bigint[];
  /** Covers confirmed paid by trigger payouts this tick. */
  paid: number;
  claims: number;
}

const TRIGGERS: readonly TriggerName[] = ['ChainlinkDepegTrigger', 'SignedReportTrigger'];

/** A failure after the transaction was sent: never retried by sending again. */
class SentError extends Error {
  override name = 'SentError';
  constructor(readonly hash: Hash, cause: unknown) {
    super(`transaction ${hash} sent, then: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

const isRevert = (error: unknown): error is BulwarkContractError | UnknownRevertError | TransactionRevertedError =>
  error instanceof BulwarkContractError || error instanceof UnknownRevertError || error instanceof TransactionRevertedError;
const errorName = (error: unknown) => (error instanceof BulwarkContractError ? error.errorName : error instanceof Error ? error.name : 'Error');

export class Keeper {
  readonly #o: KeeperOptions;
  readonly #log: Logger;
  readonly metrics: KeeperMetrics;
  readonly #batchSize: number;
  readonly #tasks: ReadonlySet<KeeperTask>;
  #lastTickAt: number | undefined;
  #lastError: string | undefined;
  #ticks = 0;

  constructor(options: KeeperOptions) {
    this.#o = options;
    this.#log = (options.logger ?? silentLogger).child({ component: 'keeper' });
    this.metrics = options.metrics ?? keeperMetrics();
    this.#batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(this.#batchSize) || this.#batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${this.#batchSize}`);
    this.#tasks = new Set(options.tasks ?? keeperTasks);
    if (!options.client.wallet) throw new RangeError('the keeper needs a client with a wallet (its key)');
  }

  get address(): Address {
    return getAddress(this.#o.client.wallet!.account!.address);
  }

  /** Unix seconds (machine clock) of the last tick in which every step succeeded (for /health). */
  lastTickAt(): number | undefined {
    return this.#lastTickAt;
  }

  lastError(): string | undefined {
    return this.#lastError;
  }

  /** Ticks every `intervalMs` until `signal` aborts. A failing tick is logged, never fatal. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick(signal);
      } catch (error) {
        if (signal.aborted) break;
        this.#log.error('tick failed', { error });
      }
      await sleep(intervalMs, signal).catch(() => {});
    }
  }

  async tick(signal?: AbortSignal): Promise<KeeperTickResult> {
    const result: KeeperTickResult = { ok: true, failed: {}, proven: [], finalized: [], paid: 0, claims: 0 };
    const tick = ++this.#ticks;
    const started = Date.now();
    let now: number | undefined;
    const chainNow = async () => {
      if (now === undefined) {
        const block = await this.#read('latest block', () => this.#o.client.public.getBlock(), signal);
        now = Number(block.timestamp);
        this.#o.onChainTime?.(now);
      }
      return now;
    };
    const steps: [KeeperTask, () => Promise<void>][] = [
      ['depeg', async () => void result.proven.push(...(await this.#depeg(signal)))],
      ['reports', async () => void result.finalized.push(...(await this.#reports(await chainNow(), signal)))],
      ['payouts', async () => void (result.paid += await this.#payouts(signal))],
      ['claims', async () => void (result.claims += await this.#claims(await chainNow(), signal))],
    ];
    for (const [task, step] of steps) {
      if (!this.#tasks.has(task)) continue;
      if (signal?.aborted) break;
      try {
        await step();
      } catch (error) {
        if (signal?.aborted) break;
        result.ok = false;
        result.failed[task] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.metrics.tickFailures.inc(1, { step: task });
        this.#log.error('keeper step failed', { tick, step: task, retryable: isRetryable(error), error });
      }
    }
    if (signal?.aborted) return { ...result, ok: false };
    this.metrics.pendingPayouts.set(this.#o.store.countPayouts('pending') + this.#o.store.countPayouts('sent'));
    if (result.ok) {
      this.#lastTickAt = Math.floor(Date.now() / 1000);
      this.#lastError = undefined;
      this.metrics.lastTick.set(this.#lastTickAt);
    } else this.#lastError = Object.entries(result.failed).map(([k, v]) => `${k}: ${v}`).join('; ');
    const busy = result.proven.length + result.finalized.length + result.paid + result.claims > 0;
    (busy || !result.ok ? this.#log.info : this.#log.debug).call(this.#log, 'tick done', {
      tick, ok: result.ok, ms: Date.now() - started, proven: result.proven, finalized: result.finalized, paid: result.paid, claims: result.claims,
    });
    return result;
  }

  // ------------------------------------------------------------------ helpers

  #retryOptions(label: string, signal?: AbortSignal, retryable: (error: unknown) => boolean = isRetryable): RetryOptions {
    return {
      attempts: 4,
      baseDelayMs: 250,
      maxDelayMs: 5_000,
      ...this.#o.retry,
      label,
      logger: this.#log,
      signal,
      retryable,
      onRetry: ({ error }) => {
        this.metrics.retries.inc(1, { op: label.split(' ')[0] ?? label });
        if (isRetryable(error)) this.metrics.rpcErrors.inc();
      },
    };
  }

  /** A read with retries on RPC failures. */
  async #read<T>(label: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await withRetry(fn, this.#retryOptions(label, signal));
    } catch (error) {
      if (isRetryable(error)) this.metrics.rpcErrors.inc();
      throw error;
    }
  }

  /**
   * A write with retries on RPC failures that happen before the transaction is sent. `fn` gets an
   * `onProgress` to pass to the SDK action; a failure after the `sent` stage is thrown as is, as a
   * `SentError` if it was not a revert (the transaction may still be mined).
   */
  async #write<T>(label: string, fn: (onProgress: (p: WriteProgress) => void) => Promise<T>, signal?: AbortSignal, onSent?: (hash: Hash) => void): Promise<T> {
    try {
      return await withRetry(
        async () => {
          let hash: Hash | undefined;
          try {
            return await fn((p) => {
              if (p.stage === 'sent') {
                hash = p.hash;
                this.#log.info('transaction sent', { op: label, txHash: p.hash });
                onSent?.(p.hash);
              }
            });
          } catch (error) {
            if (hash && !isRevert(error)) throw new SentError(hash, error);
            throw error;
          }
        },
        this.#retryOptions(label, signal, (error) => !(error instanceof SentError) && isRetryable(error)),
      );
    } catch (error) {
      if (isRetryable(error) || (error instanceof SentError && isRetryable(error.cause))) this.metrics.rpcErrors.inc();
      throw error;
    }
  }

  // ------------------------------------------------------------------ 1. de-peg

  async #depeg(signal?: AbortSignal): Promise<bigint[]> {
    const client = this.#o.client;
    const products = client.deployment.products.filter((p) => p.claimRoute === 'ChainlinkDepegTrigger');
    const triggerAddress = client.deployment.contracts.ChainlinkDepegTrigger;
    const proven: bigint[] = [];
    if (!triggerAddress || products.length === 0) return proven;
    const trigger = { address: triggerAddress, abi: chainlinkDepegTriggerAbi } as const;
    for (const product of products) {
      if (signal?.aborted) break;
      const productId = BigInt(product.id);
      const log = this.#log.child({ step: 'depeg', productId: product.id });
      const cursorName = `depeg:${product.id}`;
      const [config, state] = await this.#read(`depeg state ${product.id}`, () =>
        Promise.all([
          client.public.readContract({ ...trigger, functionName: 'configOf', args: [productId] }),
          client.public.readContract({ ...trigger, functionName: 'stateOf', args: [productId] }),
        ]), signal);
      if (state.disarmed) {
        log.debug('trigger disarmed (proven, not recovered yet)');
        continue;
      }
      const stored = this.#o.store.getCursor(cursorName);
      const fromRoundId = stored !== undefined && stored > state.minStartRound ? stored : undefined;
      const proof = await this.#read(`findDepegProof ${product.id}`, () => findDepegProof(client, { productId, fromRoundId }), signal);
      if (!proof) {
        // Next time start at the earliest round a proof can still start at: the start of the run of
        // answers below the threshold that ends at the latest round, else the round after it.
        const next = await this.#read(`depeg cursor ${product.id}`, async () => {
          const feed = { address: config.feed, abi: aggregatorAbi } as const;
          const [latest] = await client.public.readContract({ ...feed, functionName: 'latestRoundData' });
          const floor = fromRoundId ?? state.minStartRound;
          let id = latest;
          while (id > floor && id > 0n) {
            const [, answer] = await client.public.readContract({ ...feed, functionName: 'getRoundData', args: [id] });
            if (answer >= config.threshold) break;
            id--;
          }
          const [, atId] = id > 0n ? await client.public.readContract({ ...feed, functionName: 'getRoundData', args: [id] }) : [0n, 0n];
          return id === latest && atId >= config.threshold ? latest + 1n : id;
        }, signal);
        if (next !== stored) {
          this.#o.store.setCursor(cursorName, next);
          log.debug('no de-peg proof yet', { nextFromRound: next });
        }
        continue;
      }
      log.info('de-peg found; proving', { startRoundId: proof.startRoundId, endRoundId: proof.endRoundId, answer: proof.answer, startedAt: proof.startedAt, provenAt: proof.provenAt });
      try {
        const proved = await this.#write(`proveDepeg ${product.id}`, (onProgress) => proveDepeg(client, { productId, startRoundId: proof.startRoundId, endRoundId: proof.endRoundId, onProgress }), signal);
        this.metrics.actions.inc(1, { action: 'proveDepeg' });
        this.#o.store.setCursor(cursorName, proof.endRoundId + 1n);
        log.info('de-peg proven', { eventId: proved.eventId, txHash: proved.hash, incidentTime: proved.incidentTime, payoutWad: proved.payoutWad });
        proven.push(proved.eventId);
      } catch (error) {
        if (!isRevert(error)) throw error;
        this.metrics.reverts.inc(1, { action: 'proveDepeg', error: errorName(error) });
        log.warn('de-peg proof reverted; not retried', { errorName: errorName(error), error });
      }
    }
    return proven;
  }

  // ------------------------------------------------------------------ 2. reports

  async #reports(now: number, signal?: AbortSignal): Promise<bigint[]> {
    const client = this.#o.client;
    if (!client.deployment.contracts.SignedReportTrigger) return [];
    const pending = await this.#read('getPendingReports', () => getPendingReports(client), signal);
    const finalized: bigint[] = [];
    for (const report of pending) {
      if (signal?.aborted) break;
      const log = this.#log.child({ step: 'reports', reportId: report.reportId, productId: report.productId });
      if (report.finalizableAt > now) {
        log.debug('report in its dispute window', { finalizableAt: report.finalizableAt, now });
        continue;
      }
      try {
        const { eventId, hash } = await this.#write(`finalizeReport ${report.reportId}`, (onProgress) => finalizeReport(client, { reportId: report.reportId, onProgress }), signal);
        this.metrics.actions.inc(1, { action: 'finalizeReport' });
        log.info('report finalized', { eventId, txHash: hash, riskKey: report.riskKey, tier: report.tier });
        finalized.push(eventId);
      } catch (error) {
        if (!isRevert(error)) throw error;
        this.metrics.reverts.inc(1, { action: 'finalizeReport', error: errorName(error) });
        log.warn('finalizeReport reverted; not retried', { errorName: errorName(error), error });
      }
    }
    return finalized;
  }

  // ------------------------------------------------------------------ 3. trigger payouts

  /** Resolves `sent` rows (a crash, an RPC failure after sending) by the trigger's `isPaid` and the receipt. */
  async reconcile(signal?: AbortSignal) {
    const client = this.#o.client;
    const result = await this.#o.store.reconcile(async (row: PayoutRow): Promise<ReconcileVerdict> => {
      const paid = await this.#read('isPaid', () => client.public.readContract({ address: row.trigger, abi: triggerAbi, functionName: 'isPaid', args: [row.eventId, row.coverId] }), signal);
      if (paid) return 'paid';
      if (!row.txHash) return 'unpaid';
      const receipt = await client.public.getTransactionReceipt({ hash: row.txHash }).catch(() => undefined);
      if (receipt) return 'unpaid'; // mined (reverted, or it did not cover this row): send again
      const tx = await client.public.getTransaction({ hash: row.txHash }).catch(() => undefined);
      return tx ? 'unknown' : 'unpaid'; // still in the mempool: wait; unknown to the node: dropped or never broadcast
    });
    if (result.confirmed + result.requeued + result.unresolved + result.errors > 0) this.#log.info('payouts reconciled', { ...result });
    this.metrics.payoutsConfirmed.inc(result.confirmed);
    return result;
  }

  async #payouts(signal?: AbortSignal): Promise<number> {
    const client = this.#o.client;
    const store = this.#o.store;
    if (store.countPayouts('sent') > 0) {
      const r = await this.reconcile(signal);
      if (r.errors > 0) throw new BulwarkError(`could not reconcile ${r.errors} sent payout(s)`, { retryable: true });
    }
    let paid = 0;
    for (const name of TRIGGERS) {
      const address = client.deployment.contracts[name];
      if (!address) continue;
      const trigger = getAddress(address);
      const cursorName = `events:${name}`;
      const after = store.getCursor(cursorName) ?? 0n;
      const events = await this.#read(`getTriggerEvents ${name}`, () => getTriggerEvents(client, { trigger: name, afterEventId: after }), signal);
      for (const event of events) {
        if (signal?.aborted) return paid;
        const owed = await this.#read(`getTriggerOwedCovers ${name} ${event.eventId}`, () => getTriggerOwedCovers(client, { trigger: name, eventId: event.eventId }), signal);
        const added = store.enqueuePayouts(trigger, event.eventId, owed);
        store.setCursor(cursorName, event.eventId);
        this.#log.info('trigger event found', { step: 'payouts', trigger: name, eventId: event.eventId, productId: event.productId, riskKey: event.riskKey, owed: owed.length, enqueued: added });
      }
      const pendingEvents = [...new Set(store.listPayouts({ status: 'pending', trigger }).map((r) => r.eventId))];
      for (const eventId of pendingEvents) {
        for (;;) {
          if (signal?.aborted) return paid;
          const n = await this.#payBatch(name, trigger, eventId, signal);
          if (n === 0) break;
          paid += n;
        }
      }
    }
    return paid;
  }

  /** Pays one batch of pending covers of an event; returns how many covers it confirmed (0: none left). */
  async #payBatch(name: TriggerName, trigger: Address, eventId: bigint, signal?: AbortSignal): Promise<number> {
    const store = this.#o.store;
    const log = this.#log.child({ step: 'payouts', trigger: name, eventId });
    let covers: readonly bigint[] = [];
    let sent = false;
    try {
      const result = await this.#write(`payTriggerCovers ${name} ${eventId}`, async (onProgress) => {
        const batch = store.takePayoutBatch(trigger, eventId, this.#batchSize);
        if (!batch) return undefined;
        covers = batch.coverIds;
        let open = true;
        try {
          const r = await payTriggerCovers(this.#o.client, {
            trigger: name, eventId, coverIds: batch.coverIds,
            onProgress: (p) => {
              if (p.stage === 'sent') {
                // Exactly-once rule 2: the hash is committed before the receipt is awaited.
                batch.markSent(p.hash);
                open = false;
                sent = true;
                this.metrics.payoutsSent.inc(batch.coverIds.length);
              }
              onProgress(p);
            },
          });
          return r;
        } finally {
          if (open) batch.release();
        }
      }, signal);
      if (!result) return 0;
      store.markConfirmed(trigger, eventId, covers);
      this.metrics.payoutsConfirmed.inc(covers.length);
      this.metrics.actions.inc(1, { action: 'payTriggerCovers' });
      log.info('payout batch confirmed', { txHash: result.hash, covers: covers.length, paidNow: result.paid.length, total: result.total, gasUsed: result.gasUsed, coverIds: covers });
      return covers.length;
    } catch (error) {
      if (sent && error instanceof TransactionRevertedError) {
        store.markUnsent(trigger, eventId, covers);
        log.error('payout transaction reverted on chain; covers back to pending', { error, coverIds: covers });
      } else if (isRevert(error)) {
        this.metrics.reverts.inc(1, { action: 'payTriggerCovers', error: errorName(error) });
        log.error('payout batch reverted in simulation; covers stay pending', { errorName: errorName(error), error, coverIds: covers });
      }
      throw error;
    }
  }

  // ------------------------------------------------------------------ 4. claims and incidents

  async #claims(now: number, signal?: AbortSignal): Promise<number> {
    const client = this.#o.client;
    const cases = await this.#read('getCases', () => getCases(client, { statuses: ['voting', 'accepted', 'payable'] }), signal);
    let done = 0;
    for (const c of cases) {
      if (signal?.aborted) break;
      const log = this.#log.child({ step: 'claims', caseId: c.caseId, kind: c.kind });
      const attempt = async (action: string, fn: (onProgress: (p: WriteProgress) => void) => Promise<Record<string, unknown>>): Promise<boolean> => {
        try {
          const out = await this.#write(`${action} ${c.caseId}`, fn, signal);
          this.metrics.actions.inc(1, { action });
          log.info(`${action} done`, out);
          done++;
          return true;
        } catch (error) {
          if (!isRevert(error)) throw error;
          this.metrics.reverts.inc(1, { action, error: errorName(error) });
          log.warn(`${action} reverted; not retried`, { errorName: errorName(error), error });
          return false;
        }
      };
      if (c.status === 'voting') {
        if (c.deadline >= now) continue;
        await attempt('resolveCase', async (onProgress) => {
          const r = await resolveCase(client, { caseId: c.caseId, onProgress });
          return { txHash: r.hash, accepted: r.accepted, forVotes: r.forVotes, againstVotes: r.againstVotes, challengeEnd: r.challengeEnd };
        });
      } else if (c.status === 'accepted') {
        if (c.deadline > now) continue;
        if (c.kind === 'claim') {
          await attempt('payClaim', async (onProgress) => {
            const r = await payClaim(client, { caseId: c.caseId, onProgress });
            return { txHash: r.hash, coverId: r.coverId, owner: r.owner, amount: r.amount };
          });
        } else if (await attempt('settleIncident', async (onProgress) => {
          const r = await settleIncident(client, { caseId: c.caseId, onProgress });
          return { txHash: r.hash, windowEnd: r.windowEnd };
        })) {
          await this.#payIncident(c.caseId, log, signal);
        }
      } else if (c.status === 'payable' && c.kind === 'incident') {
        await this.#payIncident(c.caseId, log, signal);
      }
    }
    return done;
  }

  async #payIncident(caseId: bigint, log: Logger, signal?: AbortSignal): Promise<void> {
    const client = this.#o.client;
    const owed = await this.#read(`getIncidentCovers ${caseId}`, () => getIncidentCovers(client, { caseId }), signal);
    for (let i = 0; i < owed.length; i += this.#batchSize) {
      if (signal?.aborted) return;
      const coverIds = owed.slice(i, i + this.#batchSize);
      try {
        const r = await this.#write(`payIncident ${caseId}`, (onProgress) => payIncident(client, { caseId, coverIds, onProgress }), signal);
        this.metrics.actions.inc(1, { action: 'payIncident' });
        log.info('incident batch paid', { txHash: r.hash, covers: coverIds.length, paidNow: r.paid.length, total: r.total });
      } catch (error) {
        if (!isRevert(error)) throw error;
        this.metrics.reverts.inc(1, { action: 'payIncident', error: errorName(error) });
        log.warn('payIncident reverted; not retried', { errorName: errorName(error), error });
        return;
      }
    }
  }
}
