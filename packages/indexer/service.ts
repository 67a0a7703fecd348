/**
 * Runs the Bulwark indexer (the real Ponder binary, `ponder start`) as a child process in its own
 * process group, for `npm start`, the tests and the benchmark.
 *
 * Data: PGlite under `<dataDir>/pglite`, or PostgreSQL when `databaseUrl` (or `DATABASE_URL`) is set.
 * A restart on the same data resumes where it stopped (Ponder's crash recovery). Data written for
 * another chain (a fresh anvil, another deployment) or by another version of the indexer's code is
 * detected through `<dataDir>/chain.json` (chain id, addresses, start block and its hash, code hash)
 * and reset (PGlite) or left behind in its own schema (PostgreSQL: the schema is named after that
 * fingerprint).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StartIndexerParameters {
  /** JSON-RPC URL of the chain. */
  rpcUrl: string;
  /** `deployments/<chainId>.json`. */
  deploymentFile: string;
  /** HTTP port of the API (GraphQL, SQL, REST). */
  port: number;
  /** Where the indexer keeps its data (PGlite database, chain fingerprint). Created if missing. */
  dataDir: string;
  /** PostgreSQL connection string; default `DATABASE_URL`, else embedded PGlite. */
  databaseUrl?: string;
  /** Append Ponder's output here (default: kept in memory, the last lines appear in errors). */
  logFile?: string;
  /** Hostname to listen on (default 127.0.0.1). */
  hostname?: string;
}

export interface Indexer {
  /** Base URL of the API, e.g. `http://127.0.0.1:8565`. */
  url: string;
  /** Database schema in use (`public` for PGlite). */
  schema: string;
  /** True when the data directory was reset because it belonged to another chain or code version. */
  reset: boolean;
  /**
   * Resolves once Ponder's `/ready` answers 200 (backfill done) and the indexed head (`/status`) has
   * reached the chain's head as of that moment (Ponder backfills to the finalized block, then indexes the
   * last blocks live); rejects if Ponder exits first or on timeout (default 120 s).
   */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops Ponder (SIGTERM to its process group, SIGKILL after 15 s). */
  stop(): Promise<void>;
}

export class IndexerError extends Error {
  override name = 'IndexerError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const ROOT = dirname(fileURLToPath(import.meta.url));

function ponderBin(): string {
  for (let dir = ROOT; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', 'ponder', 'dist', 'esm', 'bin', 'ponder.js');
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) throw new IndexerError('ponder is not installed (node_modules/ponder not found)');
  }
}

/** Hash of the indexer's own code (config, schema, indexing functions, API): Ponder's build id changes with it. */
function codeHash(): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else if (path.endsWith('.ts')) {
      hash.update(path.slice(ROOT.length)).update(readFileSync(path));
    }
  };
  for (const part of ['ponder.config.ts', 'ponder.schema.ts', 'src', 'lib']) walk(join(ROOT, part));
  return hash.digest('hex');
}

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error || body.result === undefined) throw new IndexerError(`${method} failed: ${body.error?.message ?? 'no result'}`);
  return body.result;
}

interface Fingerprint {
  chainId: number;
  startBlock: number;
  startBlockHash: string;
  coverManager: string;
  code: string;
}

async function fingerprint(rpcUrl: string, deploymentFile: string): Promise<Fingerprint> {
  const d = JSON.parse(readFileSync(deploymentFile, 'utf8')) as { chainId: number; startBlock: number; contracts: { CoverManager: string } };
  const block = await rpc<{ hash: string } | null>(rpcUrl, 'eth_getBlockByNumber', [`0x${d.startBlock.toString(16)}`, false]);
  if (!block) throw new IndexerError(`the chain at ${rpcUrl} has no block ${d.startBlock} (deployment start block)`);
  return { chainId: d.chainId, startBlock: d.startBlock, startBlockHash: block.hash, coverManager: d.contracts.CoverManager.toLowerCase(), code: codeHash() };
}

export async function startIndexer(params: StartIndexerParameters): Promise<Indexer> {
  const { rpcUrl, deploymentFile, port, dataDir } = params;
  const databaseUrl = params.databaseUrl ?? process.env.DATABASE_URL;
  const hostname = params.hostname ?? '127.0.0.1';
  mkdirSync(dataDir, { recursive: true });

  const print = await fingerprint(rpcUrl, deploymentFile);
  const printFile = join(dataDir, 'chain.json');
  const previous = existsSync(printFile) ? readFileSync(printFile, 'utf8') : undefined;
  const current = JSON.stringify(print, null, 2);
  const pgliteDir = join(dataDir, 'pglite');
  const reset = previous !== undefined && previous !== current;
  if (previous !== current && !databaseUrl) rmSync(pgliteDir, { recursive: true, force: true });
  writeFileSync(printFile, current);
  const schema = databaseUrl ? `bulwark_${createHash('sha256').update(current).digest('hex').slice(0, 12)}` : 'public';

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PONDER_TELEMETRY_DISABLED: 'true',
    BULWARK_DEPLOYMENT: deploymentFile,
    BULWARK_RPC_URL: rpcUrl,
    BULWARK_INDEXER_PGLITE_DIR: pgliteDir,
    BULWARK_INDEXER_SCHEMA: schema,
    NO_COLOR: '1',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;

  const args = [ponderBin(), '--root', ROOT, '--log-format', 'json', 'start', '--schema', schema, '--port', String(port), '--hostname', hostname];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: WriteStream | undefined = params.logFile ? createWriteStream(params.logFile, { flags: 'a' }) : undefined;
  let tail = '';
  const keep = (chunk: Buffer) => {
    log?.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });

  const url = `http://${hostname}:${port}`;
  const failure = (what: string) => new IndexerError(`${what}; last output:\n${tail.split('\n').slice(-15).join('\n')}`);

  return {
    url,
    schema,
    reset,
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      let target: number | undefined;
      for (;;) {
        if (exited) throw failure(`ponder exited (code ${exited.code}, signal ${exited.signal}) before it was ready`);
        try {
          if (target === undefined) {
            const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
            await response.arrayBuffer();
            if (response.status === 200) target = Number(await rpc<string>(rpcUrl, 'eth_blockNumber', []));
          }
          if (target !== undefined) {
            const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2_000) });
            const status = (await response.json()) as Record<string, { block?: { number?: number } }>;
            if (Object.values(status).some((chain) => (chain.block?.number ?? -1) >= target!)) return;
          }
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw failure(`ponder not ready after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    },
    async stop() {
      if (!exited && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, 15_000);
        await exit;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
    },
  };
}
