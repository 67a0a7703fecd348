import { SourceUnavailableError } from '../errors.js';
import { normalizeFlight, validateDate } from '../report.js';
import { evaluateFlight, type FlightCheckOptions, type FlightStatus } from './flight.js';
import { systemNow, type FetchOptions, type FlightQuery, type FreshnessOptions, type Observation, type ObservationSource, type QuakeQuery } from './types.js';
import { evaluateQuakes, type QuakeFeature } from './usgs.js';

/**
 * Simulated sources for local runs and demos: deterministic, scripted up front or changed at run
 * time (`set`, `add`), and checked by the same functions as the real adapters, so a simulation
 * cannot sign what a real source would be refused for.
 */

export interface SimulatedFlight {
  flight: string;
  date: string;
  /** Unix seconds. */
  scheduledDeparture: number;
  /** Unix seconds, or null. */
  actualDeparture: number | null;
  status: FlightStatus;
  /** Unix seconds the record was last updated (default: the clock at fetch time). */
  updatedAt?: number;
}

const iso = (s: number) => new Date(s * 1000).toISOString();
const key = (flight: string, date: string) => `${normalizeFlight(flight)}:${validateDate(date)}`;

export class SimulatedFlightSource implements ObservationSource<FlightQuery> {
  readonly kind = 'flight' as const;
  readonly name: string;
  readonly #flights = new Map<string, SimulatedFlight>();
  readonly #options: FlightCheckOptions;

  constructor(flights: readonly SimulatedFlight[] = [], options: FlightCheckOptions & { name?: string } = {}) {
    this.name = options.name ?? 'simulated-flight';
    this.#options = options;
    for (const f of flights) this.set(f);
  }

  /** Adds or replaces a flight's status. */
  set(flight: SimulatedFlight): void {
    this.#flights.set(key(flight.flight, flight.date), { ...flight, flight: normalizeFlight(flight.flight) });
  }

  async fetch(query: FlightQuery, _options: FetchOptions = {}): Promise<Observation> {
    const f = this.#flights.get(key(query.flight, query.date));
    if (!f) throw new SourceUnavailableError(this.name, `no simulated status for ${query.flight} on ${query.date}`);
    const now = (this.#options.now ?? systemNow)();
    return evaluateFlight(
      this.name,
      query,
      {
        flight: f.flight,
        date: f.date,
        scheduledDeparture: iso(f.scheduledDeparture),
        actualDeparture: f.actualDeparture === null ? null : iso(f.actualDeparture),
        status: f.status,
        updatedAt: iso(f.updatedAt ?? now),
      },
      this.#options,
    );
  }
}

export interface SimulatedQuake {
  id: string;
  magnitude: number;
  /** Unix seconds. */
  time: number;
  lat: number;
  lon: number;
  depthKm?: number;
  place?: string;
}

export class SimulatedQuakeSource implements ObservationSource<QuakeQuery> {
  readonly kind = 'quake' as const;
  readonly name: string;
  readonly #quakes: SimulatedQuake[] = [];
  readonly #options: FreshnessOptions;

  constructor(quakes: readonly SimulatedQuake[] = [], options: FreshnessOptions & { name?: string } = {}) {
    this.name = options.name ?? 'simulated-quake';
    this.#options = options;
    for (const q of quakes) this.add(q);
  }

  add(quake: SimulatedQuake): void {
    this.#quakes.push({ ...quake });
  }

  async fetch(query: QuakeQuery, _options: FetchOptions = {}): Promise<Observation> {
    const now = (this.#options.now ?? systemNow)();
    const features: QuakeFeature[] = this.#quakes.map((q) => ({
      id: q.id,
      mag: q.magnitude,
      time: q.time * 1000,
      place: q.place ?? null,
      type: 'earthquake',
      status: 'reviewed',
      lon: q.lon,
      lat: q.lat,
      depthKm: q.depthKm ?? 10,
    }));
    return evaluateQuakes(this.name, query, { generated: now * 1000, features }, this.#options);
  }
}
