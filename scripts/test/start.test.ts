/**
 * End-to-end: the README's `npm start` on a fresh chain deploys and seeds the demo, and a restart
 * finds the saved chain and deployment instead of deploying twice.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPublicClient, http } from 'viem';

import { parseDeployment } from '../../packages/sdk/src/deployment.js';
import { loadArtifact } from '../lib/artifacts.js';
import { ROOT, startAnvil } from '../lib/foundry.js';

const PORT = '8657';

function start(...args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), '--port', PORT, '--exit', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(result.status, 0, `npm start failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

test('npm start deploys the demo on a fresh chain, then reuses it', () => {
  const first = start('--fresh');
  assert.match(first, /deploying\.\.\./);
  assert.match(first, /pool capital\s+1000000 USDC/, 'two depositors put 1,000,000 USDC in the pool');
  for (const name of ['Aave v3 smart-contract exploit', 'Custodial exchange hack', 'USDC de-peg', 'Flight delay', 'Earthquake']) {
    assert.ok(first.includes(name), `product ${name} listed`);
  }
  const deployment = JSON.parse(readFileSync(join(ROOT, 'deployments', '31337.json'), 'utf8'));
  assert.equal(deployment.chainId, 31337);
  assert.equal(deployment.products.length, 5);
  for (const address of Object.values(deployment.contracts)) assert.match(String(address), /^0x[0-9a-fA-F]{40}$/);
  for (const name of ['BulwarkToken', 'TimelockController', 'BulwarkGovernor', 'ClaimsManager']) {
    assert.match(String(deployment.contracts[name]), /^0x[0-9a-fA-F]{40}$/, `${name} deployed`);
    assert.match(first, new RegExp(`${name}\\s+0x[0-9a-fA-F]{40}`), `${name} printed`);
  }
  assert.equal(deployment.governance.timelockIsAdmin, true, 'the timelock holds the admin roles');
  assert.equal(deployment.governance.token.supply, String(100_000_000n * 10n ** 18n));
  assert.equal(deployment.governance.claims.treasury, deployment.contracts.TimelockController);
  assert.equal((first.match(/assessor \d\s+10000000 BWK, 10000000 votes/g) ?? []).length, 4, 'four self-delegated assessors');
  assert.match(first, /keeper\s+http:\/\/127\.0\.0\.1:8667/, 'the keeper runs, its /health and /metrics on the chain port + 10');
  assert.match(first, /\/simulate\/flight/, 'says how to simulate a flight delay');
  assert.match(first, /indexer\s+http:\/\/127\.0\.0\.1:8677/, 'the indexer runs on the chain port + 20');
  assert.match(first, /web app: http:\/\/127\.0\.0\.1:8687/, 'the web app is served on the chain port + 30');

  const second = start();
  assert.match(second, /found the deployment from an earlier run/);
  assert.doesNotMatch(second, /deploying\.\.\./);
  assert.ok(second.toLowerCase().includes(String(deployment.contracts.CoverManager).toLowerCase()), 'same addresses after a restart');
  assert.doesNotMatch(second, /seeding the demo/, 'the demo is seeded once');
  assert.match(second, /npx bulwark status/, 'says what to run next');
});

test('the deployment file is what the SDK reads: five products of five kinds, a USDC/USD feed at 1.00000000', async () => {
  const path = join(ROOT, 'deployments', '31337.json');
  const deployment = parseDeployment(JSON.parse(readFileSync(path, 'utf8')), path);
  assert.equal(deployment.network, 'local');
  assert.equal(deployment.products.length, 5);
  assert.deepEqual(new Set(deployment.products.map((p) => p.kind)), new Set(['protocol-exploit', 'custodial-hack', 'depeg', 'flight-delay', 'catastrophe']));
  assert.equal(deployment.asset.address, deployment.contracts.MockUSDC);
  assert.deepEqual({ symbol: deployment.asset.symbol, decimals: deployment.asset.decimals }, { symbol: 'USDC', decimals: 6 });
  const feed = deployment.contracts.MockAggregator;
  assert.ok(feed, 'a MockAggregator');
  assert.equal(deployment.feeds['USDC/USD'], feed);

  // The chain npm start saved, loaded again.
  const anvil = await startAnvil({ port: Number(PORT), stateFile: join(ROOT, '.bulwark', 'anvil-state.json'), args: ['--chain-id', '31337'] });
  try {
    const client = createPublicClient({ transport: http(anvil.url) });
    const abi = loadArtifact('MockAggregator').abi;
    const [, answer] = (await client.readContract({ address: feed, abi, functionName: 'latestRoundData' })) as readonly [bigint, bigint, bigint, bigint, bigint];
    assert.equal(answer, 100_000_000n, 'USDC/USD at 1.00000000');
    assert.equal(await client.readContract({ address: feed, abi, functionName: 'decimals' }), 8);
  } finally {
    await anvil.stop();
  }
});

test('npm start keeps running: the indexer answers with the seeded pool, the web app serves its page and config; SIGINT stops it all', async () => {
  // The indexer must re-index the reloaded chain from its first block (as after a change of its code),
  // reading contracts at past blocks: the saved chain keeps its historical states for that.
  rmSync(join(ROOT, '.bulwark', 'indexer'), { recursive: true, force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), '--port', PORT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 300_000;
    while (!output.includes('running; Ctrl-C stops everything')) {
      assert.equal(child.exitCode, null, `npm start exited early:\n${output}`);
      assert.ok(Date.now() < deadline, `npm start did not come up in 5 minutes:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const totals = (await (await fetch('http://127.0.0.1:8677/api/totals')).json()) as { capital: string; asset: { symbol: string } };
    assert.equal(totals.asset.symbol, 'USDC');
    assert.ok(BigInt(totals.capital) >= 1_000_000n * 10n ** 6n, `the indexer sees the seeded capital, got ${totals.capital}`);
    const page = await fetch('http://127.0.0.1:8687/');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/, 'the web app\'s page');
    const config = (await (await fetch('http://127.0.0.1:8687/config.json')).json()) as { rpcUrl: string; deployment: { chainId: number } };
    assert.equal(config.rpcUrl, `http://127.0.0.1:${PORT}`);
    assert.equal(config.deployment.chainId, 31337);
    const viaWeb = (await (await fetch('http://127.0.0.1:8687/api/totals')).json()) as { capital: string };
    assert.equal(viaWeb.capital, totals.capital, 'the web server proxies /api to the indexer');
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, `npm start stops cleanly on SIGINT:\n${output}`);
  await assert.rejects(fetch('http://127.0.0.1:8677/api/totals'), 'the indexer stopped with it');
  await assert.rejects(fetch('http://127.0.0.1:8687/'), 'the web server stopped with it');
});

test('npm start rejects a bad port with a clear message', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts'), '--port', 'x'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--port must be 1-65535, got x/);
});
