import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  FlightApiSource,
  InconsistentObservationError,
  MalformedResponseError,
  SimulatedFlightSource,
  SimulatedQuakeSource,
  SourceHttpError,
  StaleObservationError,
  UsgsQuakeSource,
  flightTier,
  haversineKm,
  memoryLogger,
  quakeTier,
  riskKeys,
  type QuakeQuery,
} from '../src/index.js';
import { at, fixture, fixtureJson, startFixtureServer, type FixtureServer } from './helpers.js';

const API_KEY = 'test-flight-api-key-5b2e9c0d71';
const now = () => at('2026-11-26T16:05:00Z');
const fastRetry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

const flightFixtures: Record<string, string> = {
  BA117: 'flight-on-time.json',
  LH4567: 'flight-50min-late.json',
  AF22: 'flight-3h-late.json',
  UA901: 'flight-cancelled.json',
  QF1: 'flight-delayed-not-departed.json',
  KL1001: 'flight-inconsistent-early.json',
  DL40: 'flight-inconsistent-cancelled-departed.json',
  EK3: 'flight-stale.json',
  NH10: 'flight-missing-field.json',
};

const tokyo: QuakeQuery = { region: 'tokyo', lat: 35.6762, lon: 139.6503, radiusKm: 200, from: at('2026-11-21T00:00:00Z') };

let server: FixtureServer;
before(async () => {
  server = await startFixtureServer();
  for (const [flight, file] of Object.entries(flightFixtures)) server.route(`/v1/flights/${flight}/2026-11-26`, { body: fixture(file) });
  server.route('/feed/4.5_week.geojson', { body: fixture('usgs-4.5_week.geojson') });
  server.route('/feed/stale.geojson', { body: fixture('usgs-stale.geojson') });
});
after(() => server.close());

function flightSource(logger = memoryLogger()) {
  return new FlightApiSource({ baseUrl: `${server.url}/v1/`, apiKey: API_KEY, now, retry: fastRetry, logger });
}

describe('product terms', () => {
  test('flight tiers: none below 45 min, 1 from 45, 2 from 120, 3 cancelled', () => {
    assert.deepEqual([0, 44, 45, 119, 120, 600, -1].map(flightTier), [0, 0, 1, 1, 2, 2, 3]);
  });
  test('quake tiers by magnitude x 10: 6.5, 7.0, 7.5', () => {
    assert.deepEqual([64, 65, 69, 70, 74, 75, 95].map(quakeTier), [0, 1, 1, 2, 2, 3, 3]);
  });
  test('haversine: Tokyo to Osaka is about 400 km', () => {
    const d = haversineKm(35.6762, 139.6503, 34.6937, 135.5023);
    assert.ok(Math.abs(d - 396) < 5, `distance ${d}`);
  });
});

