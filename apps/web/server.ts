/**
 * Serves the built web app and its runtime configuration.
 *
 * `startWeb({ port, rpcUrl, indexerUrl, deployment | deploymentFile })` builds `dist/` with Vite when
 * it is missing or older than the sources, then serves it with plain `node:http`:
 * - `/config.json`: `{ rpcUrl, indexerUrl, deployment }`, so one build serves any network;
 * - `/api/*`: proxied to the indexer (same origin for the browser: no CORS needed), when one is given;
 * - hashed assets with a year of caching, gzip when the browser accepts it;
 * - any other path without a file: `index.html` (single-page app fallback).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const here = import.meta.dirname;
export const distDir = join(here, 'dist');

export interface StartWebOptions {
  port: number;
  /** Host to listen on (default 127.0.0.1). */
  host?: string | undefined;
  /** The RPC the browser talks to. */
  rpcUrl: string;
  /** The indexer's base URL; the server proxies `/api/*` to it. Omit when none runs. */
  indexerUrl?: string | undefined;
  /** The deployment (as in `deployments/<chainId>.json`), or the file to read it from. */
  deployment?: unknown;
  deploymentFile?: string | undefined;
  /** Build even if `dist/` looks current (default false). */
  rebuild?: boolean | undefined;
}

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Newest modification time under `path` (files only; skips node_modules and dist). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'test-results') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Whether `dist/` is missing or older than any source it is built from (the app, the SDK, the build config). */
export function isBuildStale(): boolean {
  const built = join(distDir, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = [join(here, 'src'), join(here, 'index.html'), join(here, 'vite.config.ts'), join(here, 'package.json'), join(here, '../../packages/sdk/src')];
  return sources.some((source) => newest(source) > builtAt);
}

let building: Promise<void> | undefined;

/**
 * Builds `dist/` with the Vite API (one build at a time in this process). The build goes to a
 * directory of its own, then replaces `dist/` by renames, so a server already running from `dist/`
 * never serves a half-written build; the previous build's hashed assets are kept, so a page loaded
 * before the rebuild can still fetch its lazy chunks.
 */
export async function buildWeb(): Promise<void> {
  building ??= (async () => {
    const { build } = await import('vite');
    const staging = `${distDir}.build-${process.pid}`;
    const old = `${distDir}.old-${process.pid}`;
    await build({ configFile: join(here, 'vite.config.ts'), root: here, logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    const previousAssets = join(distDir, 'assets');
    if (existsSync(previousAssets)) cpSync(previousAssets, join(staging, 'assets'), { recursive: true, force: false });
    rmSync(old, { recursive: true, force: true });
    if (existsSync(distDir)) renameSync(distDir, old);
    renameSync(staging, distDir);
    rmSync(old, { recursive: true, force: true });
  })().finally(() => {
    building = undefined;
  });
  return building;
}

function proxy(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = httpRequest(
    { hostname: target.hostname, port: target.port, path: `${target.pathname.replace(/\/$/, '')}${req.url}`, method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'internal', message: `indexer unreachable: ${error.message}` } }));
  });
  req.pipe(upstream);
}

export async function startWeb(options: StartWebOptions): Promise<WebServer> {
  const deployment = options.deployment ?? (options.deploymentFile ? JSON.parse(readFileSync(options.deploymentFile, 'utf8')) : undefined);
  if (!deployment) throw new Error('startWeb needs deployment or deploymentFile');
  if (options.rebuild || isBuildStale()) await buildWeb();
  const root = resolve(distDir);
  const indexer = options.indexerUrl ? new URL(options.indexerUrl) : undefined;
  // The browser reaches the indexer through this server ('' = same origin); null: no indexer.
  const config = JSON.stringify({ rpcUrl: options.rpcUrl, indexerUrl: indexer ? '' : null, deployment });
  const gzipped = new Map<string, Buffer>();

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(config);
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        if (indexer) return proxy(indexer, req, res);
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal', message: 'no indexer configured' } }));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      let file = normalize(join(root, decodeURIComponent(url.pathname)));
      if (!file.startsWith(root + sep) && file !== root) {
        res.writeHead(400).end();
        return;
      }
      const isFile = existsSync(file) && statSync(file).isFile();
      if (!isFile) {
        // A path with an extension is a missing asset; anything else is a route of the app.
        if (extname(url.pathname)) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        file = join(root, 'index.html');
      }
      const type = types[extname(file)] ?? 'application/octet-stream';
      const immutable = file.startsWith(join(root, 'assets') + sep);
      const headers: Record<string, string> = {
        'content-type': type,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      };
      let body = await readFile(file);
      if (/text|javascript|json|svg/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        let zipped = immutable ? gzipped.get(file) : undefined;
        if (!zipped) {
          zipped = gzipSync(body);
          if (immutable) gzipped.set(file, zipped);
        }
        body = zipped;
        headers['content-encoding'] = 'gzip';
        headers['vary'] = 'accept-encoding';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolveListen());
  });
  return {
    url: `http://${host}:${options.port}`,
    stop: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
