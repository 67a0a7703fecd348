import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { coverManagerAbi } from '@bulwark/sdk';
import { decodeFunctionData, type Hex } from 'viem';

import { BoundsError, buildRiskProposal, toWad, type CurrentState } from '../src/index.js';
import { main } from '../src/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-risk-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

const WAD = 10n ** 18n;
const product = (baseRate: bigint, cap: bigint) => ({
  claimRoute: '0x00000000000000000000000000000000000000c1' as const, baseRateWad: baseRate, capWad: cap, maxCoverAmount: 250_000n * 10n ** 6n,
  minPeriod: 30 * 86_400, maxPeriod: 365 * 86_400, waitingPeriod: 86_400, claimGracePeriod: 30 * 86_400, payoutRule: 0, termsURI: 'ipfs://t',
});
/** The demo deployment's parameters (deploy/networks/products.ts, local.ts). */
const current: CurrentState = {
  coverManager: '0x00000000000000000000000000000000000000aa',
  pool: { leverageWad: 3n * WAD, curve: { kinkWad: (8n * WAD) / 10n, slope1Wad: WAD / 2n, slope2Wad: 5n * WAD } },
  products: [
    { id: 1, key: 'aave-v3-exploit', params: product((25n * WAD) / 1000n, WAD / 2n) },
    { id: 2, key: 'exchange-hack', params: product((35n * WAD) / 1000n, (3n * WAD) / 10n) },
    { id: 3, key: 'usdc-depeg', params: product((15n * WAD) / 1000n, WAD / 2n) },
    { id: 4, key: 'flight-delay', params: product(4n * WAD, WAD / 10n) },
    { id: 5, key: 'earthquake', params: product((4n * WAD) / 100n, (3n * WAD) / 10n) },
  ],
};
const currentFile = join(dir, 'current.json');
writeFileSync(currentFile, JSON.stringify(current, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));

describe('bulwark-risk CLI', () => {
  test('usage errors exit 2 with a message', async () => {
    for (const argv of [[], ['bogus'], ['capital', '--years', 'many'], ['backtest', '--from'], ['price', '--plot', 'x.png'], ['propose'], ['capital', '--years', '10']]) {
      const r = await run(...argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, /^error: /);
    }
  });

  test('the bin starts and exits 2 on a usage error', () => {
    const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/bulwark-risk.mjs');
    const r = spawnSync(process.execPath, [bin, 'nonsense'], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /unknown command "nonsense"/);
  });

  test('fit --json and --as-of', async () => {
    const r = await run('fit', '--json', '--as-of', '2022');
    assert.equal(r.code, 0, r.err);
    const models = JSON.parse(r.out) as Record<string, { frequency: { mean: number; ci90: number[] } }>;
    assert.ok(models['smart-contract-exploit']!.frequency.mean > 0);
  });

  test('capital --json with a plot, progress on stderr', async () => {
    const plot = join(dir, 'capital.svg');
    const r = await run('capital', '--json', '--years', '20000', '--plot', plot);
    assert.equal(r.code, 0, r.err);
    const { capital, limits } = JSON.parse(r.out) as { capital: { var: number; es: number; requiredCapital: number }; limits: { maxLeverage: number } };
    assert.ok(capital.es >= capital.var && capital.requiredCapital > 0 && limits.maxLeverage > 0);
    assert.match(r.err, /simulating 20,000\/20,000 pool-years/);
    assert.match(readFileSync(plot, 'utf8'), /^<svg[^>]*>.*VaR 99.5%/s);
  });

  test('backtest prints the 2019-2024 table and plots it', async () => {
    const plot = join(dir, 'backtest.svg');
    const r = await run('backtest', '--years', '5000', '--plot', plot);
    assert.equal(r.code, 0, r.err);
    for (const y of [2019, 2020, 2021, 2022, 2023, 2024]) assert.match(r.out, new RegExp(`^${y} `, 'm'));
    assert.match(r.out, /insolvent years: /);
    assert.match(readFileSync(plot, 'utf8'), /2024/);
  });
});

