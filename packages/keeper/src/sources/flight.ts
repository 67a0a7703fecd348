import { InconsistentObservationError, MalformedResponseError, StaleObservationError } from '../errors.js';
import { normalizeFlight, riskKeys, validateDate } from '../report.js';
import { CANCELLED, flightTier } from '../terms.js';
import { getJson, type HttpSourceOptions } from './http.js';
import { systemNow, type FetchOptions, type FlightQuery, type FreshnessOptions, type Observation, type ObservationSource } from './types.js';

/**
 * Flight-status HTTP API.
 *
 * Request:  GET {baseUrl}/flights/{FLIGHT}/{YYYY-MM-DD}     header `x-api-key: <key>`
 * Response (200, application/json):
 *
 *   {
 *     "flight": "BA117",                          // IATA flight number, upper case
 *     "date": "2026-11-26",                       // scheduled departure date (local), as asked
 *     "scheduledDeparture": "2026-11-26T08:25:00Z", // ISO 8601 with offset
 *     "actualDeparture": "2026-11-26T09:15:00Z",  // ISO 8601, or null if it has not left
 *     "status": "scheduled" | "delayed" | "departed" | "landed" | "cancelled",
 *     "updatedAt": "2026-11-26T09:16:02Z"         // when the provider last refreshed this record
 *   }
 *
 * 404: unknown flight (not retried). 5xx/429: retried with backoff.
 *
 * The observation is final once the flight has left (`departed`, `landed`: delay = actual -
 * scheduled, in whole minutes, early departures count as 0) or is `cancelled` (observed value -1,
 * tier 3). A `scheduled` or `delayed` flight that has not left yet gives a non-final observation with
 * the delay so far (updatedAt - scheduled) and tier 0: nothing is signed until the value is settled,
 * so every oracle node signs the same observed value.
 */

export type FlightStatus = 'scheduled' | 'delayed' | 'departed' | 'landed' | 'cancelled';
export const flightStatuses: readonly FlightStatus[] = ['scheduled', 'delayed', 'departed', 'landed', 'cancelled'];

export interface FlightStatusResponse {
  flight: string;
  date: string;
  scheduledDeparture: string;
  actualDeparture: string | null;
  status: FlightStatus;
  updatedAt: string;
}

export interface FlightCheckOptions extends FreshnessOptions {
  /** A departure this many seconds before schedule is accepted as on time (default 600); earlier is inconsistent. */
  earlyToleranceSeconds?: number;
}

const DEFAULT_FLIGHT_MAX_AGE = 15 * 60;

/** Parses and type-checks a response body; throws `MalformedResponseError` on a missing or mistyped field. */
export function parseFlightStatus(source: string, body: unknown): FlightStatusResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MalformedResponseError(source, 'expected a JSON object');
  const o = body as Record<string, unknown>;
  const str = (k: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v.length === 0) throw new MalformedResponseError(source, `field "${k}" missing or not a string`);
    return v;
  };
  const status = str('status');
  if (!(flightStatuses as readonly string[]).includes(status)) throw new MalformedResponseError(source, `unknown status "${status}"`);
  const actual = o.actualDeparture;
  if (actual !== null && typeof actual !== 'string') throw new MalformedResponseError(source, 'field "actualDeparture" must be a string or null');
  return {
    flight: str('flight'),
    date: str('date'),
    scheduledDeparture: str('scheduledDeparture'),
    actualDeparture: actual,
    status: status as FlightStatus,
    updatedAt: str('updatedAt'),
  };
}

function seconds(source: string, field: string, value: string): number {
  // ISO 8601 with an explicit offset only: a time without a zone is ambiguous.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new MalformedResponseError(source, `field "${field}" is not an ISO 8601 time with offset: "${value}"`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new MalformedResponseError(source, `field "${field}" is not a valid time: "${value}"`);
  return Math.floor(ms / 1000);
}

/**
 * Checks a flight record against the query, the clock and itself, and classifies it by the product
 * terms. Pure apart from `now`. Throws `StaleObservationError` / `InconsistentObservationError`.
 */