describe('flight-status API adapter', () => {
  test('on time: delay 6 min, no tier, final', async () => {
    const o = await flightSource().fetch({ flight: 'ba 117', date: '2026-11-26' });
    assert.equal(o.observedValue, 6);
    assert.equal(o.tier, 0);
    assert.equal(o.final, true);
    assert.equal(o.riskKey, riskKeys.flight('BA117', '2026-11-26'));
    assert.equal(o.eventTime, at('2026-11-26T08:25:00Z'));
  });

  test('50 min late: tier 1', async () => {
    const o = await flightSource().fetch({ flight: 'LH4567', date: '2026-11-26' });
    assert.deepEqual([o.observedValue, o.tier, o.final], [50, 1, true]);
  });

  test('3 h late (times with an offset): tier 2', async () => {
    const o = await flightSource().fetch({ flight: 'AF22', date: '2026-11-26' });
    assert.deepEqual([o.observedValue, o.tier], [180, 2]);
    assert.equal(o.eventTime, at('2026-11-26T08:15:00Z'));
  });

  test('cancelled: observed -1, tier 3', async () => {
    const o = await flightSource().fetch({ flight: 'UA901', date: '2026-11-26' });
    assert.deepEqual([o.observedValue, o.tier, o.final], [-1, 3, true]);
  });

  test('delayed but not departed: not final, no tier yet', async () => {
    const o = await flightSource().fetch({ flight: 'QF1', date: '2026-11-26' });
    assert.deepEqual([o.observedValue, o.tier, o.final], [120, 0, false]);
  });

  test('departure long before schedule is refused as inconsistent', async () => {
    await assert.rejects(flightSource().fetch({ flight: 'KL1001', date: '2026-11-26' }), (e: unknown) => {
      assert.ok(e instanceof InconsistentObservationError);
      assert.equal(e.retryable, false);
      assert.match(e.message, /before schedule/);
      return true;
    });
  });

  test('cancelled with a departure time is refused as inconsistent', async () => {
    await assert.rejects(flightSource().fetch({ flight: 'DL40', date: '2026-11-26' }), InconsistentObservationError);
  });

  test('stale record is refused', async () => {
    await assert.rejects(flightSource().fetch({ flight: 'EK3', date: '2026-11-26' }), (e: unknown) => {
      assert.ok(e instanceof StaleObservationError);
      assert.equal(e.now - e.observedAt, 4 * 3600 + 300);
      return true;
    });
  });

  test('missing field is refused as malformed', async () => {
    await assert.rejects(flightSource().fetch({ flight: 'NH10', date: '2026-11-26' }), (e: unknown) => e instanceof MalformedResponseError && /scheduledDeparture/.test(e.message));
  });

  test('an answer about another flight is refused', async () => {
    server.route('/v1/flights/BA118/2026-11-26', { body: fixture('flight-on-time.json') });
    await assert.rejects(flightSource().fetch({ flight: 'BA118', date: '2026-11-26' }), InconsistentObservationError);
  });

  test('invalid flight numbers and dates are rejected before any request', async () => {
    const before = server.requests.length;
    await assert.rejects(flightSource().fetch({ flight: 'B', date: '2026-11-26' }), /not a flight number/);
    await assert.rejects(flightSource().fetch({ flight: 'BA117', date: '2026-02-30' }), /YYYY-MM-DD/);
    assert.equal(server.requests.length, before);
  });

  test('5xx is retried, then succeeds; the API key goes in x-api-key and never into the logs', async () => {
    const path = '/flaky/v1/flights/LH4567/2026-11-26';
    server.route(path, { body: fixture('flight-50min-late.json'), failTimes: 2, failStatus: 503 });
    const logger = memoryLogger();
    const source = new FlightApiSource({ baseUrl: `${server.url}/flaky/v1`, apiKey: API_KEY, now, retry: fastRetry, logger });
    const o = await source.fetch({ flight: 'LH4567', date: '2026-11-26' });
    assert.equal(o.tier, 1);
    assert.equal(server.hits(path), 3, 'two failures then the answer');
    for (const r of server.requests.filter((r) => r.path === path)) assert.equal(r.headers['x-api-key'], API_KEY);
    const retries = logger.entries().filter((e) => e.msg === 'attempt failed, retrying');
    assert.equal(retries.length, 2);
    assert.ok(logger.lines.length > 0);
    for (const line of logger.lines) assert.ok(!line.includes(API_KEY), `key leaked in ${line}`);
  });

  test('429 is retried', async () => {
    server.route('/v1/flights/UA901/2026-11-26', { body: fixture('flight-cancelled.json'), failTimes: 1, failStatus: 429 });
    const o = await flightSource().fetch({ flight: 'UA901', date: '2026-11-26' });
    assert.equal(o.tier, 3);
  });

  test('5xx beyond the attempts gives a retryable SourceHttpError', async () => {
    server.route('/v1/flights/BA2/2026-11-26', { body: '{}', failTimes: 100, failStatus: 502 });
    await assert.rejects(flightSource().fetch({ flight: 'BA2', date: '2026-11-26' }), (e: unknown) => e instanceof SourceHttpError && e.status === 502 && e.retryable);
    assert.equal(server.hits('/v1/flights/BA2/2026-11-26'), fastRetry.attempts);
  });

  test('4xx is not retried', async () => {
    server.route('/v1/flights/BA3/2026-11-26', { body: '{}', failTimes: 100, failStatus: 401 });
    const logger = memoryLogger();
    await assert.rejects(flightSource(logger).fetch({ flight: 'BA3', date: '2026-11-26' }), (e: unknown) => e instanceof SourceHttpError && e.status === 401 && !e.retryable);
    assert.equal(server.hits('/v1/flights/BA3/2026-11-26'), 1);
    await assert.rejects(flightSource(logger).fetch({ flight: 'ZZ9', date: '2026-11-26' }), (e: unknown) => e instanceof SourceHttpError && e.status === 404);
    assert.equal(server.hits('/v1/flights/ZZ9/2026-11-26'), 1);
    for (const line of logger.lines) assert.ok(!line.includes(API_KEY));
  });

  test('connection refused is retryable and retried', async () => {
    const dead = await startFixtureServer();
    const url = dead.url;
    await dead.close();
    const logger = memoryLogger();
    const source = new FlightApiSource({ baseUrl: url, apiKey: API_KEY, now, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, logger });
    await assert.rejects(source.fetch({ flight: 'BA117', date: '2026-11-26' }), (e: unknown) => (e as { retryable?: boolean }).retryable === true && (e as Error).name === 'SourceUnavailableError');
    assert.equal(logger.entries().filter((e) => e.msg === 'attempt failed, retrying').length, 1);
  });
});

