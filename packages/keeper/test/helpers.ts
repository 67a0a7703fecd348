import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test helpers: a local HTTP server that serves recorded fixtures (no network beyond loopback). */

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
export const fixtureJson = (name: string): unknown => JSON.parse(fixture(name));

export interface Route {
  status?: number;
  body: string;
  /** Answer `failStatus` this many times before the real answer. */
  failTimes?: number;
  failStatus?: number;
}

export interface FixtureServer {
  url: string;
  /** Every request seen: path and headers. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  route(path: string, route: Route): void;
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startFixtureServer(routes: Record<string, Route> = {}): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const failures = new Map<string, number>();
  const requests: FixtureServer['requests'] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, headers: req.headers });
    const route = table.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const failed = failures.get(path) ?? 0;
    if (route.failTimes && failed < route.failTimes) {
      failures.set(path, failed + 1);
      res.writeHead(route.failStatus ?? 503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': 'application/json' }).end(route.body);
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, route) => void table.set(path, route),
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Unix seconds of an ISO time. */
export const at = (isoTime: string): number => Math.floor(Date.parse(isoTime) / 1000);

/** Anvil's well-known test keys (public; never hold value). */
export const testKeys = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
] as const;
