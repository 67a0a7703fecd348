import { BulwarkContractError, UnknownRevertError } from '@bulwark/sdk';
import type { Hex, LocalAccount } from 'viem';

import { ConflictingReportError, InconsistentObservationError, MalformedResponseError, StaleObservationError } from './errors.js';
import { silentLogger, type Logger } from './log.js';
import { keeperMetrics, type KeeperMetrics } from './metrics.js';
import { hashReport, makeReport, riskKeys, signReport, sortSignatures, type Report, type ReportDomain, type ReportSignature } from './report.js';
import { sleep, withRetry, type RetryOptions } from './retry.js';
import type { FlightQuery, Observation, ObservationSource, QuakeQuery } from './sources/types.js';
import type { KeeperStore, StoredReport } from './store.js';

/**
 * The oracle node loop. Each tick, for every watch: fetch the observation from its source, and if
 * it is final and reaches a tier, sign the report (EIP-712) and hand it to `submit`. Every signed
 * report is recorded in the store under its nonce before it is submitted, so across restarts:
 * - a report already `submitted` is never signed or submitted again;
 * - a report `signed` but not yet submitted (a crash, a failed submission) is submitted again with
 *   the stored signature, not signed anew;
 * - a different report under a nonce already used (the source changed its mind) is refused.
 * A crash between a successful `submit` and the store update can repeat one submission: `submit`
 * must treat "nonce already used" (`NonceUsed`) from the contract as success. A submission the
 * contract reverts (a `BulwarkContractError` or `UnknownRevertError` from the SDK, e.g.
 * `RiskAlreadyTriggered`) marks the report `rejected`: it is kept and never submitted again. Any
 * other failure (RPC down after the retries) leaves it `signed`, to be submitted again next tick.
 */

export type Watch =
  | { id: string; kind: 'flight'; productId: bigint; flight: string; date: string }
  | { id: string; kind: 'quake'; productId: bigint; region: string; lat: number; lon: number; radiusKm: number; from: number };

export interface SubmitResult {
  txHash?: Hex;
}

/** Sends a signed report to the trigger (wired to the SDK later). Signatures are sorted by signer. */
export type SubmitReport = (report: Report, signatures: ReportSignature[]) => Promise<SubmitResult | void>;

export interface OracleNodeOptions {
  account: LocalAccount;
  domain: ReportDomain;
  store: KeeperStore;
  watches: readonly Watch[];
  sources: { flight?: ObservationSource<FlightQuery>; quake?: ObservationSource<QuakeQuery> };
  submit: SubmitReport;
  logger?: Logger;
  metrics?: KeeperMetrics;
  /** Retry policy for `submit` (default: 5 attempts). */
  retry?: Omit<RetryOptions, 'label' | 'logger' | 'onRetry' | 'signal'>;
  now?: () => number;
}

export type WatchOutcome =
  | 'no-event'
  | 'not-final'
  | 'signed-and-submitted'
  | 'resubmitted'
  | 'already-submitted'
  | 'refused'
  | 'source-error'
  | 'submit-failed'
  | 'rejected'
  | 'conflict';

export interface TickResult {
  outcomes: Record<string, WatchOutcome>;
}

export class OracleNode {
  readonly #o: OracleNodeOptions;
  readonly #log: Logger;
  readonly metrics: KeeperMetrics;
  #lastTickAt: number | undefined;

  constructor(options: OracleNodeOptions) {
    this.#o = options;
    this.#log = (options.logger ?? silentLogger).child({ component: 'oracle', signer: options.account.address });
    this.metrics = options.metrics ?? keeperMetrics();
    const ids = new Set<string>();
    for (const w of options.watches) {
      if (ids.has(w.id)) throw new RangeError(`watch id "${w.id}" used twice`);
      ids.add(w.id);
      if (!options.sources[w.kind]) throw new RangeError(`watch "${w.id}" needs a ${w.kind} source`);
    }
  }

  /** Unix seconds of the last completed tick (for /health). */
  lastTickAt(): number | undefined {
    return this.#lastTickAt;
  }