describe('USGS GeoJSON adapter', () => {
  const usgs = (path = '/feed/4.5_week.geojson', maxAgeSeconds?: number) =>
    new UsgsQuakeSource({ feedUrl: `${server.url}${path}`, now, retry: fastRetry, ...(maxAgeSeconds ? { maxAgeSeconds } : {}) });

  test('picks the strongest quake inside the radius and after `from`: M6.8 -> 68, tier 1', async () => {
    const o = await usgs().fetch(tokyo);
    assert.equal(o.observedValue, 68);
    assert.equal(o.tier, 1);
    assert.equal(o.eventTime, at('2026-11-25T03:12:45Z'));
    assert.equal(o.detail.quakeId, 'us7000q1aa');
    assert.equal(o.riskKey, riskKeys.quake('tokyo'));
  });

  test('a wider radius takes in the M7.9 off Ishinomaki: tier 3', async () => {
    const o = await usgs().fetch({ ...tokyo, radiusKm: 450 });
    assert.deepEqual([o.observedValue, o.tier, o.detail.quakeId], [79, 3, 'us7000q1ac']);
  });

  test('an earlier `from` takes in the M7.6 of Nov 20 (tier 3, stronger than 6.8)', async () => {
    const o = await usgs().fetch({ ...tokyo, from: at('2026-11-19T00:00:00Z') });
    assert.deepEqual([o.observedValue, o.tier], [76, 3]);
  });

  test('no quake in the region: tier 0', async () => {
    const o = await usgs().fetch({ region: 'reykjavik', lat: 64.1466, lon: -21.9426, radiusKm: 300, from: tokyo.from });
    assert.deepEqual([o.tier, o.observedValue, o.eventTime], [0, 0, 0]);
  });

  test('stale feed is refused', async () => {
    await assert.rejects(usgs('/feed/stale.geojson').fetch(tokyo), StaleObservationError);
  });

  test('a quake in the future is refused', async () => {
    const feed = fixtureJson('usgs-4.5_week.geojson') as { features: { properties: { time: number } }[] };
    feed.features[0]!.properties.time = Date.parse('2026-11-26T18:00:00Z');
    server.route('/feed/future.geojson', { body: JSON.stringify(feed) });
    await assert.rejects(usgs('/feed/future.geojson').fetch(tokyo), (e: unknown) => e instanceof InconsistentObservationError && /future/.test(e.message));
  });

  test('a magnitude out of range is refused; a missing one too', async () => {
    const feed = fixtureJson('usgs-4.5_week.geojson') as { features: { properties: { mag: number | null } }[] };
    feed.features[0]!.properties.mag = 12.3;
    server.route('/feed/mag.geojson', { body: JSON.stringify(feed) });
    await assert.rejects(usgs('/feed/mag.geojson').fetch(tokyo), (e: unknown) => e instanceof InconsistentObservationError && /out of range/.test(e.message));
    feed.features[0]!.properties.mag = null;
    server.route('/feed/nomag.geojson', { body: JSON.stringify(feed) });
    await assert.rejects(usgs('/feed/nomag.geojson').fetch(tokyo), MalformedResponseError);
  });

  test('not a FeatureCollection is refused as malformed', async () => {
    server.route('/feed/bad.geojson', { body: '{"type":"Feature"}' });
    await assert.rejects(usgs('/feed/bad.geojson').fetch(tokyo), MalformedResponseError);
  });

  test('5xx retried then served', async () => {
    server.route('/feed/flaky.geojson', { body: fixture('usgs-4.5_week.geojson'), failTimes: 2, failStatus: 500 });
    const o = await usgs('/feed/flaky.geojson').fetch(tokyo);
    assert.equal(o.tier, 1);
    assert.equal(server.hits('/feed/flaky.geojson'), 3);
  });
});

describe('simulated sources', () => {
  test('scripted flights go through the same checks and can change at run time', async () => {
    const t = at('2026-11-26T16:05:00Z');
    const sim = new SimulatedFlightSource(
      [{ flight: 'BA117', date: '2026-11-26', scheduledDeparture: at('2026-11-26T08:25:00Z'), actualDeparture: null, status: 'delayed' }],
      { now: () => t },
    );
    assert.equal((await sim.fetch({ flight: 'BA117', date: '2026-11-26' })).final, false);
    sim.set({ flight: 'BA117', date: '2026-11-26', scheduledDeparture: at('2026-11-26T08:25:00Z'), actualDeparture: at('2026-11-26T10:40:00Z'), status: 'departed' });
    const o = await sim.fetch({ flight: 'BA117', date: '2026-11-26' });
    assert.deepEqual([o.observedValue, o.tier, o.final], [135, 2, true]);
    sim.set({ flight: 'BA117', date: '2026-11-26', scheduledDeparture: at('2026-11-26T08:25:00Z'), actualDeparture: at('2026-11-26T06:00:00Z'), status: 'departed' });
    await assert.rejects(sim.fetch({ flight: 'BA117', date: '2026-11-26' }), InconsistentObservationError);
  });

  test('simulated quakes: the strongest inside the radius counts', async () => {
    const sim = new SimulatedQuakeSource([], { now });
    assert.equal((await sim.fetch(tokyo)).tier, 0);
    sim.add({ id: 'sim-1', magnitude: 7.25, time: at('2026-11-26T01:00:00Z'), lat: 35.5, lon: 139.8 });
    sim.add({ id: 'sim-2', magnitude: 8.0, time: at('2026-11-26T01:00:00Z'), lat: 10, lon: 10 });
    const o = await sim.fetch(tokyo);
    assert.deepEqual([o.observedValue, o.tier, o.detail.quakeId], [73, 2, 'sim-1']);
  });
});