describe('propose', () => {
  test('refuses a change beyond the largest relative change, naming the parameter', async () => {
    const r = await run('propose', '--current', currentFile, '--years', '5000');
    assert.equal(r.code, 1);
    assert.match(r.err, /baseRateWad|capWad|leverageWad/);
    assert.match(r.err, /more than 50% from the current/);
  });

  test('--clamp: calldata of updateProduct / setPoolParams within +-50% of today, decodable, with a description', async () => {
    const r = await run('propose', '--current', currentFile, '--years', '5000', '--clamp', '--json');
    assert.equal(r.code, 0, r.err);
    const p = JSON.parse(r.out) as { targets: string[]; values: string[]; calldatas: Hex[]; description: string };
    assert.ok(p.targets.length > 0 && p.targets.every((t) => t.toLowerCase() === current.coverManager));
    assert.ok(p.values.every((v) => v === '0'));
    assert.match(p.description, /^# Risk parameters/);
    for (const data of p.calldatas) {
      const call = decodeFunctionData({ abi: coverManagerAbi, data });
      if (call.functionName === 'updateProduct') {
        const [id, params] = call.args;
        const before = current.products.find((x) => BigInt(x.id) === id)!.params;
        for (const k of ['baseRateWad', 'capWad'] as const) {
          assert.ok(params[k] * 2n >= before[k] && params[k] * 2n <= before[k] * 3n, `${k} of ${id} within 50%`);
        }
        assert.equal(params.termsURI, before.termsURI, 'other fields untouched');
      } else {
        assert.equal(call.functionName, 'setPoolParams');
        const [pool] = call.args;
        assert.ok(pool.leverageWad <= (current.pool.leverageWad * 3n) / 2n && pool.leverageWad >= current.pool.leverageWad / 2n);
        assert.deepEqual(pool.curve, current.pool.curve);
      }
    }
  });

  test("governance's on-chain bounds hold whatever the fit says", () => {
    assert.throws(() => buildRiskProposal(current, { products: [{ key: 'flight-delay', rate: 12 }] }, { maxRelativeChange: 100, clamp: true }), (e: unknown) => e instanceof BoundsError && /governance bound/.test(e.message));
    assert.throws(() => buildRiskProposal(current, { products: [], leverage: 11 }, { maxRelativeChange: 100, clamp: true }), BoundsError);
    assert.throws(() => buildRiskProposal(current, { products: [{ key: 'aave-v3-exploit', rate: Number.NaN }] }), BoundsError);
    assert.throws(() => buildRiskProposal(current, { products: [{ key: 'aave-v3-exploit', cap: 0 }] }, { maxRelativeChange: 100, clamp: false }), BoundsError);
    const ok = buildRiskProposal(current, { products: [{ key: 'aave-v3-exploit', rate: 0.03 }] });
    assert.equal(ok.changes[0]!.to, 30_000_000_000_000_000n);
    assert.equal(toWad(0.025, 'up'), 25_000_000_000_000_000n, 'no float noise in the last digit');
    assert.equal(toWad(1 / 3, 'down'), 333_333_333_000_000_000n);
  });

  test('leverage is proposed in whole millionths, the precision the CoverManager stores pool parameters in', () => {
    const leverageOf = (p: ReturnType<typeof buildRiskProposal>) => {
      const { args } = decodeFunctionData({ abi: coverManagerAbi, data: p.calldatas[0]! });
      return (args![0] as { leverageWad: bigint }).leverageWad;
    };
    // 3.1234567891x: the digits beyond the millionth are dropped (down: never more capacity than fitted).
    assert.equal(leverageOf(buildRiskProposal(current, { products: [], leverage: 3.1234567891 })), 3_123_456_000_000_000_000n);
    // Clamped to a third of 3.000001x: the bounds (4.000000333333x, 2.000001666667x) round inwards to millionths.
    const odd = { ...current, pool: { ...current.pool, leverageWad: 3_000_001_000_000_000_000n } };
    assert.equal(leverageOf(buildRiskProposal(odd, { products: [], leverage: 9 }, { maxRelativeChange: 1 / 3, clamp: true })), 4_000_000_000_000_000_000n);
    assert.equal(leverageOf(buildRiskProposal(odd, { products: [], leverage: 0.5 }, { maxRelativeChange: 1 / 3, clamp: true })), 2_000_002_000_000_000_000n);
  });
});
