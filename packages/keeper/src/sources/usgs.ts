import { InconsistentObservationError, MalformedResponseError, StaleObservationError } from '../errors.js';
import { riskKeys } from '../report.js';
import { haversineKm, magnitudeX10, quakeTier } from '../terms.js';
import { getJson, type HttpSourceOptions } from './http.js';
import { systemNow, type FetchOptions, type FreshnessOptions, type Observation, type ObservationSource, type QuakeQuery } from './types.js';

/**
 * USGS earthquake GeoJSON feeds (https://earthquake.usgs.gov/earthquakes/feed/v1.0/geojson.php):
 * a summary feed such as `.../summary/4.5_week.geojson`, or an FDSN query with `format=geojson`.
 * Both are a FeatureCollection:
 *
 *   { "type": "FeatureCollection",
 *     "metadata": { "generated": <ms>, "url", "title", "status": 200, "api", "count" },
 *     "features": [ { "type": "Feature", "id": "us7000abcd",
 *                     "properties": { "mag": 7.1, "place": "...", "time": <ms>, "updated": <ms>,
 *                                     "type": "earthquake", "status": "reviewed", ... },
 *                     "geometry": { "type": "Point", "coordinates": [lon, lat, depthKm] } } ] }
 *
 * The adapter filters client-side (events of type "earthquake" at or after `from`, within
 * `radiusKm` of the region's point by Haversine distance) and reports the strongest one (ties: the
 * earliest): observed value magnitude x 10 rounded, tier by the product terms. No quake: tier 0.
 * Refuses a feed older than `maxAgeSeconds` (by `metadata.generated`), and, among the quakes that
 * count, one in the future, a magnitude outside [-2, 10], or a missing magnitude or time.
 */

export interface QuakeFeature {
  id: string;
  mag: number | null;
  time: number | null;
  place: string | null;
  type: string;
  status: string | null;
  lon: number;
  lat: number;
  depthKm: number;
}

export interface QuakeFeed {
  /** Unix ms the feed was generated. */
  generated: number;
  features: QuakeFeature[];
}

const DEFAULT_FEED_MAX_AGE = 60 * 60;

export function parseQuakeFeed(source: string, body: unknown): QuakeFeed {
  const obj = (v: unknown, what: string): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MalformedResponseError(source, `${what} is not an object`);
    return v as Record<string, unknown>;
  };
  const root = obj(body, 'the feed');
  if (root.type !== 'FeatureCollection') throw new MalformedResponseError(source, 'not a GeoJSON FeatureCollection');
  const metadata = obj(root.metadata, 'metadata');
  if (typeof metadata.generated !== 'number') throw new MalformedResponseError(source, 'metadata.generated missing');
  if (!Array.isArray(root.features)) throw new MalformedResponseError(source, 'features is not an array');
  const features = root.features.map((f: unknown, i: number): QuakeFeature => {
    const feature = obj(f, `features[${i}]`);
    const props = obj(feature.properties, `features[${i}].properties`);
    const geometry = obj(feature.geometry, `features[${i}].geometry`);
    const coords = geometry.coordinates;
    if (!Array.isArray(coords) || coords.length < 2 || !coords.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      throw new MalformedResponseError(source, `features[${i}].geometry.coordinates is not [lon, lat, depth]`);
    }
    const [lon, lat, depthKm] = coords as number[];
    if (Math.abs(lat!) > 90 || Math.abs(lon!) > 180) throw new InconsistentObservationError(source, `features[${i}] has coordinates out of range`);
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return {
      id: str(feature.id) ?? `#${i}`,
      mag: num(props.mag),
      time: num(props.time),
      place: str(props.place),
      type: str(props.type) ?? 'earthquake',
      status: str(props.status),
      lon: lon!,
      lat: lat!,
      depthKm: depthKm ?? 0,
    };
  });
  return { generated: metadata.generated, features };
}

/** Checks a feed and classifies the strongest quake of the region by the product terms. */
export function evaluateQuakes(source: string, query: QuakeQuery, feed: QuakeFeed, options: FreshnessOptions = {}): Observation {
  const now = (options.now ?? systemNow)();
  const skew = options.clockSkewSeconds ?? 120;
  const maxAge = options.maxAgeSeconds ?? DEFAULT_FEED_MAX_AGE;
  const riskKey = riskKeys.quake(query.region);
  const bad = (reason: string) => new InconsistentObservationError(source, `${query.region}: ${reason}`);

  const generated = Math.floor(feed.generated / 1000);
  if (generated > now + skew) throw bad(`feed generated in the future (${new Date(feed.generated).toISOString()})`);
  if (now - generated > maxAge) throw new StaleObservationError(source, generated, now, maxAge);

  let best: { feature: QuakeFeature; magX10: number; time: number } | undefined;
  for (const feature of feed.features) {
    if (feature.type !== 'earthquake') continue;
    if (haversineKm(query.lat, query.lon, feature.lat, feature.lon) > query.radiusKm) continue;
    if (feature.time === null) throw new MalformedResponseError(source, `quake ${feature.id} has no time`);
    const time = Math.floor(feature.time / 1000);
    if (time < query.from) continue;
    if (time > now + skew || time > generated + skew) throw bad(`quake ${feature.id} is in the future (${new Date(feature.time).toISOString()})`);
    if (feature.mag === null) throw new MalformedResponseError(source, `quake ${feature.id} has no magnitude`);
    if (!Number.isFinite(feature.mag) || feature.mag < -2 || feature.mag > 10) throw bad(`quake ${feature.id} has magnitude ${feature.mag}, out of range`);
    const magX10 = magnitudeX10(feature.mag);
    if (!best || magX10 > best.magX10 || (magX10 === best.magX10 && time < best.time)) best = { feature, magX10, time };
  }
  return {
    kind: 'quake',
    source,
    riskKey,
    eventTime: best?.time ?? 0,
    observedValue: best?.magX10 ?? 0,
    tier: best ? quakeTier(best.magX10) : 0,
    final: true,
    observedAt: generated,
    fetchedAt: now,
    detail: best
      ? {
          region: query.region,
          quakeId: best.feature.id,
          place: best.feature.place,
          magnitude: best.feature.mag,
          distanceKm: Math.round(haversineKm(query.lat, query.lon, best.feature.lat, best.feature.lon)),
          reviewStatus: best.feature.status,
        }
      : { region: query.region, quakeId: null },
  };
}

export interface UsgsSourceOptions extends HttpSourceOptions, FreshnessOptions {
  /** A GeoJSON feed URL, e.g. `https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/4.5_week.geojson`. */
  feedUrl: string;
  name?: string;
}

export class UsgsQuakeSource implements ObservationSource<QuakeQuery> {
  readonly kind = 'quake' as const;
  readonly name: string;
  readonly #options: UsgsSourceOptions;

  constructor(options: UsgsSourceOptions) {
    this.name = options.name ?? 'usgs';
    this.#options = options;
  }

  async fetch(query: QuakeQuery, options: FetchOptions = {}): Promise<Observation> {
    const body = await getJson(this.name, this.#options.feedUrl, {}, { ...this.#options, signal: options.signal });
    return evaluateQuakes(this.name, query, parseQuakeFeed(this.name, body), this.#options);
  }
}
