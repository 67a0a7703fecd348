import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

import { isAddress, type Address } from 'viem';

import { ConfigError } from './errors.js';
import type { KeySource } from './key.js';
import type { LogLevel } from './log.js';
import type { Watch } from './oracle.js';
import { normalizeFlight, validateDate } from './report.js';
import type { SimulatedFlight, SimulatedQuake } from './sources/simulated.js';

/**
 * The oracle node's configuration: a JSON file, validated in full (every problem listed at once,
 * each with its path), relative paths resolved against the file's folder, secrets taken from the
 * environment by variable name (never written in the file).
 *
 * {
 *   "rpcUrl": "http://127.0.0.1:8545",
 *   "deploymentsDir": "../../deployments",          // deployments/<chainId>.json
 *   "dbPath": "./data/keeper.db",
 *   "http": { "port": 9464, "host": "127.0.0.1" },
 *   "pollIntervalSeconds": 60,
 *   "maxTickAgeSeconds": 300,                          // optional; default 3 x poll interval
 *   "logLevel": "info",                                // optional
 *   "oracle": {
 *     "key": { "env": "ORACLE_PRIVATE_KEY" }           // or { "file": "./oracle.key" }
 *                                                      // or { "keystore": "./oracle.json", "passwordEnv": "ORACLE_KEYSTORE_PASSWORD" }
 *     "trigger": "0x...",                              // optional: SignedReportTrigger; default from the deployment
 *     "cosigners": [ { "env": "ORACLE2_PRIVATE_KEY" } ] // optional, LOCAL SHORTCUT ONLY: more oracle keys held by this
 *                                                      // process so one node produces the threshold of signatures
 *   },
 *   "keeper": {                                        // optional: the payout keeper (src/keeper.ts); omit to run only the oracle node
 *     "key": { "env": "KEEPER_PRIVATE_KEY" },          // pays gas; needs no role (every keeper action is permissionless)
 *     "batchSize": 100,                                // optional: covers per payCovers / payIncident transaction
 *     "pollIntervalSeconds": 15,                       // optional; default the top-level pollIntervalSeconds
 *     "rpcPollingMs": 1000,                            // optional: receipt polling interval
 *     "tasks": ["depeg", "reports", "payouts", "claims"] // optional: default all
 *   },
 *   "simulateEndpoint": false,                         // optional: POST /simulate/flight (simulated flight source only)
 *   "sources": {
 *     "flight": { "kind": "http", "baseUrl": "https://flights.example/v1", "apiKeyEnv": "FLIGHT_API_KEY", "maxAgeSeconds": 900 },
 *           //  or { "kind": "simulated", "flights": [ { "flight", "date", "scheduledDeparture" (ISO), "actualDeparture" (ISO|null), "status" } ] }
 *     "quake": { "kind": "usgs", "feedUrl": "https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/4.5_week.geojson", "maxAgeSeconds": 3600 }
 *           //  or { "kind": "simulated", "quakes": [ { "id", "magnitude", "time" (ISO), "lat", "lon" } ] }
 *   },
 *   "watches": [
 *     { "kind": "flight", "productId": 3, "flight": "BA117", "date": "2026-11-26" },
 *     { "kind": "quake", "productId": 4, "region": "tokyo", "lat": 35.68, "lon": 139.69, "radiusKm": 150, "from": "2026-11-01T00:00:00Z" }
 *   ],
 *   "retry": { "attempts": 5, "baseDelayMs": 250, "maxDelayMs": 10000 }
 * }
 */

export type FlightSourceConfig =
  | { kind: 'http'; baseUrl: string; apiKey: string; apiKeyEnv: string; maxAgeSeconds?: number; timeoutMs?: number }
  | { kind: 'simulated'; flights: SimulatedFlight[] };

export type QuakeSourceConfig =
  | { kind: 'usgs'; feedUrl: string; maxAgeSeconds?: number; timeoutMs?: number }
  | { kind: 'simulated'; quakes: SimulatedQuake[] };

export type KeeperTask = 'depeg' | 'reports' | 'payouts' | 'claims';
export const keeperTasks: readonly KeeperTask[] = ['depeg', 'reports', 'payouts', 'claims'];

