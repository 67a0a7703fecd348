/**
 * The keeper end to end on fresh anvil chains (ports 8691-8699): a de-peg proven and paid to every
 * cover exactly once; a keeper process SIGKILLed in the middle of its payouts and restarted on the
 * same database; an RPC outage in front of the chain; a flight delay from the simulated source
 * signed by two local oracle keys, finalized after the dispute window and paid.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  buyCover, contractsOf, getTriggerEvents, proveDepeg, pushMockPrice, findDepegProof, submitReport, triggerAbi,
} from '@bulwark/sdk';
import { getAbiItem, type Address, type Hex } from 'viem';

import { localOracleAccount } from '../../../deploy/networks/local.js';
import { anvilAddress, anvilKey } from '../../../scripts/lib/chain.js';
import { DAY, USDC, startFixture, type Fixture } from '../../sdk/test/fixture.js';
import { Keeper, KeeperStore, makeReport, memoryLogger, parseConfig, reportDomain, riskKeys, signReport, sortSignatures, startKeeperService } from '../src/index.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const KEEPER = 4; // a depositor: done depositing, holds no role; the keeper's gas account in these tests
const BUYERS = [2, 5, 6, 7, 8, 9];
const tmp = mkdtempSync(join(tmpdir(), 'bulwark-keeper-test-'));

const productId = (f: Fixture, key: string) => {
  const p = f.deployment.products.find((x) => x.key === key);
  assert.ok(p, key);
  return BigInt(p.id);
};
const usdcOf = (f: Fixture, who: Address) => f.reader.public.readContract({ ...contractsOf(f.deployment).asset, functionName: 'balanceOf', args: [who] });
const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 100) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

/** Buys `n` covers on `product` round-robin over the buyers; returns [coverId, owner]. */
async function buyMany(f: Fixture, product: bigint, n: number, amount: bigint, period: number, riskKey?: Hex) {
  const covers: { coverId: bigint; owner: Address }[] = [];
  for (let i = 0; i < n; i++) {
    const buyer = BUYERS[i % BUYERS.length]!;
    const { coverId } = await buyCover(f.as(buyer), { productId: product, amount, period, ...(riskKey ? { riskKey } : {}) });
    covers.push({ coverId, owner: anvilAddress(buyer) });
  }
  return covers;
}

/** Pushes feed answers below $0.95 for more than an hour (the product's minimum duration). */
async function depeg(f: Fixture) {
  const push = (answer: bigint) => pushMockPrice(f.as(0), { answer });
  await push(99_000_000n);
  await push(94_000_000n);
  await f.advance(40 * 60);
  await push(93_000_000n);
  await f.advance(25 * 60);
  await push(92_000_000n);
}

/** TriggerCoverPaid logs of a trigger, counted by cover. */
async function paidCount(f: Fixture, trigger: Address): Promise<Map<bigint, number>> {
  const logs = await f.reader.public.getLogs({ address: trigger, event: getAbiItem({ abi: triggerAbi, name: 'TriggerCoverPaid' }), fromBlock: 0n, toBlock: 'latest' });
  const counts = new Map<bigint, number>();
  for (const log of logs) counts.set(log.args.coverId!, (counts.get(log.args.coverId!) ?? 0) + 1);
  return counts;
}
const isPaid = (f: Fixture, trigger: Address, eventId: bigint, coverId: bigint) =>
  f.reader.public.readContract({ address: trigger, abi: triggerAbi, functionName: 'isPaid', args: [eventId, coverId] });

function keeperConfig(f: Fixture, rpcUrl: string, extra: Record<string, unknown> = {}) {
  return {
    rpcUrl,
    deploymentsDir: f.deploymentsDir,
    dbPath: join(tmp, `keeper-${Math.random().toString(36).slice(2)}.db`),
    http: { port: 0 },
    pollIntervalSeconds: 1,
    logLevel: 'info',
    oracle: { key: { env: 'TEST_ORACLE_KEY' } },
    keeper: { key: { env: 'TEST_KEEPER_KEY' }, batchSize: 10, pollIntervalSeconds: 0.2, rpcPollingMs: 50 },
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 500 },
    sources: {},
    watches: [],
    ...extra,
  };
}
const oracleKey = (i: number): Hex => `0x${Buffer.from(localOracleAccount(i).getHdKey().privateKey!).toString('hex')}`;
const keeperEnv = { TEST_KEEPER_KEY: anvilKey(KEEPER), TEST_ORACLE_KEY: oracleKey(10), TEST_ORACLE2_KEY: oracleKey(11) };

