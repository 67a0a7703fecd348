/**
 * Typed data sets. Every loader takes text (or parsed JSON) and a source name, so a new data set loads
 * through the same interface from a file, a fetch or a test string; file access lives in `node.ts`.
 * Bad rows are `DataError`s naming the row and field, never skipped.
 */
import { categoryOf, isCategory, type Category, type IncidentCategory } from './categories.js';
import { field, parseCsv } from './csv.js';
import { DataError, LookAheadError, UnknownCategoryError } from './errors.js';

/** Anything dated `YYYY-MM-DD...`: what a `DataView` can guard against look-ahead. */
export interface Dated {
  date: string;
}

export interface Incident extends Dated {
  year: number;
  protocol: string;
  chain: string;
  attackType: string;
  lossUsd: number;
  category: IncidentCategory;
  /** Line in its source file. */
  row: number;
}

/**
 * Units at risk in a category during `year` (protocols, bridges, exchanges), known at the start of that
 * year: dated the last day of the year before, so a view for year Y may read the exposure of Y.
 */
export interface ExposureRecord extends Dated {
  year: number;
  category: Category;
  units: number;
  note: string;
}

export interface PriceRound extends Dated {
  /** unix seconds */
  updatedAt: number;
  price: number;
}

/** A de-peg: price below the threshold continuously for at least the minimum duration. */
export interface DepegEvent extends Dated {
  asset: string;
  start: number;
  end: number;
  trough: number;
  /** Price of the round that completed the minimum duration (what the proportional payout uses). */
  proofPrice: number;
  /** Share of the reference price lost at the proof round: 1 - proofPrice / reference. */
  depth: number;
}

export interface FlightRecord extends Dated {
  /** Scheduled departure hour, 0-23. */
  hour: number;
  delayMinutes: number;
  origin: string;
  destination: string;
}

/** Per-protocol factors a product's frequency is adjusted by. */
export interface ProtocolFactors {
  name: string;
  category: Category;
  ageYears: number;
  audits: number;
  tvlUsd: number;
  /** Incidents of this protocol so far (its own history for credibility). */
  pastIncidents: number;
}