export interface KeeperSection {
  key: KeySource;
  batchSize: number;
  pollIntervalSeconds: number;
  rpcPollingMs: number;
  tasks: KeeperTask[];
}

export interface KeeperConfig {
  rpcUrl: string;
  deploymentsDir: string;
  dbPath: string;
  http: { port: number; host: string };
  pollIntervalSeconds: number;
  maxTickAgeSeconds: number;
  logLevel: LogLevel;
  oracle: { key: KeySource; trigger?: Address; cosigners?: KeySource[] };
  keeper?: KeeperSection;
  /** Serve `POST /simulate/flight` (needs a simulated flight source). */
  simulateEndpoint?: boolean;
  sources: { flight?: FlightSourceConfig; quake?: QuakeSourceConfig };
  watches: Watch[];
  retry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
}

/** Reads and validates the config file at `path`. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): KeeperConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseConfig(json, { baseDir: dirname(resolve(path)), env, origin: path });
}

/** Validates a config object; `baseDir` resolves relative paths. */
export function parseConfig(json: unknown, options: { baseDir?: string; env?: NodeJS.ProcessEnv; origin?: string } = {}): KeeperConfig {
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  const errors: string[] = [];
  const v = new Validator(errors);
  const root = v.object(json, 'config') ?? {};
  const path = (p: string | undefined) => (p === undefined ? '' : isAbsolute(p) ? p : resolve(baseDir, p));

  const rpcUrl = v.url(root.rpcUrl, 'rpcUrl');
  const deploymentsDir = path(v.string(root.deploymentsDir, 'deploymentsDir'));
  const dbPath = path(v.string(root.dbPath, 'dbPath'));
  const http = v.object(root.http, 'http') ?? {};
  const port = v.int(http.port, 'http.port', 0, 65535);
  const host = v.optional(http.host, (x) => v.string(x, 'http.host')) ?? '127.0.0.1';
  const pollIntervalSeconds = v.number(root.pollIntervalSeconds, 'pollIntervalSeconds', 1, 86_400);
  const maxTickAgeSeconds = v.optional(root.maxTickAgeSeconds, (x) => v.number(x, 'maxTickAgeSeconds', 1, 7 * 86_400)) ?? (pollIntervalSeconds ?? 60) * 3;
  const logLevel = v.optional(root.logLevel, (x) => v.oneOf(x, 'logLevel', ['debug', 'info', 'warn', 'error'] as const)) ?? 'info';

  const oracle = v.object(root.oracle, 'oracle') ?? {};
  const keyObj = v.object(oracle.key, 'oracle.key') ?? {};
  let key: KeySource | undefined;
  if (typeof keyObj.env === 'string') key = { env: keyObj.env };
  else if (typeof keyObj.file === 'string') key = { file: path(keyObj.file) };
  else if (typeof keyObj.keystore === 'string') {
    const passwordEnv = v.string(keyObj.passwordEnv, 'oracle.key.passwordEnv');
    if (passwordEnv) key = { keystore: path(keyObj.keystore), passwordEnv };
  } else if (oracle.key !== undefined) errors.push('oracle.key: expected { "env" } or { "file" } or { "keystore", "passwordEnv" }');
  const trigger = v.optional(oracle.trigger, (x) => v.address(x, 'oracle.trigger'));
  const keySource = (x: unknown, at: string): KeySource | undefined => {
    const o = v.object(x, at);
    if (!o) return undefined;
    if (typeof o.env === 'string') return { env: o.env };
    if (typeof o.file === 'string') return { file: path(o.file) };
    if (typeof o.keystore === 'string') {
      const passwordEnv = v.string(o.passwordEnv, `${at}.passwordEnv`);
      return passwordEnv ? { keystore: path(o.keystore), passwordEnv } : undefined;
    }
    return v.fail(`${at}: expected { "env" } or { "file" } or { "keystore", "passwordEnv" }`);
  };
  const cosigners = v.optional(oracle.cosigners, (x) => v.array(x, 'oracle.cosigners'))?.map((x, i) => keySource(x, `oracle.cosigners[${i}]`));
  let keeper: KeeperSection | undefined;
  if (root.keeper !== undefined) {
    const k = v.object(root.keeper, 'keeper') ?? {};
    const kKey = keySource(k.key, 'keeper.key');
    const batchSize = v.optional(k.batchSize, (x) => v.int(x, 'keeper.batchSize', 1, 1000)) ?? 100;
    const kPoll = v.optional(k.pollIntervalSeconds, (x) => v.number(x, 'keeper.pollIntervalSeconds', 0.05, 86_400));
    const rpcPollingMs = v.optional(k.rpcPollingMs, (x) => v.int(x, 'keeper.rpcPollingMs', 10, 60_000)) ?? 1000;
    const tasks = (v.optional(k.tasks, (x) => v.array(x, 'keeper.tasks')) ?? [...keeperTasks]).map((t, i) => v.oneOf(t, `keeper.tasks[${i}]`, keeperTasks));
    if (kKey) keeper = { key: kKey, batchSize, pollIntervalSeconds: kPoll ?? pollIntervalSeconds ?? 60, rpcPollingMs, tasks: tasks.filter((t): t is KeeperTask => t !== undefined) };
  }
  const simulateEndpoint = v.optional(root.simulateEndpoint, (x) => (typeof x === 'boolean' ? x : v.fail('simulateEndpoint: expected a boolean')));

  const sources = v.object(root.sources, 'sources') ?? {};
  const flight = v.optional(sources.flight, (x) => parseFlightSource(v, env, x));
  const quake = v.optional(sources.quake, (x) => parseQuakeSource(v, x));

  const watches: Watch[] = [];
  const list = v.array(root.watches, 'watches') ?? [];
  const ids = new Set<string>();
  list.forEach((item, i) => {
    const at = `watches[${i}]`;
    const w = v.object(item, at);
    if (!w) return;
    const productId = v.productId(w.productId, `${at}.productId`);
    if (w.kind === 'flight') {
      if (!flight) errors.push(`${at}: a flight watch needs sources.flight`);
      const f = v.flight(w.flight, `${at}.flight`);
      const date = v.date(w.date, `${at}.date`);
      const id = typeof w.id === 'string' ? w.id : `flight:${f}:${date}:${productId}`;
      if (productId !== undefined && f && date) watches.push({ id, kind: 'flight', productId, flight: f, date });
      if (ids.has(id)) errors.push(`${at}.id: "${id}" used twice`);
      ids.add(id);
    } else if (w.kind === 'quake') {
      if (!quake) errors.push(`${at}: a quake watch needs sources.quake`);
      const region = v.string(w.region, `${at}.region`);
      if (region !== undefined && region.trim() !== region) errors.push(`${at}.region: no surrounding spaces`);
      const lat = v.number(w.lat, `${at}.lat`, -90, 90);
      const lon = v.number(w.lon, `${at}.lon`, -180, 180);
      const radiusKm = v.number(w.radiusKm, `${at}.radiusKm`, 1, 20_000);
      const from = v.time(w.from, `${at}.from`);
      const id = typeof w.id === 'string' ? w.id : `quake:${region}:${productId}`;
      if (productId !== undefined && region && lat !== undefined && lon !== undefined && radiusKm !== undefined && from !== undefined) {
        watches.push({ id, kind: 'quake', productId, region, lat, lon, radiusKm, from });
      }
      if (ids.has(id)) errors.push(`${at}.id: "${id}" used twice`);
      ids.add(id);
    } else errors.push(`${at}.kind: expected "flight" or "quake"`);
  });

  const retryObj = v.optional(root.retry, (x) => v.object(x, 'retry')) ?? {};
  const retry = {
    attempts: v.optional(retryObj.attempts, (x) => v.int(x, 'retry.attempts', 1, 100)) ?? 5,
    baseDelayMs: v.optional(retryObj.baseDelayMs, (x) => v.int(x, 'retry.baseDelayMs', 1, 600_000)) ?? 250,
    maxDelayMs: v.optional(retryObj.maxDelayMs, (x) => v.int(x, 'retry.maxDelayMs', 1, 3_600_000)) ?? 10_000,
  };

  if (errors.length > 0 || !rpcUrl || port === undefined || pollIntervalSeconds === undefined || !key) {
    if (!key && errors.every((e) => !e.startsWith('oracle.key'))) errors.push('oracle.key: required');
    throw new ConfigError(`invalid keeper config${options.origin ? ` ${options.origin}` : ''}:\n  - ${errors.join('\n  - ')}`);
  }
  return {
    rpcUrl,
    deploymentsDir,
    dbPath,
    http: { port, host },
    pollIntervalSeconds,
    maxTickAgeSeconds,
    logLevel,
    oracle: { key, ...(trigger ? { trigger } : {}), ...(cosigners ? { cosigners: cosigners.filter((c): c is KeySource => c !== undefined) } : {}) },
    ...(keeper ? { keeper } : {}),
    ...(simulateEndpoint !== undefined ? { simulateEndpoint } : {}),
    sources: { ...(flight ? { flight } : {}), ...(quake ? { quake } : {}) },
    watches,
    retry,
  };
}

