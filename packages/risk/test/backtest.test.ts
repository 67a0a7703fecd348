import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { DataView, LookAheadError, fitCategories, runBacktest, viewBefore, type Incident, type RawRiskData, type RiskData } from '../src/index.js';
import { loadRawData } from '../src/node.js';

const raw = loadRawData();
const FAST = { simYears: 5_000 };

describe('backtest: no look-ahead', () => {
  test('a view for year Y that holds a record dated Y throws LookAheadError when the fit reads it', () => {
    const leaky: RiskData = { ...viewBefore(raw, 2021), incidents: new DataView('incidents', raw.incidents, 2021) };
    assert.throws(() => fitCategories(leaky), (e: unknown) => e instanceof LookAheadError && e.year === 2021 && e.date >= '2021-01-01');
    assert.doesNotThrow(() => fitCategories(viewBefore(raw, 2021)));
  });

  test('every record the fit for year Y sees is dated before Y', () => {
    const seen: { year: number; latest: string }[] = [];
    runBacktest(raw, {
      ...FAST,
      fitFn: (data, options) => {
        const dates = [...data.incidents, ...data.depegs, ...data.exposure].map((r) => r.date).sort();
        seen.push({ year: data.incidents.cutoffYear!, latest: dates[dates.length - 1]! });
        return fitCategories(data, options);
      },
    });
    assert.deepEqual(seen.map((s) => s.year), [2019, 2020, 2021, 2022, 2023, 2024]);
    for (const s of seen) assert.ok(s.latest < `${s.year}-01-01`, `fit for ${s.year} saw ${s.latest}`);
  });

  test('a planted future record changes nothing before its year, and does change the years after', () => {
    const planted: Incident = { date: '2022-06-01', year: 2022, protocol: 'Planted', chain: 'Ethereum', attackType: 'Logic Flaw', lossUsd: 5e8, category: 'smart-contract-exploit', row: 0 };
    const withPlant: RawRiskData = { ...raw, incidents: [...raw.incidents, planted] };
    const a = runBacktest(raw, { ...FAST, startYear: 2021, endYear: 2023 });
    const b = runBacktest(withPlant, { ...FAST, startYear: 2021, endYear: 2023 });
    const rate = (rows: typeof a, year: number) => rows.find((r) => r.year === year)!.lines.find((l) => l.line === 'smart-contract-exploit')!.rate;
    assert.deepEqual(b[0], a[0], '2021 identical');
    assert.equal(b[1]!.premiums, a[1]!.premiums, '2022 priced without the 2022 record');
    assert.ok(b[1]!.claims > a[1]!.claims, '2022 pays the planted loss');
    assert.ok(rate(b, 2023) > rate(a, 2023), '2023 is priced with it: the record would change the result');
  });
});

describe('backtest on the shared incident data', () => {
  test('2019-2024: one row per year with premiums, claims, loss ratio, capital, LP return and solvency', () => {
    const years = runBacktest(raw, FAST);
    assert.deepEqual(years.map((y) => y.year), [2019, 2020, 2021, 2022, 2023, 2024]);
    for (const y of years) {
      assert.ok(y.premiums > 0 && y.claims >= 0 && y.capital > 0 && Number.isFinite(y.lpReturn), `${y.year}`);
      assert.equal(y.insolvent, y.endCapital < 0);
      assert.ok(Math.abs(y.endCapital - (y.capital + y.premiums - y.expenses - y.claims)) < 1e-6);
    }
    assert.equal(years.find((y) => y.year === 2019)!.claims, 0, 'the list has no 2019 incident');
    assert.ok(years.find((y) => y.year === 2023)!.lines.find((l) => l.line === 'stablecoin-depeg')!.claims > 0, 'the USDC de-peg pays in 2023');
  });
});

describe('concentrated books', () => {
  test('a random book pays only the incidents that fall on its units; many books are reproducible', async () => {
    const { runBacktestBooks } = await import('../src/index.js');
    const options = { ...FAST, coveredUnits: { 'smart-contract-exploit': 10, 'oracle-manipulation': 10, bridge: 10, 'custodial-exchange-hack': 10 } };
    const one = runBacktest(raw, { ...options, bookSeed: 3 });
    const slice = runBacktest(raw, FAST);
    const y2023 = (rows: typeof one) => rows.find((r) => r.year === 2023)!.lines.find((l) => l.line === 'smart-contract-exploit')!;
    assert.ok(y2023(one).events < y2023(slice).events, 'a 10-protocol book is hit by fewer incidents than the whole market');
    assert.ok(one.every((y) => y.lines.every((l) => l.claims <= l.cover)));
    const a = runBacktestBooks(raw, 20, options);
    const b = runBacktestBooks(raw, 20, options);
    assert.deepEqual(a, b);
    assert.ok(a.anyInsolventShare >= 0 && a.anyInsolventShare <= 1);
    assert.equal(a.years.length, 6);
  });
});
