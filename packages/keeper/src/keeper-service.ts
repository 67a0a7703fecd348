import type { IncomingMessage, ServerResponse } from 'node:http';

import { createBulwarkClient, type BulwarkClient, type Deployment } from '@bulwark/sdk';
import { loadDeployment } from '@bulwark/sdk/node';
import { createPublicClient, createWalletClient, defineChain, http, type Chain } from 'viem';

import type { KeeperConfig } from './config.js';
import { ConfigError } from './errors.js';
import { startHttpServer, type KeeperHttpServer } from './http.js';
import { Keeper } from './keeper.js';
import { loadAccount } from './key.js';
import { createLogger, type Logger } from './log.js';
import { keeperMetrics, type KeeperMetrics } from './metrics.js';
import { OracleNode, type Watch } from './oracle.js';
import { normalizeFlight, reportDomain, validateDate } from './report.js';
import { withRetry } from './retry.js';
import { FlightApiSource, SimulatedFlightSource, SimulatedQuakeSource, UsgsQuakeSource, type FlightQuery, type ObservationSource, type QuakeQuery } from './sources/index.js';
import { KeeperStore } from './store.js';
import { reportSubmitter } from './submit.js';

/**
 * The whole keeper process from a config: the payout keeper (`keeper` section), the oracle node (if
 * there are watches), one SQLite store, one metrics registry, one HTTP server (/health, /metrics and,
 * with `simulateEndpoint` and a simulated flight source, `POST /simulate/flight`).
 *
 * Simulated sources follow the chain's clock (the latest block time seen by the keeper), so on a
 * local chain whose time was moved forward a simulated flight is judged in chain time.
 */