function parseFlightSource(v: Validator, env: NodeJS.ProcessEnv, x: unknown): FlightSourceConfig | undefined {
  const o = v.object(x, 'sources.flight');
  if (!o) return undefined;
  if (o.kind === 'http') {
    const baseUrl = v.url(o.baseUrl, 'sources.flight.baseUrl');
    const apiKeyEnv = v.string(o.apiKeyEnv, 'sources.flight.apiKeyEnv');
    if ('apiKey' in o) v.fail('sources.flight.apiKey: do not put the key in the file; name an environment variable in apiKeyEnv');
    const apiKey = apiKeyEnv ? env[apiKeyEnv] : undefined;
    if (apiKeyEnv && !apiKey) v.fail(`sources.flight.apiKeyEnv: environment variable ${apiKeyEnv} is not set`);
    const maxAgeSeconds = v.optional(o.maxAgeSeconds, (y) => v.number(y, 'sources.flight.maxAgeSeconds', 1, 86_400));
    const timeoutMs = v.optional(o.timeoutMs, (y) => v.int(y, 'sources.flight.timeoutMs', 1, 600_000));
    if (!baseUrl || !apiKeyEnv || !apiKey) return undefined;
    return { kind: 'http', baseUrl, apiKey, apiKeyEnv, ...(maxAgeSeconds ? { maxAgeSeconds } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
  }
  if (o.kind === 'simulated') {
    const flights: SimulatedFlight[] = [];
    (v.optional(o.flights, (y) => v.array(y, 'sources.flight.flights')) ?? []).forEach((item, i) => {
      const at = `sources.flight.flights[${i}]`;
      const f = v.object(item, at);
      if (!f) return;
      const flight = v.flight(f.flight, `${at}.flight`);
      const date = v.date(f.date, `${at}.date`);
      const scheduled = v.time(f.scheduledDeparture, `${at}.scheduledDeparture`);
      const actual = f.actualDeparture === null || f.actualDeparture === undefined ? null : v.time(f.actualDeparture, `${at}.actualDeparture`);
      const status = v.oneOf(f.status, `${at}.status`, ['scheduled', 'delayed', 'departed', 'landed', 'cancelled'] as const);
      if (flight && date && scheduled !== undefined && actual !== undefined && status) {
        flights.push({ flight, date, scheduledDeparture: scheduled, actualDeparture: actual, status });
      }
    });
    return { kind: 'simulated', flights };
  }
  v.fail('sources.flight.kind: expected "http" or "simulated"');
  return undefined;
}

function parseQuakeSource(v: Validator, x: unknown): QuakeSourceConfig | undefined {
  const o = v.object(x, 'sources.quake');
  if (!o) return undefined;
  if (o.kind === 'usgs') {
    const feedUrl = v.url(o.feedUrl, 'sources.quake.feedUrl');
    const maxAgeSeconds = v.optional(o.maxAgeSeconds, (y) => v.number(y, 'sources.quake.maxAgeSeconds', 1, 7 * 86_400));
    const timeoutMs = v.optional(o.timeoutMs, (y) => v.int(y, 'sources.quake.timeoutMs', 1, 600_000));
    if (!feedUrl) return undefined;
    return { kind: 'usgs', feedUrl, ...(maxAgeSeconds ? { maxAgeSeconds } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
  }
  if (o.kind === 'simulated') {
    const quakes: SimulatedQuake[] = [];
    (v.optional(o.quakes, (y) => v.array(y, 'sources.quake.quakes')) ?? []).forEach((item, i) => {
      const at = `sources.quake.quakes[${i}]`;
      const q = v.object(item, at);
      if (!q) return;
      const id = v.string(q.id, `${at}.id`);
      const magnitude = v.number(q.magnitude, `${at}.magnitude`, -2, 10);
      const time = v.time(q.time, `${at}.time`);
      const lat = v.number(q.lat, `${at}.lat`, -90, 90);
      const lon = v.number(q.lon, `${at}.lon`, -180, 180);
      if (id && magnitude !== undefined && time !== undefined && lat !== undefined && lon !== undefined) quakes.push({ id, magnitude, time, lat, lon });
    });
    return { kind: 'simulated', quakes };
  }
  v.fail('sources.quake.kind: expected "usgs" or "simulated"');
  return undefined;
}

/** Collects problems instead of stopping at the first. Each check returns undefined when it fails. */
class Validator {
  constructor(readonly errors: string[]) {}
  fail(message: string): undefined {
    this.errors.push(message);
    return undefined;
  }
  optional<T>(x: unknown, check: (x: unknown) => T | undefined): T | undefined {
    return x === undefined ? undefined : check(x);
  }
  object(x: unknown, at: string): Record<string, unknown> | undefined {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return this.fail(`${at}: expected an object`);
    return x as Record<string, unknown>;
  }
  array(x: unknown, at: string): unknown[] | undefined {
    return Array.isArray(x) ? x : this.fail(`${at}: expected an array`);
  }
  string(x: unknown, at: string): string | undefined {
    return typeof x === 'string' && x.length > 0 ? x : this.fail(`${at}: expected a non-empty string`);
  }
  number(x: unknown, at: string, min: number, max: number): number | undefined {
    if (typeof x !== 'number' || !Number.isFinite(x)) return this.fail(`${at}: expected a number`);
    return x >= min && x <= max ? x : this.fail(`${at}: ${x} is outside [${min}, ${max}]`);
  }
  int(x: unknown, at: string, min: number, max: number): number | undefined {
    const n = this.number(x, at, min, max);
    return n === undefined || Number.isInteger(n) ? n : this.fail(`${at}: expected an integer`);
  }
  oneOf<T extends string>(x: unknown, at: string, values: readonly T[]): T | undefined {
    return (values as readonly unknown[]).includes(x) ? (x as T) : this.fail(`${at}: expected one of ${values.map((s) => `"${s}"`).join(', ')}`);
  }
  url(x: unknown, at: string): string | undefined {
    const s = this.string(x, at);
    if (s === undefined) return undefined;
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:' ? s : this.fail(`${at}: expected an http(s) URL`);
    } catch {
      return this.fail(`${at}: "${s}" is not a URL`);
    }
  }
  address(x: unknown, at: string): Address | undefined {
    return typeof x === 'string' && isAddress(x, { strict: false }) ? (x as Address) : this.fail(`${at}: expected an address`);
  }
  productId(x: unknown, at: string): bigint | undefined {
    if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return BigInt(x);
    if (typeof x === 'string' && /^\d+$/.test(x)) return BigInt(x);
    return this.fail(`${at}: expected a product id (non-negative integer)`);
  }
  flight(x: unknown, at: string): string | undefined {
    if (typeof x !== 'string') return this.fail(`${at}: expected a flight number`);
    try {
      return normalizeFlight(x);
    } catch (error) {
      return this.fail(`${at}: ${(error as Error).message}`);
    }
  }
  date(x: unknown, at: string): string | undefined {
    if (typeof x !== 'string') return this.fail(`${at}: expected a date YYYY-MM-DD`);
    try {
      return validateDate(x);
    } catch (error) {
      return this.fail(`${at}: ${(error as Error).message}`);
    }
  }
  /** ISO 8601 time with offset or unix seconds -> unix seconds. */
  time(x: unknown, at: string): number | undefined {
    if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return x;
    if (typeof x === 'string' && /T.*(Z|[+-]\d{2}:\d{2})$/.test(x) && !Number.isNaN(Date.parse(x))) return Math.floor(Date.parse(x) / 1000);
    return this.fail(`${at}: expected an ISO 8601 time with offset or unix seconds`);
  }
}