describe('keeper against anvil', { timeout: 240_000 }, () => {
  let a: Fixture;
  let b: Fixture;
  before(async () => {
    a = await startFixture(8691);
    b = await startFixture(8692);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('proves a de-peg and pays every de-peg cover exactly once, by itself', async () => {
    const product = productId(a, 'usdc-depeg');
    const covers = await buyMany(a, product, 30, USDC('1000'), 30 * DAY);
    await a.advance(DAY + 60); // past the waiting period
    const before = new Map<Address, bigint>();
    for (const c of covers) before.set(c.owner, await usdcOf(a, c.owner));
    await depeg(a);

    const store = KeeperStore.open(join(tmp, 'depeg.db'));
    const log = memoryLogger('info');
    const keeper = new Keeper({ client: a.as(KEEPER), store, logger: log, batchSize: 100 });
    const first = await keeper.tick();
    assert.ok(first.ok, JSON.stringify(first.failed));
    assert.equal(first.proven.length, 1, 'proved the de-peg');
    assert.equal(first.paid, 30, 'paid all 30 in the same tick');
    const second = await keeper.tick();
    assert.ok(second.ok);
    assert.equal(second.proven.length + second.paid, 0, 'nothing more to do');

    const trigger = a.deployment.contracts.ChainlinkDepegTrigger!;
    const [event] = await getTriggerEvents(a.reader, { trigger: 'ChainlinkDepegTrigger' });
    assert.ok(event);
    const counts = await paidCount(a, trigger);
    const owed = new Map<Address, bigint>();
    for (const c of covers) {
      assert.ok(await isPaid(a, trigger, event.eventId, c.coverId), `cover ${c.coverId} paid`);
      assert.equal(counts.get(c.coverId), 1, `cover ${c.coverId} paid once`);
      owed.set(c.owner, (owed.get(c.owner) ?? 0n) + USDC('80')); // 8% shortfall at $0.92 of 1,000
    }
    for (const [owner, amount] of owed) assert.equal(await usdcOf(a, owner), before.get(owner)! + amount, `${owner} received ${amount}`);
    assert.equal(store.countPayouts('confirmed'), 30);
    assert.equal(keeper.metrics.payoutsConfirmed.get(), 30);
    assert.ok(store.getCursor(`depeg:${product}`) !== undefined, 'keeps a round cursor');
    assert.ok(log.entries().some((e) => e.msg === 'de-peg proven'));
    store.close();
  });

  it('pays a simulated flight delay: signs with two local oracle keys, submits, finalizes after the dispute window, pays', async () => {
    const product = productId(a, 'flight-delay');
    const start = Number(await a.now());
    const date = new Date((start + 3 * 3600) * 1000).toISOString().slice(0, 10);
    const [mine] = await buyMany(a, product, 1, USDC('500'), 3 * DAY, riskKeys.flight('BA117', date));
    const log = memoryLogger('info');
    const config = parseConfig(
      keeperConfig(a, a.anvil.url, {
        oracle: { key: { env: 'TEST_ORACLE_KEY' }, cosigners: [{ env: 'TEST_ORACLE2_KEY' }] },
        sources: { flight: { kind: 'simulated', flights: [] } },
        simulateEndpoint: true,
      }),
      { env: keeperEnv },
    );
    config.pollIntervalSeconds = 0.2;
    const service = await startKeeperService({ config, env: keeperEnv, logger: log });
    try {
      await until('a first tick', () => service.keeper!.lastTickAt() !== undefined);
      await a.advance(3 * 3600); // the flight leaves 2.5 h late; the endpoint reads the chain's clock afresh
      const before = await usdcOf(a, mine!.owner);
      const res = await fetch(`${service.url}/simulate/flight`, { method: 'POST', body: JSON.stringify({ flight: 'BA117', date, delayMinutes: 150 }) });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(((await res.json()) as { watched: boolean }).watched, true);
      await until('the report submitted', () => log.entries().some((e) => e.msg === 'report submitted on chain'));
      const submitted = log.entries().find((e) => e.msg === 'report submitted on chain')!;
      assert.equal((submitted.signers as string[]).length, 2, 'two oracle signatures');
      await a.advance(3600 + 60); // the dispute window
      await until('the cover paid', async () => (await usdcOf(a, mine!.owner)) === before + USDC('250'));
      assert.ok(log.entries().some((e) => e.msg === 'report finalized'));
      const health = await fetch(`${service.url}/health`);
      assert.equal(health.status, 200);
      assert.match(await (await fetch(`${service.url}/metrics`)).text(), /bulwark_keeper_payouts_confirmed_total 1/);
    } finally {
      await service.stop();
    }
  });

  it('survives a SIGKILL in the middle of a batch: restarted on the same database, every cover is paid exactly once', async () => {
    const product = productId(b, 'usdc-depeg');
    const covers = await buyMany(b, product, 30, USDC('1000'), 30 * DAY);
    await b.advance(DAY + 60);
    await depeg(b);
    const proof = await findDepegProof(b.reader, { productId: product });
    assert.ok(proof);
    const { eventId } = await proveDepeg(b.as(0), { productId: product, ...proof });
    const trigger = b.deployment.contracts.ChainlinkDepegTrigger!;

    const configFile = join(tmp, 'crash.json');
    const config = keeperConfig(b, b.anvil.url, { keeper: { key: { env: 'TEST_KEEPER_KEY' }, batchSize: 10, pollIntervalSeconds: 0.2, rpcPollingMs: 50, tasks: ['payouts'] } });
    writeFileSync(configFile, JSON.stringify(config));
    const rpc = (method: string, params: unknown[] = []) => b.reader.public.request({ method, params } as never);

    // Hold the first payout transaction in the mempool, and kill the keeper as soon as it is sent.
    await rpc('evm_setAutomine', [false]);
    const first = runKeeper(configFile);
    let killedAfter: string | undefined;
    try {
      await until('the first payout sent', () => first.lines.some((l) => l.msg === 'transaction sent' && String(l.op).startsWith('payTriggerCovers')), 30_000);
      first.child.kill('SIGKILL');
      killedAfter = String(first.lines.find((l) => l.msg === 'transaction sent')!.txHash);
      await first.exited;
    } finally {
      first.child.kill('SIGKILL');
      await rpc('evm_mine');
      await rpc('evm_setAutomine', [true]);
    }
    const sent = KeeperStore.open(config.dbPath);
    const rows = sent.listPayouts({ status: 'sent' });
    assert.equal(rows.length, 10, 'one batch of 10 recorded as sent before the kill');
    assert.ok(rows.every((r) => r.txHash === killedAfter));
    sent.close();

    const second = runKeeper(configFile);
    try {
      await until('every cover paid', async () => {
        for (const c of covers) if (!(await isPaid(b, trigger, eventId, c.coverId))) return false;
        return true;
      }, 30_000, 250);
      await until('the keeper to confirm them', () => second.lines.filter((l) => l.msg === 'payout batch confirmed').length >= 2);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    assert.ok(second.lines.some((l) => l.msg === 'payouts reconciled' && l.confirmed === 10), 'the restarted keeper found the sent batch paid');
    const counts = await paidCount(b, trigger);
    for (const c of covers) assert.equal(counts.get(c.coverId), 1, `cover ${c.coverId} paid exactly once`);
    const store = KeeperStore.open(config.dbPath);
    assert.equal(store.countPayouts('confirmed'), 30);
    assert.ok(store.listPayouts().every((r) => r.sends === 1), 'no cover sent twice');
    store.close();
  });

  it('rides out an RPC outage: keeps running, logs retryable errors, finishes the payouts when the RPC is back', async () => {
    const product = productId(b, 'flight-delay');
    const riskKey = riskKeys.flight('LH400', '2026-12-01');
    const covers = await buyMany(b, product, 12, USDC('400'), 3 * DAY, riskKey);
    await b.advance(600);
    const trigger = b.deployment.contracts.SignedReportTrigger!;
    const domain = reportDomain(31337, trigger);
    const report = makeReport({ productId: product, riskKey, eventTime: (await b.now()) - 60n, observedValue: -1n, tier: 3 });
    const signatures = sortSignatures(await Promise.all([10, 11].map((i) => signReport(localOracleAccount(i), domain, report))));
    await submitReport(b.as(0), { report, signatures: signatures.map((s) => s.signature) });

    const proxy = await startProxy(b.anvil.url);
    const log = memoryLogger('info');
    const config = parseConfig(keeperConfig(b, proxy.url, { keeper: { key: { env: 'TEST_KEEPER_KEY' }, batchSize: 5, pollIntervalSeconds: 0.2, rpcPollingMs: 50, tasks: ['reports', 'payouts'] } }), { env: keeperEnv });
    config.maxTickAgeSeconds = 1;
    const service = await startKeeperService({ config, env: keeperEnv, logger: log });
    try {
      await until('a first good tick', () => service.keeper!.lastTickAt() !== undefined);
      proxy.up = false;
      await b.advance(3600 + 60); // the dispute window passes while the keeper cannot reach the chain
      await until('retryable errors logged', () => log.entries().some((e) => e.msg === 'keeper step failed' && e.retryable === true), 15_000);
      await new Promise((r) => setTimeout(r, 2_000));
      assert.equal((await fetch(`${service.url}/health`)).status, 503, '/health reports the failing ticks');
      assert.ok(service.metrics.rpcErrors.get() > 0);
      const events = await getTriggerEvents(b.reader, { trigger: 'SignedReportTrigger' });
      assert.equal(events.length, 0, 'nothing finalized during the outage');
      proxy.up = true;
      await until('every cover paid', async () => (await paidCount(b, trigger)).size === covers.length, 30_000, 250);
      await until('a healthy tick again', async () => (await fetch(`${service.url}/health`)).status === 200);
    } finally {
      await service.stop();
      await proxy.close();
    }
    const counts = await paidCount(b, trigger);
    for (const c of covers) assert.equal(counts.get(c.coverId), 1, `cover ${c.coverId} paid once`);
  });
});

/** Runs `tsx packages/keeper/src/main.ts --config <file>` and collects its JSON log lines. */
function runKeeper(configFile: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/keeper/src/main.ts'), '--config', configFile], {
    cwd: ROOT,
    env: { ...process.env, ...keeperEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return { child, lines, exited };
}

/** A JSON-RPC proxy in front of anvil that answers 503 while `up` is false. */
async function startProxy(target: string): Promise<{ url: string; up: boolean; close(): Promise<void> }> {
  const state = { up: true };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!state.up) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream down');
      return;
    }
    try {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get up() {
      return state.up;
    },
    set up(v: boolean) {
      state.up = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