  async tick(signal?: AbortSignal): Promise<TickResult> {
    const outcomes: Record<string, WatchOutcome> = {};
    for (const watch of this.#o.watches) {
      if (signal?.aborted) break;
      outcomes[watch.id] = await this.#processWatch(watch, signal);
    }
    this.#lastTickAt = (this.#o.now ?? (() => Math.floor(Date.now() / 1000)))();
    this.metrics.lastTick.set(this.#lastTickAt);
    return { outcomes };
  }

  /** Ticks every `intervalMs` until `signal` aborts. A failing tick is logged, never fatal. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick(signal);
      } catch (error) {
        this.#log.error('tick failed', { error });
      }
      await sleep(intervalMs, signal).catch(() => {});
    }
  }

  async #processWatch(watch: Watch, signal?: AbortSignal): Promise<WatchOutcome> {
    const log = this.#log.child({ watch: watch.id, productId: watch.productId });
    let observation: Observation;
    try {
      observation =
        watch.kind === 'flight'
          ? await this.#o.sources.flight!.fetch({ flight: watch.flight, date: watch.date }, { signal })
          : await this.#o.sources.quake!.fetch({ region: watch.region, lat: watch.lat, lon: watch.lon, radiusKm: watch.radiusKm, from: watch.from }, { signal });
    } catch (error) {
      if (error instanceof StaleObservationError || error instanceof InconsistentObservationError || error instanceof MalformedResponseError) {
        this.metrics.observationsRefused.inc(1, { reason: error.name });
        log.warn('observation refused', { error });
        return 'refused';
      }
      this.metrics.sourceErrors.inc(1, { kind: watch.kind });
      log.warn('source failed', { error });
      return 'source-error';
    }
    const expectedKey = watch.kind === 'flight' ? riskKeys.flight(watch.flight, watch.date) : riskKeys.quake(watch.region);
    if (observation.riskKey !== expectedKey) {
      this.metrics.observationsRefused.inc(1, { reason: 'WrongRiskKey' });
      log.error('observation is about another risk', { expected: expectedKey, got: observation.riskKey });
      return 'refused';
    }
    const facts = { tier: observation.tier, observedValue: observation.observedValue, eventTime: observation.eventTime, source: observation.source, ...observation.detail };
    if (!observation.final) {
      log.debug('observation not final yet', facts);
      return 'not-final';
    }
    if (observation.tier === 0) {
      log.debug('no event', facts);
      return 'no-event';
    }

    const report = makeReport({
      productId: watch.productId,
      riskKey: observation.riskKey,
      eventTime: BigInt(observation.eventTime),
      observedValue: BigInt(observation.observedValue),
      tier: observation.tier,
    });
    const digest = hashReport(this.#o.domain, report);
    const existing = this.#o.store.getReport(report.nonce);
    let stored: StoredReport;
    if (existing) {
      if (existing.digest.toLowerCase() !== digest.toLowerCase()) {
        log.error('refusing to sign a second report under a used nonce', { nonce: report.nonce, storedDigest: existing.digest, digest, ...facts });
        return 'conflict';
      }
      if (existing.status === 'submitted') return 'already-submitted';
      if (existing.status === 'rejected') return 'rejected';
      stored = existing;
      log.info('resubmitting a signed report', { nonce: report.nonce, attempts: existing.attempts, lastError: existing.lastError });
    } else {
      const signature = await signReport(this.#o.account, this.#o.domain, report);
      try {
        stored = this.#o.store.recordReport({ report, digest, signature, origin: watch.id }).row;
      } catch (error) {
        if (error instanceof ConflictingReportError) {
          log.error('refusing to sign a second report under a used nonce', { error });
          return 'conflict';
        }
        throw error;
      }
      this.metrics.reportsSigned.inc();
      log.info('report signed', { nonce: report.nonce, digest, ...facts });
    }

    try {
      const result = await withRetry(() => this.#o.submit(stored.report, sortSignatures([{ signer: stored.signer, signature: stored.signature }])), {
        attempts: 5,
        ...this.#o.retry,
        label: `submit report ${watch.id}`,
        logger: log,
        signal,
        onRetry: () => this.metrics.retries.inc(1, { op: 'submit' }),
      });
      this.#o.store.markReportSubmitted(report.nonce, result?.txHash);
      this.metrics.reportsSubmitted.inc();
      log.info('report submitted', { nonce: report.nonce, txHash: result?.txHash ?? null });
      return existing ? 'resubmitted' : 'signed-and-submitted';
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof BulwarkContractError || error instanceof UnknownRevertError) {
        this.#o.store.markReportRejected(report.nonce, message);
        log.error('report rejected by the trigger; it will not be submitted again', { nonce: report.nonce, error });
        return 'rejected';
      }
      this.#o.store.markReportFailed(report.nonce, message);
      log.error('report submission failed; will retry next tick', { nonce: report.nonce, error });
      return 'submit-failed';
    }
  }
}
