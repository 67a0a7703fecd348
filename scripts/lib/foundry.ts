import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The Foundry project. */
export const CONTRACTS_DIR = join(ROOT, 'contracts');

/** Absolute path of the platform forge or anvil binary from the @foundry-rs npm packages. */
export function foundryBinary(tool: 'forge' | 'anvil'): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/${tool}-${process.platform}-${arch}`;
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', tool);
}

/** Error from a tool that exited non-zero. */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
  ) {
    super(`${tool} exited with code ${exitCode}`);
  }
}

/** Runs `forge build` of the contracts (not tests; incremental), throwing if it fails. */
export function forgeBuild(): void {
  const result = spawnSync(foundryBinary('forge'), ['build', '--skip', 'test', '--skip', 'script'], { cwd: CONTRACTS_DIR, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new ToolError('forge build', result.status);
}

export interface Anvil {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface AnvilOptions {
  port: number;
  /** Load the chain from and dump it to this file, so it survives restarts. */
  stateFile?: string;
  /** Extra anvil arguments. */
  args?: string[];
}

/** Starts anvil and resolves once its RPC answers. */
export async function startAnvil(options: AnvilOptions): Promise<Anvil> {
  const args = ['--port', String(options.port), '--host', '127.0.0.1', '--silent', ...(options.args ?? [])];
  // With its historical states, so a reloaded chain still answers calls at past blocks (an indexer
  // re-indexing from the first block reads contracts there); every anvil on a state file must keep
  // them, or its dump on exit drops them for the next one.
  if (options.stateFile) args.push('--state', options.stateFile, '--preserve-historical-states');
  const child = spawn(foundryBinary('anvil'), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new ToolError('anvil', child.exitCode);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`anvil did not answer on ${url} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (options.stateFile) await keepClockMonotonic(url);
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        // SIGTERM lets anvil write its --state file before exiting.
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error || body.result === undefined) throw new Error(`anvil ${method}: ${body.error?.message ?? 'no result'}`);
  return body.result;
}

/**
 * A reloaded anvil state forgets the clock offset of earlier `evm_increaseTime` calls, so its next
 * blocks would go back in time (to the wall clock), which no chain does and the contracts assume
 * never happens (their accounting subtracts past timestamps). Moves the clock to the saved chain's
 * latest block instead, when that is ahead of the wall clock.
 */
async function keepClockMonotonic(url: string): Promise<void> {
  const latest = await rpc<{ timestamp: string }>(url, 'eth_getBlockByNumber', ['latest', false]);
  const savedTime = Number(BigInt(latest.timestamp));
  if (savedTime >= Math.floor(Date.now() / 1000)) await rpc(url, 'anvil_setTime', [savedTime + 1]);
}
