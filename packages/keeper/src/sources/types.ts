import type { Hex } from 'viem';

import type { Tier } from '../report.js';

/**
 * What a data source saw, checked and classified by the product terms. A source either returns an
 * observation it vouches for, or throws: `StaleObservationError`, `InconsistentObservationError`
 * (and `MalformedResponseError`, one of them) are final; `SourceUnavailableError` and
 * `SourceHttpError` with a 5xx/429 status are retryable.
 */
export interface Observation {
  kind: 'flight' | 'quake';
  /** The source's name (`flight-api`, `usgs`, `simulated-flight`, ...). */
  source: string;
  /** The cover risk key the observation is about. */
  riskKey: Hex;
  /** Unix seconds of the event: a flight's scheduled departure, a quake's origin time (0 if none). */
  eventTime: number;
  /** Delay in minutes, -1 for a cancellation; or magnitude x 10. */
  observedValue: number;
  /** Payout tier by the product terms; 0: nothing to report (yet). */
  tier: Tier | 0;
  /** Whether the value can still change (a flight not departed yet). Only final observations are signed. */
  final: boolean;
  /** Unix seconds at which the source's data was current (its own timestamp). */
  observedAt: number;
  /** Unix seconds at which we fetched it. */
  fetchedAt: number;
  /** Source-specific facts for the logs (quake id and place, flight status...). */
  detail: Record<string, string | number | boolean | null>;
}

export interface FlightQuery {
  flight: string;
  /** Scheduled departure date, YYYY-MM-DD. */
  date: string;
}

export interface QuakeQuery {
  /** Region name; the risk key is `riskKeys.quake(region)`. */
  region: string;
  lat: number;
  lon: number;
  radiusKm: number;
  /** Only quakes at or after this time (unix seconds) count. */
  from: number;
}

export interface FetchOptions {
  signal?: AbortSignal;
}

/** One interface for every data source, real or simulated. */
export interface ObservationSource<Q> {
  readonly name: string;
  readonly kind: Observation['kind'];
  fetch(query: Q, options?: FetchOptions): Promise<Observation>;
}

/** Checks shared by the adapters. */
export interface FreshnessOptions {
  /** Refuse data older than this many seconds (default: 15 min for flights, 1 h for quake feeds). */
  maxAgeSeconds?: number;
  /** Allowed clock skew between us and the source, seconds (default 120). */
  clockSkewSeconds?: number;
  /** Clock in unix seconds (tests, simulations). */
  now?: () => number;
}

export const systemNow = () => Math.floor(Date.now() / 1000);