export interface KeeperServiceOptions {
  config: KeeperConfig;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface KeeperService {
  url: string;
  chainId: number;
  deployment: Deployment;
  client: BulwarkClient;
  keeper: Keeper | undefined;
  node: OracleNode | undefined;
  store: KeeperStore;
  metrics: KeeperMetrics;
  http: KeeperHttpServer;
  /** The simulated flight source, if configured (set flights at run time). */
  flights: SimulatedFlightSource | undefined;
  /** Stops the loops, then closes the HTTP server and the store. */
  stop(): Promise<void>;
}

export async function startKeeperService(options: KeeperServiceOptions): Promise<KeeperService> {
  const { config } = options;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: config.logLevel, base: { service: 'bulwark-keeper' } });
  const pollingInterval = config.keeper?.rpcPollingMs ?? 1000;

  // The chain: its id decides the deployment file.
  const probe = createPublicClient({ transport: http(config.rpcUrl, { retryCount: 0, timeout: 10_000 }) });
  const chainId = await withRetry(() => probe.getChainId(), { attempts: 8, baseDelayMs: 250, maxDelayMs: 4_000, label: 'getChainId', logger });
  const deployment = loadDeployment(chainId, config.deploymentsDir || undefined);
  const chain: Chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  });
  const transport = http(config.rpcUrl, { retryCount: 1, timeout: 15_000 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 });

  const oracleAccount = loadAccount(config.oracle.key, env);
  const payer = config.keeper ? loadAccount(config.keeper.key, env) : oracleAccount;
  const wallet = createWalletClient({ chain, transport, account: payer, pollingInterval, cacheTime: 0 });
  const client = createBulwarkClient({ public: publicClient, wallet, deployment });

  // Simulated sources run on the chain's clock.
  let offset = 0;
  const chainClock = () => Math.floor(Date.now() / 1000) + offset;
  const onChainTime = (t: number) => {
    offset = t - Math.floor(Date.now() / 1000);
  };
  const initial = await withRetry(() => publicClient.getBlock(), { attempts: 8, baseDelayMs: 250, maxDelayMs: 4_000, label: 'getBlock', logger });
  onChainTime(Number(initial.timestamp));

  const metrics = keeperMetrics();
  const retry = { ...config.retry, onRetry: () => metrics.retries.inc(1, { op: 'source' }) };
  const sourceLog = logger.child({ component: 'source' });
  let flight: ObservationSource<FlightQuery> | undefined;
  let flights: SimulatedFlightSource | undefined;
  const f = config.sources.flight;
  if (f?.kind === 'http') flight = new FlightApiSource({ baseUrl: f.baseUrl, apiKey: f.apiKey, maxAgeSeconds: f.maxAgeSeconds, timeoutMs: f.timeoutMs, retry, logger: sourceLog });
  else if (f?.kind === 'simulated') flight = flights = new SimulatedFlightSource(f.flights, { now: chainClock });
  let quake: ObservationSource<QuakeQuery> | undefined;
  const q = config.sources.quake;
  if (q?.kind === 'usgs') quake = new UsgsQuakeSource({ feedUrl: q.feedUrl, maxAgeSeconds: q.maxAgeSeconds, timeoutMs: q.timeoutMs, retry, logger: sourceLog });
  else if (q?.kind === 'simulated') quake = new SimulatedQuakeSource(q.quakes, { now: chainClock });

  const store = KeeperStore.open(config.dbPath);
  try {
    const keeper = config.keeper
      ? new Keeper({ client, store, logger, metrics, batchSize: config.keeper.batchSize, tasks: config.keeper.tasks, onChainTime, retry: { attempts: config.retry.attempts, baseDelayMs: config.retry.baseDelayMs, maxDelayMs: config.retry.maxDelayMs } })
      : undefined;

    // A mutable list: POST /simulate/flight may add a watch at run time (the node reads it each tick).
    const watches: Watch[] = [...config.watches];
    let node: OracleNode | undefined;
    const trigger = config.oracle.trigger ?? deployment.contracts.SignedReportTrigger;
    if (watches.length > 0 || config.simulateEndpoint) {
      if (!trigger) throw new ConfigError('oracle.trigger: no SignedReportTrigger address (config or deployment)');
      const domain = reportDomain(chainId, trigger);
      const cosigners = (config.oracle.cosigners ?? []).map((k) => loadAccount(k, env));
      node = new OracleNode({
        account: oracleAccount,
        domain,
        store,
        watches,
        sources: { flight, quake },
        submit: reportSubmitter({ client, domain, cosigners, logger }),
        logger,
        metrics,
        retry: config.retry,
      });
      if (cosigners.length > 0) {
        logger.warn('LOCAL SHORTCUT: this node holds several oracle keys and signs each report with all of them; real deployments run one node per signer', {
          signers: [oracleAccount.address, ...cosigners.map((a) => a.address)],
        });
      }
    }

    const flightProduct = deployment.products.find((p) => p.kind === 'flight-delay' && p.claimRoute === 'SignedReportTrigger');
    const routes = config.simulateEndpoint && flights
      ? simulateRoutes({ flights, watches, chainClock, refreshClock: async () => onChainTime(Number((await publicClient.getBlock()).timestamp)), defaultProductId: flightProduct ? BigInt(flightProduct.id) : undefined, logger })
      : undefined;
    const httpServer = await startHttpServer({
      registry: metrics.registry,
      health: {
        lastTickAt: () => (keeper ? keeper.lastTickAt() : node?.lastTickAt()),
        details: () => ({
          chainId,
          keeper: keeper?.address ?? null,
          signer: node ? oracleAccount.address : null,
          watches: watches.length,
          pendingPayouts: store.countPayouts('pending') + store.countPayouts('sent'),
          lastError: keeper?.lastError() ?? null,
        }),
      },
      maxTickAgeSeconds: config.maxTickAgeSeconds,
      port: config.http.port,
      host: config.http.host,
      logger,
      routes,
    });

    const controller = new AbortController();
    const loops: Promise<void>[] = [];
    if (keeper) loops.push(keeper.run(config.keeper!.pollIntervalSeconds * 1000, controller.signal));
    if (node) loops.push(node.run(config.pollIntervalSeconds * 1000, controller.signal));
    logger.info('keeper started', {
      chainId, rpcUrl: config.rpcUrl, keeper: keeper?.address ?? null, oracleSigner: node ? oracleAccount.address : null, watches: watches.length,
      db: config.dbPath, http: httpServer.url, batchSize: config.keeper?.batchSize ?? null,
    });

    let stopping: Promise<void> | undefined;
    return {
      url: httpServer.url, chainId, deployment, client, keeper, node, store, metrics, http: httpServer, flights,
      stop() {
        stopping ??= (async () => {
          controller.abort();
          await Promise.allSettled(loops);
          await httpServer.close().catch(() => {});
          store.close();
          logger.info('keeper stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/**
 * `POST /simulate/flight` `{ "flight": "BA117", "date"?: "YYYY-MM-DD", "delayMinutes"?: 150, "cancelled"?: true,
 * "productId"?: 4 }`: sets the simulated flight's status (departed `delayMinutes` late, or cancelled) and
 * watches it if it is not watched yet. Without `date`, today's date on the chain's clock; the scheduled
 * departure is then `delayMinutes` + 1 min ago, so the flight has already left. `GET /simulate/flight`
 * lists the watches.
 */
function simulateRoutes(o: { flights: SimulatedFlightSource; watches: Watch[]; chainClock: () => number; refreshClock: () => Promise<void>; defaultProductId: bigint | undefined; logger: Logger }) {
  const json = (res: ServerResponse, code: number, body: unknown) =>
    void res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path !== '/simulate/flight') return false;
    if (req.method === 'GET') {
      json(res, 200, { watches: o.watches.filter((w) => w.kind === 'flight') });
      return true;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return true;
    }
    let body: Record<string, unknown>;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('expected a JSON object');
    } catch (error) {
      json(res, 400, { error: `bad body: ${(error as Error).message}` });
      return true;
    }
    try {
      const flightNo = normalizeFlight(String(body.flight ?? ''));
      await o.refreshClock().catch(() => {}); // the chain's time may have been moved since the last tick
      const now = o.chainClock();
      const today = new Date(now * 1000).toISOString().slice(0, 10);
      const date = validateDate(typeof body.date === 'string' ? body.date : today);
      const cancelled = body.cancelled === true;
      const delayMinutes = body.delayMinutes === undefined ? 0 : Number(body.delayMinutes);
      if (!cancelled && (!Number.isInteger(delayMinutes) || delayMinutes < 0 || delayMinutes > 24 * 60)) throw new RangeError('delayMinutes: an integer 0-1440 (or "cancelled": true)');
      const productId = body.productId === undefined ? o.defaultProductId : BigInt(String(body.productId));
      if (productId === undefined) throw new RangeError('productId: the deployment has no flight-delay product; give one');
      const scheduled = date === today ? now - (cancelled ? 60 : delayMinutes * 60 + 60) : Math.floor(Date.parse(`${date}T12:00:00Z`) / 1000);
      const actual = cancelled ? null : scheduled + delayMinutes * 60;
      if (actual !== null && actual > now) throw new RangeError(`the departure ${new Date(actual * 1000).toISOString()} is in the future on the chain's clock`);
      o.flights.set({ flight: flightNo, date, scheduledDeparture: scheduled, actualDeparture: actual, status: cancelled ? 'cancelled' : 'departed' });
      const id = `flight:${flightNo}:${date}:${productId}`;
      let watched = o.watches.some((w) => w.kind === 'flight' && w.flight === flightNo && w.date === date && w.productId === productId);
      if (!watched && !o.watches.some((w) => w.id === id)) {
        o.watches.push({ id, kind: 'flight', productId, flight: flightNo, date });
        watched = true;
      }
      const status = { flight: flightNo, date, productId, scheduledDeparture: new Date(scheduled * 1000).toISOString(), actualDeparture: actual === null ? null : new Date(actual * 1000).toISOString(), cancelled, delayMinutes: cancelled ? -1 : delayMinutes, watched };
      o.logger.info('simulated flight set', status);
      json(res, 200, status);
    } catch (error) {
      json(res, 400, { error: (error as Error).message });
    }
    return true;
  };
}
