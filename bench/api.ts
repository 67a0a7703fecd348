/**
 * API benchmark: the indexer (real Ponder, embedded PGlite) over 10,000 covers, then HTTP load on
 * loopback. Prints a table and writes bench/api.json.
 *
 * Setup: anvil, the demo deployment, 3,000,000 USDC of pool capital, then 10,000 covers of 100 USDC for
 * 30 days on `usdc-depeg` bought through BulkBuyer (125 per transaction) for 1,000 owners, 10 covers
 * each. Then `startIndexer` on a fresh data directory; `indexingSeconds` runs from the start of the
 * Ponder process to `ready()` (backfill done and the chain's head indexed).
 *
 * Load: a closed loop of `concurrency` workers (fetch with keep-alive), each sending its next request
 * as soon as the last one answered, after `warmup` unmeasured requests:
 *   - covers of an owner, cold: `GET /api/covers?owner=<owner i>` for each of the 1,000 owners once
 *     (10 covers each; every answer checked: 10 items, all of that owner). The API keeps the answers of
 *     the current checkpoint in memory, so only a first request per URL reaches the database: this
 *     row is the database path. The warm-up uses other URLs (`&limit=20`).
 *   - covers of an owner, repeat: `requests` more, the same owners in turn (answers from memory).
 *   - protocol totals: `GET /api/totals`, `requests` times (checked: coversSold = 10,000). All but the
 *     first request of each block are answered from memory.
 *   - protocol totals, uncached: the first `GET /api/totals` of a block, `blocks` times: a block is
 *     mined (`evm_mine`), Ponder's `/status` polled until it is indexed, 60 ms waited (the API reads
 *     the checkpoint at most every 50 ms), then one request, alone, measured; checked to answer that
 *     block (else retried). This is the database path every client meets once per block.
 * `coversOfOwnerP95Ms` in bench/api.json is the cold row; `protocolTotalsUncachedP95Ms` the last row.
 * Latency is measured per request in the client (performance.now around fetch + body read);
 * percentiles are exact (sorted samples, nearest rank). Target: p95 <= 50 ms for both.
 *
 *   npm run bench:api
 *   npx tsx bench/api.ts --covers 2000 --requests 500 --concurrency 4 --blocks 50
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { maxUint256, parseUnits, toHex, zeroHash, type Address } from 'viem';

import type { Cover, Page, Totals } from '../packages/indexer/api-types.js';
import { startIndexer } from '../packages/indexer/service.js';
import { createBulwarkClient, deposit, faucet, mockUsdcAbi, type BulwarkClient } from '../packages/sdk/src/index.js';
import { loadArtifact } from '../scripts/lib/artifacts.js';
import { anvilAddress, anvilKey, deploy, localClients, send, withKey } from '../scripts/lib/chain.js';
import { demoConfig, deployBulwark, writeDeployment } from '../scripts/lib/deploy.js';
import { forgeBuild, ROOT, startAnvil } from '../scripts/lib/foundry.js';

/** Program output (this is a command, not library code). */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const ANVIL_PORT = 8711;
const INDEXER_PORT = 8712;
const DAY = 86_400;
const usdc = (value: string): bigint => parseUnits(value, 6);
const START_TIME = 1_767_268_800; // 2026-01-01T12:00:00Z
const COVER_AMOUNT = usdc('100');
const OWNERS = 1_000;
const CHUNK = 125;
const FIRST_OWNER = 0x20000n;
const TARGET_P95_MS = 50;

interface Options {
  covers: number;
  requests: number;
  concurrency: number;
  warmup: number;
  blocks: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: { covers: { type: 'string' }, requests: { type: 'string' }, concurrency: { type: 'string' }, warmup: { type: 'string' }, blocks: { type: 'string' } },
    allowPositionals: false,
  });
  const int = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
    return value;
  };
  const covers = int('covers', values.covers, 10_000);
  if (covers % OWNERS !== 0) throw new Error(`--covers must be a multiple of ${OWNERS}`);
  return {
    covers,
    requests: int('requests', values.requests, 3_000),
    concurrency: int('concurrency', values.concurrency, 4),
    warmup: int('warmup', values.warmup, 200),
    blocks: int('blocks', values.blocks, 100),
  };
}

interface Stats {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  requestsPerSecond: number;
}

