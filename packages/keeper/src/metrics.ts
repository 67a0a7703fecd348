/**
 * A minimal Prometheus registry: counters and gauges with optional labels, rendered in the text
 * exposition format 0.0.4 (`# HELP`, `# TYPE`, one sample a line, label values escaped).
 */

export type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class Counter {
  readonly #family: Family;
  constructor(family: Family) {
    this.#family = family;
  }
  inc(by = 1, labels: Labels = {}): void {
    if (by < 0) throw new RangeError(`counter ${this.#family.name} cannot decrease`);
    const entry = slot(this.#family, labels);
    entry.value += by;
  }
  get(labels: Labels = {}): number {
    return this.#family.values.get(labelKey(labels))?.value ?? 0;
  }
}

export class Gauge {
  readonly #family: Family;
  constructor(family: Family) {
    this.#family = family;
  }
  set(value: number, labels: Labels = {}): void {
    slot(this.#family, labels).value = value;
  }
  get(labels: Labels = {}): number {
    return this.#family.values.get(labelKey(labels))?.value ?? 0;
  }
}

export class Registry {
  readonly #families = new Map<string, Family>();

  counter(name: string, help: string): Counter {
    return new Counter(this.#register(name, help, 'counter'));
  }

  gauge(name: string, help: string): Gauge {
    return new Gauge(this.#register(name, help, 'gauge'));
  }

  #register(name: string, help: string, type: Family['type']): Family {
    if (!metricName.test(name)) throw new RangeError(`bad metric name ${name}`);
    if (this.#families.has(name)) throw new RangeError(`metric ${name} registered twice`);
    const family: Family = { name, help, type, values: new Map() };
    this.#families.set(name, family);
    return family;
  }

  /** The text exposition format 0.0.4. A metric never touched is shown as 0 (if it has no labels). */
  render(): string {
    const lines: string[] = [];
    for (const f of this.#families.values()) {
      lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      lines.push(`# TYPE ${f.name} ${f.type}`);
      if (f.values.size === 0) lines.push(`${f.name} 0`);
      for (const { labels, value } of f.values.values()) lines.push(`${f.name}${formatLabels(labels)} ${formatValue(value)}`);
    }
    return lines.join('\n') + '\n';
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function slot(family: Family, labels: Labels) {
  const key = labelKey(labels);
  let entry = family.values.get(key);
  if (!entry) {
    for (const name of Object.keys(labels)) if (!labelName.test(name)) throw new RangeError(`bad label name ${name}`);
    entry = { labels: { ...labels }, value: 0 };
    family.values.set(key, entry);
  }
  return entry;
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** The keeper's metrics. */
export function keeperMetrics(registry = new Registry()) {
  return {
    registry,
    reportsSigned: registry.counter('bulwark_keeper_reports_signed_total', 'Reports signed by this oracle node.'),
    reportsSubmitted: registry.counter('bulwark_keeper_reports_submitted_total', 'Signed reports handed to the chain submitter successfully.'),
    observationsRefused: registry.counter('bulwark_keeper_observations_refused_total', 'Observations refused (stale, inconsistent, malformed), by reason.'),
    sourceErrors: registry.counter('bulwark_keeper_source_errors_total', 'Data source fetches that failed after retries, by source.'),
    payoutsSent: registry.counter('bulwark_keeper_payouts_sent_total', 'Covers included in a sent payCovers transaction.'),
    payoutsConfirmed: registry.counter('bulwark_keeper_payouts_confirmed_total', 'Covers whose payout was confirmed on chain.'),
    rpcErrors: registry.counter('bulwark_keeper_rpc_errors_total', 'RPC calls that failed.'),
    retries: registry.counter('bulwark_keeper_retries_total', 'Retries of retryable failures, by operation.'),
    lastBlock: registry.gauge('bulwark_keeper_last_block_processed', 'Last block whose events were processed.'),
    lastTick: registry.gauge('bulwark_keeper_last_tick_timestamp_seconds', 'Unix time of the last completed loop tick.'),
    tickFailures: registry.counter('bulwark_keeper_tick_failures_total', 'Keeper steps that failed in a tick, by step.'),
    actions: registry.counter('bulwark_keeper_actions_total', 'Keeper transactions mined, by action.'),
    reverts: registry.counter('bulwark_keeper_reverts_total', 'Keeper actions the contracts reverted (not retried), by action and error.'),
    pendingPayouts: registry.gauge('bulwark_keeper_pending_payouts', 'Covers owed a payout not yet confirmed (pending or sent).'),
  };
}

export type KeeperMetrics = ReturnType<typeof keeperMetrics>;
