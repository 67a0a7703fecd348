/**
 * The `bulwark` command end to end: the real binary (bin/bulwark.mjs) against a real anvil with the
 * demo deployment. Every flow (buy, list, extend, cancel, deposit, withdraw after the cooldown,
 * claim, vote, payout) and the mistakes users make (unknown product, insufficient allowance,
 * capacity exceeded, wrong network, bad input): clear message, non-zero exit, key never shown.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { anvilKey } from '../../../scripts/lib/chain.js';
import { ROOT } from '../../../scripts/lib/foundry.js';
import { DAY, startFixture, type Fixture } from '../../sdk/test/fixture.js';

const BIN = join(ROOT, 'packages/cli/bin/bulwark.mjs');
let f: Fixture;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bulwark(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, BULWARK_RPC_URL: f.anvil.url, BULWARK_DEPLOYMENTS: f.deploymentsDir, BULWARK_PRIVATE_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a command that must succeed and returns its `--json` output. */
async function json<T = Record<string, unknown>>(args: string[], env?: Record<string, string>): Promise<T> {
  const run = await bulwark([...args, '--json'], env);
  assert.equal(run.code, 0, `bulwark ${args.join(' ')} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** Runs a command that must fail; returns its output. */
async function fails(args: string[], code: number, message: RegExp, env?: Record<string, string>): Promise<Run> {
  const run = await bulwark(args, env);
  assert.equal(run.code, code, `bulwark ${args.join(' ')} exit code (stderr: ${run.stderr})`);
  assert.match(run.stderr, message);
  return run;
}

describe('bulwark CLI against anvil', { timeout: 300_000 }, () => {
  before(async () => {
    f = await startFixture(8685);
  });
  after(async () => {
    await f?.stop();
  });

  it('shows status and products as tables and as JSON', async () => {
    const status = await bulwark(['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /pool {2}capital 1,000,000 USDC/);
    for (const p of f.deployment.products) assert.match(status.stdout, new RegExp(p.key));
    assert.match(status.stdout, /no open claims or incidents/);
    const products = await json<{ key: string; onSale: boolean }[]>(['products']);
    assert.deepEqual(products.map((p) => p.key), f.deployment.products.map((p) => p.key));
    assert.ok(products.every((p) => p.onSale));
  });

  let coverId = '';
  it('quotes, buys with a key from the environment, lists, extends and cancels', async () => {
    const key = anvilKey(2);
    const env = { BULWARK_PRIVATE_KEY: key };
    const quoted = await json<{ premium: string }>(['quote', 'aave-v3-exploit', '25000', '90d']);
    assert.ok(BigInt(quoted.premium) > 0n);
    const buy = await bulwark(['buy', 'aave-v3-exploit', '25000', '90d'], env);
    assert.equal(buy.code, 0, buy.stderr);
    assert.match(buy.stdout, /bought cover #\d+ on aave-v3-exploit: 25,000 USDC until .* for [\d,.]+ USDC/);
    assert.match(buy.stderr, /mined in block \d+/, 'shows progress while waiting for the block');
    for (const output of [buy.stdout, buy.stderr]) assert.ok(!output.includes(key.slice(2)), 'the key is never printed');
    coverId = /#(\d+)/.exec(buy.stdout)?.[1] ?? '';
    const covers = await json<{ coverId: string; status: string }[]>(['covers'], env);
    assert.deepEqual(covers.map((c) => c.coverId), [coverId]);
    const second = await json<{ coverId: string }>(['buy', '2', '1000', '60d', '--account', '2']);
    const extended = await json<{ end: string; premium: string }>(['extend', second.coverId, '30d', '--account', '2']);
    assert.ok(BigInt(extended.premium) > 0n);
    const cancelled = await json<{ refund: string; fee: string }>(['cancel', second.coverId, '--account', '2']);
    assert.ok(BigInt(cancelled.refund) > 0n);
    const listed = await bulwark(['covers', '--account', '2']);
    assert.match(listed.stdout, new RegExp(`#${second.coverId} .*cancelled`));
  });

  it('refuses bad input with clear messages and non-zero exit codes', async () => {
    await fails(['buy', 'no-such-product', '100', '30d', '--account', '2'], 1, /unknown product "no-such-product"; known: 1 aave-v3-exploit/);
    await fails(['buy', 'aave-v3-exploit', '100', '30d', '--account', '2', '--no-permit'], 1, /insufficient allowance/);
    await fails(['buy', 'exchange-hack', '100000', '30d', '--account', '9', '--max-premium', '0.01'], 1, /premium [\d,.]+ USDC is above the maximum you accepted \(0.01 USDC\)/);
    await fails(['buy', 'flight-delay', '5000', '2d', '--account', '2'], 1, /cover amount 5,000 USDC is above product \d+'s maximum 2,000 USDC/);
    for (let i = 0; i < 3; i++) await json(['buy', 'exchange-hack', '100000', '30d', '--account', '9']);
    await fails(['buy', 'exchange-hack', '100000', '30d', '--account', '9'], 1, /capacity of product \d+ exceeded: 100,000 USDC requested, [\d,.]+ USDC available/);
    await fails(['status', '--chain-id', '1'], 1, /no deployment for chain 1/);
    await fails(['status', '--rpc-url', 'http://127.0.0.1:1'], 1, /RPC|fetch|connect/i);
    await fails(['buy', 'aave-v3-exploit', 'lots', '30d', '--account', '2'], 2, /amount must be a positive decimal number/);
    await fails(['buy', 'aave-v3-exploit', '100', '30d'], 2, /sends a transaction: give a key/);
    await fails(['vote', '1', 'maybe', '--account', '5'], 2, /vote must be "yes" or "no"/);
    await fails(['frobnicate'], 2, /unknown command "frobnicate"/);
    const keyFile = join(f.deploymentsDir, 'bad.key');
    writeFileSync(keyFile, 'not a key');
    await fails(['buy', '1', '100', '30d', '--key-file', keyFile], 2, /does not hold a 32-byte hex private key/);
  });

  it('deposits, requests a withdrawal and withdraws after the cooldown', async () => {
    const deposited = await json<{ shares: string }>(['deposit', '5000', '--account', '2']);
    assert.ok(BigInt(deposited.shares) > 0n);
    const requested = await json<{ unlocksAt: string }>(['request-withdraw', 'all', '--account', '2']);
    await fails(['withdraw', '--account', '2'], 1, /cooling down until/);
    await f.advance(Number(BigInt(requested.unlocksAt) - (await f.now())) + 1);
    const out = await json<{ assets: string; shares: string }>(['withdraw', '--account', '2']);
    assert.equal(out.shares, deposited.shares);
    assert.ok(BigInt(out.assets) >= 5_000_000_000n - 1n);
  });

  it('files a claim, votes, resolves and pays it', async () => {
    await f.advance(2 * DAY);
    const incident = (await f.now()) - 30n;
    const filed = await json<{ caseId: string; voteEnd: string }>(['claim', coverId, '8000', '--incident-time', String(incident), '--evidence', 'ipfs://proof', '--account', '2']);
    for (const account of ['5', '6']) await json(['vote', filed.caseId, 'yes', '--account', account]);
    await fails(['vote', filed.caseId, 'yes', '--account', '2'], 1, /filer of case \d+ cannot vote/);
    const status = await bulwark(['status']);
    assert.match(status.stdout, new RegExp(`${filed.caseId} +claim +voting +cover ${coverId} +8,000 USDC`));
    await f.advance(Number(BigInt(filed.voteEnd) - (await f.now())) + 1);
    const resolved = await json<{ accepted: boolean; challengeEnd: string }>(['resolve', filed.caseId, '--account', '0']);
    assert.equal(resolved.accepted, true);
    await fails(['pay', filed.caseId, '--account', '0'], 1, /challenge period until/);
    await f.advance(Number(BigInt(resolved.challengeEnd) - (await f.now())) + 1);
    const paid = await bulwark(['pay', filed.caseId, '--account', '0']);
    assert.equal(paid.code, 0, paid.stderr);
    assert.match(paid.stdout, new RegExp(`paid 8,000 USDC to 0x[0-9a-fA-F]{40} \\(cover #${coverId}\\)`));
    const c = await json<{ status: string }>(['case', filed.caseId]);
    assert.equal(c.status, 'paid');
  });

  it('proves a de-peg from the mock feed and pays every de-peg cover', async () => {
    const bought = await json<{ coverId: string }>(['buy', 'usdc-depeg', '1000', '30d', '--account', '9']);
    await f.advance(2 * DAY);
    await json(['feed', '1.00', '--account', '0']); // a fresh round at the peg before the fall
    await json(['feed', '0.93', '--account', '0']);
    await fails(['prove-depeg', 'usdc-depeg', '--account', '9'], 2, /no de-peg long enough to prove/);
    await fails(['feed', '0.5', '--account', '9'], 1, /not owner/i);
    await f.advance(3_700);
    await json(['feed', '0.92', '--account', '0']);
    const proven = await json<{ eventId: string; payoutWad: string }>(['prove-depeg', 'usdc-depeg', '--account', '9']);
    assert.equal(proven.payoutWad, '80000000000000000', '8% short of $1.00');
    const paid = await json<{ covers: string[]; paid: number; total: string }>(['pay-event', 'depeg', proven.eventId, '--account', '0']);
    assert.deepEqual(paid.covers, [bought.coverId]);
    assert.equal(paid.total, '80000000', '8% of 1,000 USDC');
    const events = await bulwark(['events']);
    assert.match(events.stdout, new RegExp(`depeg +${proven.eventId} +usdc-depeg +product-wide .* 8.00%`));
    await fails(['buy', 'usdc-depeg', '1000', '30d', '--account', '9'], 1, /has an open incident/);
  });

  it('mints mock USDC on the local chain', async () => {
    const run = await bulwark(['faucet', '250', '--account', '9']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /minted 250 USDC to 0x/);
  });
});