/** Catastrophe hazard: annual rate of events at or above `minMagnitude` affecting `region`. */
export interface HazardRow {
  region: string;
  peril: string;
  minMagnitude: number;
  annualRate: number;
  /** Gutenberg-Richter b-value: rate(M >= m) = annualRate * 10^(-b (m - minMagnitude)). */
  bValue: number;
  source: string;
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

export function parseIncidents(text: string, source = 'incidents'): Incident[] {
  return parseCsv(text, source, ['date', 'protocol', 'chain', 'attack_type', 'loss_usd']).map((r) => {
    const date = field.date(r, source, 'date');
    const protocol = field.string(r, source, 'protocol');
    const attackType = field.string(r, source, 'attack_type');
    const lossUsd = field.number(r, source, 'loss_usd', { min: 0 });
    if (lossUsd === 0) throw new DataError(source, r.line, 'loss_usd', 'zero loss: an incident with no loss is not a loss event');
    const category = categoryOf(protocol, attackType);
    if (!category) throw new UnknownCategoryError(source, r.line, attackType);
    return { date, year: yearOf(date), protocol, chain: field.string(r, source, 'chain'), attackType, lossUsd, category, row: r.line };
  });
}

export function parseExposure(text: string, source = 'exposure'): ExposureRecord[] {
  return parseCsv(text, source, ['year', 'category', 'units', 'note']).map((r) => {
    const year = field.number(r, source, 'year', { integer: true, min: 1990, max: 2100 });
    const category = field.string(r, source, 'category');
    if (!isCategory(category)) throw new DataError(source, r.line, 'category', `unknown category "${category}"`);
    const units = field.number(r, source, 'units', { min: 1 });
    return { date: `${year - 1}-12-31`, year, category, units, note: r.fields.note ?? '' };
  });
}

/** Chainlink rounds (`answer` with `decimals`, `updatedAt` unix seconds). */
export function parsePriceRounds(text: string, source = 'rounds', decimals = 8): PriceRound[] {
  return parseCsv(text, source, ['answer', 'updatedAt']).map((r) => {
    const answer = field.number(r, source, 'answer', { min: 0 });
    if (answer === 0) throw new DataError(source, r.line, 'answer', 'zero price');
    const updatedAt = field.number(r, source, 'updatedAt', { integer: true, min: 1 });
    return { date: new Date(updatedAt * 1000).toISOString().replace('T', ' ').slice(0, 19), updatedAt, price: answer / 10 ** decimals };
  });
}

/** Terms of a de-peg trigger, as deployed (`deploy/networks/products.ts`: $0.95 for an hour, recovery $0.98). */
export interface DepegTerms {
  threshold: number;
  recoverPrice: number;
  minDurationSeconds: number;
  referencePrice: number;
}
export const USDC_DEPEG_TERMS: DepegTerms = { threshold: 0.95, recoverPrice: 0.98, minDurationSeconds: 3600, referencePrice: 1 };

/** Walks rounds in time order as the trigger does: below threshold for >= minDuration is an event; it ends at recovery. */
export function detectDepegs(rounds: readonly PriceRound[], asset: string, terms: DepegTerms = USDC_DEPEG_TERMS): DepegEvent[] {
  const events: DepegEvent[] = [];
  let start: number | undefined;
  let trough = Infinity;
  let counted = false;
  let proofPrice = 0;
  const sorted = [...rounds].sort((a, b) => a.updatedAt - b.updatedAt);
  for (const r of sorted) {
    if (start === undefined) {
      if (r.price < terms.threshold) {
        start = r.updatedAt;
        trough = r.price;
        counted = false;
      }
      continue;
    }
    trough = Math.min(trough, r.price);
    if (!counted && r.price < terms.threshold && r.updatedAt - start >= terms.minDurationSeconds) {
      counted = true;
      proofPrice = r.price;
    }
    if (r.price >= terms.recoverPrice || (!counted && r.price >= terms.threshold)) {
      if (counted) events.push(makeEvent(asset, start, r.updatedAt, trough, proofPrice, terms));
      start = undefined;
    }
  }
  if (start !== undefined && counted) events.push(makeEvent(asset, start, sorted[sorted.length - 1]!.updatedAt, trough, proofPrice, terms));
  return events;
}

function makeEvent(asset: string, start: number, end: number, trough: number, proofPrice: number, terms: DepegTerms): DepegEvent {
  return { asset, date: new Date(start * 1000).toISOString().slice(0, 10), start, end, trough, proofPrice, depth: Math.max(0, 1 - proofPrice / terms.referencePrice) };
}

/** vega-datasets flights: `[{ date: "2001/01/01 00:47", delay, distance, origin, destination }]`. */
export function parseFlights(value: unknown, source = 'flights'): FlightRecord[] {
  if (!Array.isArray(value)) throw new DataError(source, 0, '*', 'not a JSON array');
  return value.map((v: unknown, i): FlightRecord => {
    const row = i + 1;
    if (typeof v !== 'object' || v === null) throw new DataError(source, row, '*', 'not an object');
    const o = v as Record<string, unknown>;
    const date = o.date;
    const m = typeof date === 'string' ? /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/.exec(date) : null;
    if (!m) throw new DataError(source, row, 'date', `not "YYYY/MM/DD HH:MM": ${JSON.stringify(date)}`);
    const delay = o.delay;
    if (typeof delay !== 'number' || !Number.isFinite(delay)) throw new DataError(source, row, 'delay', `not a number: ${JSON.stringify(delay)}`);
    const origin = o.origin, destination = o.destination;
    if (typeof origin !== 'string' || !origin) throw new DataError(source, row, 'origin', 'missing');
    if (typeof destination !== 'string' || !destination) throw new DataError(source, row, 'destination', 'missing');
    return { date: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}`, hour: Number(m[4]), delayMinutes: delay, origin, destination };
  });
}

export function parseProtocolFactors(text: string, source = 'protocols'): ProtocolFactors[] {
  return parseCsv(text, source, ['name', 'category', 'age_years', 'audits', 'tvl_usd', 'past_incidents']).map((r) => {
    const category = field.string(r, source, 'category');
    if (!isCategory(category)) throw new DataError(source, r.line, 'category', `unknown category "${category}"`);
    return {
      name: field.string(r, source, 'name'),
      category,
      ageYears: field.number(r, source, 'age_years', { min: 0 }),
      audits: field.number(r, source, 'audits', { min: 0, integer: true }),
      tvlUsd: field.number(r, source, 'tvl_usd', { min: 0 }),
      pastIncidents: field.number(r, source, 'past_incidents', { min: 0, integer: true }),
    };
  });
}

export function parseHazards(text: string, source = 'hazards'): HazardRow[] {
  return parseCsv(text, source, ['region', 'peril', 'min_magnitude', 'annual_rate', 'b_value', 'source']).map((r) => ({
    region: field.string(r, source, 'region'),
    peril: field.string(r, source, 'peril'),
    minMagnitude: field.number(r, source, 'min_magnitude', { min: 0 }),
    annualRate: field.number(r, source, 'annual_rate', { min: 0 }),
    bValue: field.number(r, source, 'b_value', { min: 0.1, max: 3 }),
    source: field.string(r, source, 'source'),
  }));
}

/**
 * Read-only records as a model may see them. A view made for year Y (`DataView.before`) holds only
 * records dated before Y, and iterating it re-checks every record: one dated Y or later (a bug in how
 * the view was built) throws `LookAheadError` instead of reaching the fit.
 */
export class DataView<T extends Dated> implements Iterable<T> {
  constructor(
    readonly source: string,
    private readonly rows: readonly T[],
    /** Records dated this year or later are refused; undefined: no cutoff (pricing today). */
    readonly cutoffYear?: number,
  ) {}

  static before<T extends Dated>(source: string, rows: readonly T[], year: number): DataView<T> {
    const limit = `${year}-01-01`;
    return new DataView(source, rows.filter((r) => r.date < limit), year);
  }

  *[Symbol.iterator](): Iterator<T> {
    const limit = this.cutoffYear === undefined ? undefined : `${this.cutoffYear}-01-01`;
    for (const r of this.rows) {
      if (limit !== undefined && r.date >= limit) throw new LookAheadError(this.source, this.cutoffYear!, r.date);
      yield r;
    }
  }

  toArray(): T[] {
    return [...this];
  }

  filter(predicate: (r: T) => boolean): T[] {
    return this.toArray().filter(predicate);
  }
}

/** Everything the fit reads, each through a view. */
export interface RiskData {
  incidents: DataView<Incident>;
  exposure: DataView<ExposureRecord>;
  depegs: DataView<DepegEvent>;
  /** Years of observed history of the de-peg product's asset before its first round in the data (assumption). */
  depegHistoryStart: string;
}

export interface RawRiskData {
  incidents: readonly Incident[];
  exposure: readonly ExposureRecord[];
  depegs: readonly DepegEvent[];
  depegHistoryStart: string;
}

/** Views of `raw` holding only what was known before `year` (undefined: everything). */
export function viewBefore(raw: RawRiskData, year?: number): RiskData {
  if (year === undefined) {
    return { incidents: new DataView('incidents', raw.incidents), exposure: new DataView('exposure', raw.exposure), depegs: new DataView('depegs', raw.depegs), depegHistoryStart: raw.depegHistoryStart };
  }
  return {
    incidents: DataView.before('incidents', raw.incidents, year),
    exposure: DataView.before('exposure', raw.exposure, year),
    depegs: DataView.before('depegs', raw.depegs, year),
    depegHistoryStart: raw.depegHistoryStart,
  };
}