export function evaluateFlight(source: string, query: FlightQuery, record: FlightStatusResponse, options: FlightCheckOptions = {}): Observation {
  const now = (options.now ?? systemNow)();
  const skew = options.clockSkewSeconds ?? 120;
  const maxAge = options.maxAgeSeconds ?? DEFAULT_FLIGHT_MAX_AGE;
  const tolerance = options.earlyToleranceSeconds ?? 600;
  const flight = normalizeFlight(query.flight);
  const date = validateDate(query.date);
  const bad = (reason: string) => new InconsistentObservationError(source, `${flight} ${date}: ${reason}`);

  if (record.flight.replace(/\s+/g, '').toUpperCase() !== flight || record.date !== date) {
    throw bad(`answer is about ${record.flight} ${record.date}`);
  }
  const scheduled = seconds(source, 'scheduledDeparture', record.scheduledDeparture);
  const actual = record.actualDeparture === null ? null : seconds(source, 'actualDeparture', record.actualDeparture);
  const updatedAt = seconds(source, 'updatedAt', record.updatedAt);

  if (updatedAt > now + skew) throw bad(`updatedAt ${record.updatedAt} is in the future`);
  if (now - updatedAt > maxAge) throw new StaleObservationError(source, updatedAt, now, maxAge);
  // The date is local to the departure airport: the UTC schedule may be a day either side of it.
  const dayStart = Date.parse(`${date}T00:00:00Z`) / 1000;
  if (scheduled < dayStart - 86_400 || scheduled >= dayStart + 2 * 86_400) throw bad(`scheduled departure ${record.scheduledDeparture} is not on ${date}`);

  let observedValue: number;
  let final: boolean;
  switch (record.status) {
    case 'cancelled':
      if (actual !== null) throw bad('cancelled but has an actual departure time');
      observedValue = CANCELLED;
      final = true;
      break;
    case 'departed':
    case 'landed':
      if (actual === null) throw bad(`status ${record.status} without an actual departure time`);
      if (actual < scheduled - tolerance) throw bad(`actual departure ${record.actualDeparture} is ${scheduled - actual} s before schedule (tolerance ${tolerance} s)`);
      if (actual > updatedAt + skew) throw bad(`actual departure ${record.actualDeparture} is after the record's update time ${record.updatedAt}`);
      observedValue = Math.max(0, Math.floor((actual - scheduled) / 60));
      final = true;
      break;
    case 'scheduled':
    case 'delayed':
      if (actual !== null) throw bad(`status ${record.status} with an actual departure time`);
      observedValue = Math.max(0, Math.floor((updatedAt - scheduled) / 60));
      final = false;
      break;
  }
  return {
    kind: 'flight',
    source,
    riskKey: riskKeys.flight(flight, date),
    eventTime: scheduled,
    observedValue,
    tier: final ? flightTier(observedValue) : 0,
    final,
    observedAt: updatedAt,
    fetchedAt: now,
    detail: { flight, date, status: record.status, scheduledDeparture: record.scheduledDeparture, actualDeparture: record.actualDeparture },
  };
}

export interface FlightApiSourceOptions extends HttpSourceOptions, FlightCheckOptions {
  /** Base URL, e.g. `https://flights.example.com/v1` (no trailing slash needed). */
  baseUrl: string;
  /** The API key, sent as `x-api-key`; never logged. */
  apiKey: string;
  name?: string;
}

export class FlightApiSource implements ObservationSource<FlightQuery> {
  readonly kind = 'flight' as const;
  readonly name: string;
  readonly #apiKey: string;
  readonly #options: FlightApiSourceOptions;

  constructor(options: FlightApiSourceOptions) {
    this.name = options.name ?? 'flight-api';
    this.#apiKey = options.apiKey;
    this.#options = { ...options, apiKey: '' };
  }

  async fetch(query: FlightQuery, options: FetchOptions = {}): Promise<Observation> {
    const flight = normalizeFlight(query.flight);
    const date = validateDate(query.date);
    const url = `${this.#options.baseUrl.replace(/\/+$/, '')}/flights/${encodeURIComponent(flight)}/${date}`;
    const body = await getJson(this.name, url, { 'x-api-key': this.#apiKey }, { ...this.#options, signal: options.signal });
    return evaluateFlight(this.name, { flight, date }, parseFlightStatus(this.name, body), this.#options);
  }
}
