import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from './log.js';
import { PROMETHEUS_CONTENT_TYPE, type Registry } from './metrics.js';

/**
 * The keeper's HTTP endpoint:
 * - `GET /health`: 200 `{"status":"ok",...}` while the last loop tick is at most `maxTickAgeSeconds`
 *   old, else 503 `{"status":"stale"|"starting",...}`.
 * - `GET /metrics`: Prometheus text format 0.0.4.
 * - anything `routes` answers (e.g. `POST /simulate/flight` on a local run).
 */

/** An extra route handler: returns true if it answered the request. */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>;

export interface HealthSource {
  /** Unix seconds of the last completed tick, or undefined before the first. */
  lastTickAt(): number | undefined;
  /** Extra facts for the health body (last block, pending payouts...). */
  details?(): Record<string, string | number | boolean | null>;
}

export interface KeeperHttpServerOptions {
  registry: Registry;
  health: HealthSource;
  /** A tick older than this makes /health answer 503 (default 120). */
  maxTickAgeSeconds?: number;
  /** Port (0: ephemeral) and host (default 127.0.0.1). */
  port?: number;
  host?: string;
  logger?: Logger;
  now?: () => number;
  /** Tried before the built-in routes. */
  routes?: ExtraRoutes;
}

export interface KeeperHttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function healthStatus(health: HealthSource, maxTickAgeSeconds: number, now: number) {
  const last = health.lastTickAt();
  const age = last === undefined ? null : now - last;
  const status = last === undefined ? 'starting' : age! <= maxTickAgeSeconds ? 'ok' : 'stale';
  return {
    code: status === 'ok' ? 200 : 503,
    body: { status, lastTickAt: last ?? null, lastTickAgeSeconds: age, maxTickAgeSeconds, ...health.details?.() },
  };
}

export async function startHttpServer(options: KeeperHttpServerOptions): Promise<KeeperHttpServer> {
  const maxAge = options.maxTickAgeSeconds ?? 120;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (options.routes) {
      try {
        if (await options.routes(req, res, path)) return;
      } catch (error) {
        options.logger?.error('http route failed', { path, error });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error' }));
        return;
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/health') {
      const { code, body } = healthStatus(options.health, maxAge, now());
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(options.registry.render());
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  options.logger?.info('http server listening', { url });
  return {
    server,
    url,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