/** Nearest-rank percentile of sorted samples. */
const percentile = (sorted: number[], p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (ms: number): number => Math.round(ms * 100) / 100;

async function load(
  paths: (i: number) => string,
  check: (body: unknown, i: number) => void,
  opts: Options & { warmupPath?: (i: number) => string },
): Promise<Stats> {
  const one = async (i: number, warm: boolean): Promise<number> => {
    const path = warm && opts.warmupPath ? opts.warmupPath(i) : paths(i);
    const started = performance.now();
    const response = await fetch(path);
    const body = (await response.json()) as unknown;
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
    check(body, i);
    return elapsed;
  };
  const run = async (count: number, warm: boolean): Promise<{ samples: number[]; seconds: number }> => {
    const samples: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: opts.concurrency }, async () => {
      for (let i = next++; i < count; i = next++) samples.push(await one(i, warm));
    }));
    return { samples, seconds: (performance.now() - started) / 1000 };
  };
  await run(opts.warmup, true);
  const { samples, seconds } = await run(opts.requests, false);
  return stats(samples, seconds);
}

function stats(samples: number[], seconds: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    requests: samples.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    requestsPerSecond: Math.round(samples.length / seconds),
  };
}

/** The first `GET /api/totals` of each of `blocks` new blocks (see the header). */
async function uncachedTotals(rpcUrl: string, indexerUrl: string, blocks: number, covers: number): Promise<Stats> {
  const rpc = async (method: string): Promise<unknown> => {
    const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }) });
    return ((await response.json()) as { result: unknown }).result;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const samples: number[] = [];
  let measuring = 0;
  while (samples.length < blocks) {
    await rpc('evm_mine');
    const target = Number(BigInt((await rpc('eth_blockNumber')) as string));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = (await (await fetch(`${indexerUrl}/status`)).json()) as Record<string, { block: { number: number } }>;
      if (Object.values(status).some((c) => c.block.number >= target)) break;
      if (Date.now() > deadline) throw new Error(`block ${target} not indexed within 30 s`);
      await sleep(20);
    }
    await sleep(60);
    const started = performance.now();
    const response = await fetch(`${indexerUrl}/api/totals`);
    const body = (await response.json()) as Totals;
    const elapsed = performance.now() - started;
    if (response.status !== 200 || body.coversSold !== covers) throw new Error(`totals answered ${response.status}: ${JSON.stringify(body)}`);
    if (body.blockNumber !== target) continue; // a stale checkpoint read: not the block's first answer
    samples.push(elapsed);
    measuring += elapsed;
  }
  return stats(samples, measuring / 1000);
}

