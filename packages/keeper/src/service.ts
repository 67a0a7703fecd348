import type { Address } from 'viem';

import type { KeeperConfig } from './config.js';
import { ConfigError } from './errors.js';
import { startHttpServer, type KeeperHttpServer } from './http.js';
import { loadAccount } from './key.js';
import { createLogger, type Logger } from './log.js';
import { keeperMetrics, type KeeperMetrics } from './metrics.js';
import { OracleNode, type SubmitReport } from './oracle.js';
import { reportDomain } from './report.js';
import { FlightApiSource, SimulatedFlightSource, SimulatedQuakeSource, UsgsQuakeSource, type FlightQuery, type ObservationSource, type QuakeQuery } from './sources/index.js';
import { KeeperStore } from './store.js';

/**
 * Assembles an oracle node from a config: key, store, sources, metrics, HTTP server. The chain side
 * (chain id, trigger address, `submit`) is passed in; the SDK wiring supplies it once
 * SignedReportTrigger is deployed.
 */
export interface OracleServiceOptions {
  chainId: number;
  /** The SignedReportTrigger (EIP-712 verifying contract); default `config.oracle.trigger`. */
  trigger?: Address;
  submit: SubmitReport;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface OracleService {
  node: OracleNode;
  store: KeeperStore;
  metrics: KeeperMetrics;
  http: KeeperHttpServer;
  /** Runs the loop until `signal` aborts, then closes the server and the store. */
  run(signal: AbortSignal): Promise<void>;
}

export async function startOracleService(config: KeeperConfig, options: OracleServiceOptions): Promise<OracleService> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, base: { service: 'bulwark-keeper' } });
  const trigger = options.trigger ?? config.oracle.trigger;
  if (!trigger) throw new ConfigError('oracle.trigger: no SignedReportTrigger address (config or deployment)');
  const account = loadAccount(config.oracle.key, options.env);
  const metrics = keeperMetrics();
  const retry = { ...config.retry, onRetry: () => metrics.retries.inc(1, { op: 'source' }) };
  const sourceLog = logger.child({ component: 'source' });

  let flight: ObservationSource<FlightQuery> | undefined;
  const f = config.sources.flight;
  if (f?.kind === 'http') flight = new FlightApiSource({ baseUrl: f.baseUrl, apiKey: f.apiKey, maxAgeSeconds: f.maxAgeSeconds, timeoutMs: f.timeoutMs, retry, logger: sourceLog });
  else if (f?.kind === 'simulated') flight = new SimulatedFlightSource(f.flights);
  let quake: ObservationSource<QuakeQuery> | undefined;
  const q = config.sources.quake;
  if (q?.kind === 'usgs') quake = new UsgsQuakeSource({ feedUrl: q.feedUrl, maxAgeSeconds: q.maxAgeSeconds, timeoutMs: q.timeoutMs, retry, logger: sourceLog });
  else if (q?.kind === 'simulated') quake = new SimulatedQuakeSource(q.quakes);

  const store = KeeperStore.open(config.dbPath);
  const node = new OracleNode({
    account,
    domain: reportDomain(options.chainId, trigger),
    store,
    watches: config.watches,
    sources: { flight, quake },
    submit: options.submit,
    logger,
    metrics,
    retry: config.retry,
  });
  const http = await startHttpServer({
    registry: metrics.registry,
    health: { lastTickAt: () => node.lastTickAt(), details: () => ({ signer: account.address, watches: config.watches.length }) },
    maxTickAgeSeconds: config.maxTickAgeSeconds,
    port: config.http.port,
    host: config.http.host,
    logger,
  });
  logger.info('oracle node started', { signer: account.address, chainId: options.chainId, trigger, watches: config.watches.length, db: config.dbPath });
  return {
    node,
    store,
    metrics,
    http,
    async run(signal) {
      try {
        await node.run(config.pollIntervalSeconds * 1000, signal);
      } finally {
        await http.close();
        store.close();
        logger.info('oracle node stopped');
      }
    },
  };
}