async function main(): Promise<void> {
  const started = performance.now();
  const opts = options();
  forgeBuild();
  const anvil = await startAnvil({ port: ANVIL_PORT, args: ['--gas-limit', '30000000', '--timestamp', String(START_TIME)] });
  const work = mkdtempSync(join(tmpdir(), 'bulwark-bench-api-'));
  try {
    await run(anvil.url, work, opts);
  } finally {
    await anvil.stop();
    rmSync(work, { recursive: true, force: true });
  }
  print(`\nbenchmark run time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function run(url: string, work: string, opts: Options): Promise<void> {
  const admin = localClients(url, anvilKey(0));
  const t0 = performance.now();
  const deployment = await deployBulwark(admin, demoConfig({ guardian: anvilAddress(1), assessors: [5, 6, 7, 8].map(anvilAddress) }));
  const deploymentFile = writeDeployment(deployment, join(work, 'deployments'));
  const as = (i: number): BulwarkClient => {
    const c = i === 0 ? admin : withKey(admin, anvilKey(i));
    return createBulwarkClient({ public: c.public, wallet: c.wallet, deployment });
  };
  const token = { address: deployment.asset.address, abi: mockUsdcAbi } as const;
  const product = deployment.products.find((p) => p.key === 'usdc-depeg');
  if (!product) throw new Error('the deployment has no usdc-depeg product');
  for (const i of [3, 4]) {
    for (let k = 0; k < 2; k++) await faucet(as(0), { to: anvilAddress(i), amount: usdc('750000') });
    await deposit(as(i), { assets: usdc('1500000') });
  }
  const bulkArtifact = loadArtifact('BulkBuyer');
  const bulk = await deploy(admin, bulkArtifact);
  await send(admin, { ...token, functionName: 'faucet', args: [bulk.address, usdc('1000000')] });
  const params = { productId: BigInt(product.id), riskKey: zeroHash, amount: COVER_AMOUNT, period: BigInt(30 * DAY), maxPremium: maxUint256, recipient: anvilAddress(0) };
  for (let round = 0; round < opts.covers / OWNERS; round++) {
    for (let first = 0; first < OWNERS; first += CHUNK) {
      await send(admin, { address: bulk.address, abi: bulkArtifact.abi, functionName: 'buyMany', args: [deployment.contracts.CoverManager, token.address, params, BigInt(CHUNK), FIRST_OWNER + BigInt(first)] });
    }
  }
  const setupSeconds = (performance.now() - t0) / 1000;
  print(`setup: deployed and bought ${opts.covers.toLocaleString('en-US')} covers for ${OWNERS.toLocaleString('en-US')} owners in ${setupSeconds.toFixed(1)} s`);

  const t1 = performance.now();
  const indexer = await startIndexer({ rpcUrl: url, deploymentFile, port: INDEXER_PORT, dataDir: join(work, 'indexer'), logFile: join(work, 'ponder.log') });
  try {
    await indexer.ready(600_000);
    const indexingSeconds = (performance.now() - t1) / 1000;
    const totals = (await (await fetch(`${indexer.url}/api/totals`)).json()) as Totals;
    if (totals.coversSold !== opts.covers) throw new Error(`indexed ${totals.coversSold} covers, not ${opts.covers}`);
    print(`indexed: ${totals.coversSold.toLocaleString('en-US')} covers, ready in ${indexingSeconds.toFixed(1)} s (Ponder start, backfill, head)`);

    const ownerOf = (i: number): Address => toHex(FIRST_OWNER + BigInt(i % OWNERS), { size: 20 });
    const perOwner = opts.covers / OWNERS;
    const checkOwner = (body: unknown, i: number) => {
      const page = body as Page<Cover>;
      if (page.items.length !== Math.min(perOwner, 20) || page.items.some((c) => c.owner !== ownerOf(i))) throw new Error(`wrong covers for ${ownerOf(i)}`);
    };
    // Cold: every measured request asks for another owner (no answer cached); the warm-up uses
    // other URLs (`&limit=20`) so it warms the database, not the answer cache.
    const coversOfOwner = await load((i) => `${indexer.url}/api/covers?owner=${ownerOf(i)}`, checkOwner, {
      ...opts, requests: Math.min(opts.requests, OWNERS), warmupPath: (i) => `${indexer.url}/api/covers?owner=${ownerOf(i)}&limit=20`,
    });
    // Repeat: the same 1,000 owners again (answers of the current checkpoint come from memory).
    const coversOfOwnerRepeat = await load((i) => `${indexer.url}/api/covers?owner=${ownerOf(i)}`, checkOwner, { ...opts, warmup: 1 });
    const protocolTotals = await load(
      () => `${indexer.url}/api/totals`,
      (body) => {
        if ((body as Totals).coversSold !== opts.covers) throw new Error('wrong totals');
      },
      opts,
    );
    const protocolTotalsUncached = await uncachedTotals(url, indexer.url, opts.blocks, opts.covers);

    const rows: [string, Stats][] = [
      ['covers of an owner (cold)', coversOfOwner], ['covers of an owner (repeat)', coversOfOwnerRepeat], ['protocol totals', protocolTotals],
      ['protocol totals, uncached (first request of a block, alone)', protocolTotalsUncached],
    ];
    print('');
    print('| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | req/s |');
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const [name, s] of rows) print(`| ${name} | ${s.requests} | ${s.p50Ms} | ${s.p95Ms} | ${s.p99Ms} | ${s.maxMs} | ${s.requestsPerSecond} |`);
    const pass = coversOfOwner.p95Ms <= TARGET_P95_MS && protocolTotals.p95Ms <= TARGET_P95_MS && protocolTotalsUncached.p95Ms <= TARGET_P95_MS;
    print(`\ntarget p95 <= ${TARGET_P95_MS} ms: ${pass ? 'met' : 'NOT met'}`);

    const result = {
      coversIndexed: totals.coversSold,
      owners: OWNERS,
      indexingSeconds: Math.round(indexingSeconds * 10) / 10,
      coversOfOwnerP95Ms: coversOfOwner.p95Ms,
      protocolTotalsP95Ms: protocolTotals.p95Ms,
      protocolTotalsUncachedP95Ms: protocolTotalsUncached.p95Ms,
      targetP95Ms: TARGET_P95_MS,
      targetMet: pass,
      load: { concurrency: opts.concurrency, warmup: opts.warmup, coversOfOwner, coversOfOwnerRepeat, protocolTotals, protocolTotalsUncached },
      database: 'PGlite (embedded)',
      note: 'Loopback HTTP, closed loop; indexer, anvil and client on the same machine (2 shared cores). Latency per request measured in the client, exact nearest-rank percentiles.',
    };
    writeFileSync(join(ROOT, 'bench', 'api.json'), `${JSON.stringify(result, null, 2)}\n`);
    print('wrote bench/api.json');
  } finally {
    await indexer.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
