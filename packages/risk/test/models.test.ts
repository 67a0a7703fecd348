import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  ParameterError,
  Rng,
  capitalReport,
  expectedShare,
  fitCatastrophe,
  fitFlight,
  fitLognormal,
  fitPoissonGamma,
  fitProtocolFrequency,
  priceProduct,
  simulatePortfolio,
  type FlightRecord,
  type Portfolio,
  type SimProduct,
} from '../src/index.js';

describe('random numbers', () => {
  test('same seed, same stream; another seed, another stream', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.nextU32());
    assert.deepEqual(xs, Array.from({ length: 5 }, () => b.nextU32()));
    assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.nextU32()));
  });

  test('Poisson and gamma samplers have the right mean and variance (tolerance 3%)', () => {
    const rng = new Rng(1);
    for (const lambda of [0.3, 4, 25, 400]) {
      let s = 0, s2 = 0;
      const n = 100_000;
      for (let i = 0; i < n; i++) {
        const k = rng.poisson(lambda);
        s += k;
        s2 += k * k;
      }
      const m = s / n, v = s2 / n - m * m;
      assert.ok(Math.abs(m / lambda - 1) < 0.03, `Poisson(${lambda}) mean ${m}`);
      assert.ok(Math.abs(v / lambda - 1) < 0.03, `Poisson(${lambda}) variance ${v}`);
    }
    let g = 0;
    for (let i = 0; i < 100_000; i++) g += rng.gamma(2.5);
    assert.ok(Math.abs(g / 100_000 / 2.5 - 1) < 0.03);
  });
});

describe('models recover known parameters from seeded synthetic data', () => {
  test('Poisson-Gamma: rate 0.04 per unit-year from 20 years of 500 units (within 10%), true rate inside the 90% interval', () => {
    const rng = new Rng(2024);
    const counts = Array.from({ length: 20 }, (_, i) => ({ year: 2000 + i, exposure: 500, events: rng.poisson(0.04 * 500) }));
    const fit = fitPoissonGamma({ shape: 1, rate: 10 }, counts);
    assert.ok(Math.abs(fit.mean / 0.04 - 1) < 0.1, `mean ${fit.mean}`);
    assert.ok(fit.ci90[0] < 0.04 && 0.04 < fit.ci90[1], `CI ${fit.ci90}`);
    assert.ok(fit.credibility > 0.99);
  });

  test('credibility: little data stays near the prior, more data moves to the data', () => {
    const prior = { shape: 3, rate: 100 }; // mean 0.03
    const little = fitPoissonGamma(prior, [{ year: 1, events: 1, exposure: 5 }]); // own rate 0.2
    const lots = fitPoissonGamma(prior, [{ year: 1, events: 200, exposure: 1000 }]);
    assert.ok(Math.abs(little.mean - 0.03) < 0.01 && little.credibility < 0.05);
    assert.ok(Math.abs(lots.mean - 0.2) < 0.02 && lots.credibility > 0.9);
    assert.throws(() => fitPoissonGamma({ shape: 0, rate: 1 }, []), ParameterError);
  });

  test('lognormal: mu 13, sigma 2 from 2,000 samples (within 0.1 and 5%); Hill finds a heavy tail', () => {
    const rng = new Rng(7);
    const xs = Array.from({ length: 2000 }, () => Math.exp(13 + 2 * rng.normal()));
    const fit = fitLognormal(xs, { mu: 10, sigma: 1, weight: 1 });
    assert.ok(Math.abs(fit.mu - 13) < 0.1, `mu ${fit.mu}`);
    assert.ok(Math.abs(fit.sigma / 2 - 1) < 0.05, `sigma ${fit.sigma}`);
    assert.ok(fit.seMu > 0 && fit.seMu < 0.1);
    assert.ok(fit.hillAlpha !== undefined && fit.hillAlpha > 0);
    assert.throws(() => fitLognormal([1, -2], { mu: 0, sigma: 1, weight: 1 }), ParameterError);
  });

  test('flight model recovers a planted delay probability by route, shrunk toward all routes', () => {
    const rng = new Rng(3);
    const flights: FlightRecord[] = [];
    for (let i = 0; i < 20_000; i++) {
      const route = i % 2 ? 'AAA-BBB' : 'CCC-DDD';
      const p = route === 'AAA-BBB' ? 0.3 : 0.1; // share delayed 45-119 min
      const u = rng.uniform();
      flights.push({ date: '2001-01-01 10:00', hour: 10, origin: route.slice(0, 3), destination: route.slice(4), delayMinutes: u < p ? 60 : 0 });
    }
    const noCancel = { tiers: [{ minDelayMinutes: 45, share: 0.25 }, { minDelayMinutes: 120, share: 0.5 }], cancellationRate: 0, cancellationShare: 1 };
    const a = fitFlight(flights, 'AAA-BBB', undefined, noCancel);
    const c = fitFlight(flights, 'CCC-DDD', undefined, noCancel);
    assert.ok(Math.abs(a.claimProbability - 0.3) < 0.02, `${a.claimProbability}`);
    assert.ok(Math.abs(c.claimProbability - 0.1) < 0.02, `${c.claimProbability}`);
    assert.ok(Math.abs(a.expectedLossPerFlight - 0.3 * 0.25) < 0.006);
  });

  test('catastrophe tiers follow Gutenberg-Richter', () => {
    const m = fitCatastrophe({ region: 'X', peril: 'earthquake', minMagnitude: 6.5, annualRate: 0.1, bValue: 1, source: 't' });
    assert.ok(Math.abs(m.annualRate - 0.1) < 1e-12);
    assert.ok(m.severity.kind === 'tiers' && Math.abs(m.severity.probabilities[0]! - (1 - 10 ** -0.5)) < 1e-9);
  });
});

describe('pricing is monotone in risk', () => {
  const base = { key: 'p', expectedLossRate: 0.01, allocatedCapital: 100_000, cover: 1_000_000 };
  test('more expected loss, more capital, more expenses or a dearer capital: a higher rate', () => {
    const r = priceProduct(base).rate;
    assert.ok(priceProduct({ ...base, expectedLossRate: 0.02 }).rate > r);
    assert.ok(priceProduct({ ...base, allocatedCapital: 200_000 }).rate > r);
    assert.ok(priceProduct(base, { expenseRatio: 0.3, costOfCapital: 0.1 }).rate > r);
    assert.ok(priceProduct(base, { expenseRatio: 0.2, costOfCapital: 0.15 }).rate > r);
    const p = priceProduct(base);
    assert.ok(Math.abs(p.rate - (0.01 / 0.8 + 0.1 * 0.1)) < 1e-12, 'rate = EL / (1 - e) + k x capital / cover');
    assert.ok(Math.abs(p.components.expectedLoss + p.components.expenseLoading + p.components.capitalCharge - p.rate) < 1e-15);
    assert.throws(() => priceProduct(base, { expenseRatio: 1, costOfCapital: 0.1 }), ParameterError);
  });

  test('a riskier protocol (new, unaudited, past incident) gets a higher frequency than an old audited one', () => {
    const cat = fitPoissonGamma({ shape: 3, rate: 100 }, [{ year: 1, events: 100, exposure: 2500 }]);
    const safe = fitProtocolFrequency(cat, { name: 'a', category: 'smart-contract-exploit', ageYears: 5, audits: 4, tvlUsd: 1e8, pastIncidents: 0 });
    const risky = fitProtocolFrequency(cat, { name: 'b', category: 'smart-contract-exploit', ageYears: 0.5, audits: 0, tvlUsd: 1e8, pastIncidents: 1 });
    assert.ok(risky.mean > safe.mean * 2, `${risky.mean} vs ${safe.mean}`);
  });

  test('a heavier severity gives a higher expected share', () => {
    const light = expectedShare({ kind: 'lognormal-usd', mu: 12, sigma: 2, remainingUsd: 2e7 });
    const heavy = expectedShare({ kind: 'lognormal-usd', mu: 14, sigma: 2, remainingUsd: 2e7 });
    assert.ok(heavy > light && light > 0 && heavy < 1);
  });

  test('simulated capital grows with frequency and with correlation', () => {
    const product = (key: string, frequency: number, rho: number): SimProduct => ({ key, cover: 1e6, units: 1, frequency, severity: { kind: 'lognormal-share', mu: Math.log(0.3), sigma: 0.5, cap: 1 }, rho, frailtySigma: 0.8, crashMultiplier: 1, dependencyShare: 0 });
    const book = (f: number, rho: number): Portfolio => ({ crashProbability: 0, dependencyProbability: 0, products: Array.from({ length: 10 }, (_, i) => product(`p${i}`, f, rho)) });
    const req = (p: Portfolio) => capitalReport(simulatePortfolio(p, { years: 50_000, seed: 5, perProduct: true }), p.products.map((x) => x.cover)).requiredCapital;
    const low = req(book(0.02, 0.2));
    assert.ok(req(book(0.05, 0.2)) > low);
    assert.ok(req(book(0.02, 0.9)) > low);
  });
});

describe('simulation', () => {
  const portfolio: Portfolio = {
    crashProbability: 0.1,
    dependencyProbability: 0.02,
    products: [
      { key: 'a', cover: 1e6, units: 1, frequency: 0.05, severity: { kind: 'lognormal-usd', mu: 13, sigma: 2.5, remainingUsd: 2e7 }, rho: 0.3, frailtySigma: 0.5, crashMultiplier: 2, dependencyShare: 0.02 },
      { key: 'b', cover: 5e5, units: 2500, frequency: 50, severity: { kind: 'tiers', probabilities: [0.7, 0.3], shares: [0.25, 0.5] }, rho: 0.05, frailtySigma: 0.2, crashMultiplier: 1, dependencyShare: 0, annualLimit: 5e5 * 200 },
    ],
  };
  test('reproducible with a seed; another seed differs', () => {
    const a = simulatePortfolio(portfolio, { years: 20_000, seed: 11, perProduct: true });
    const b = simulatePortfolio(portfolio, { years: 20_000, seed: 11, perProduct: true });
    const c = simulatePortfolio(portfolio, { years: 20_000, seed: 12 });
    assert.deepEqual(a.totals, b.totals);
    assert.deepEqual(a.perProduct, b.perProduct);
    assert.notDeepEqual(a.totals, c.totals);
    const ra = capitalReport(a, [1e6, 5e5]);
    assert.equal(ra.var, capitalReport(b, [1e6, 5e5]).var);
    assert.ok(ra.es >= ra.var && ra.var >= ra.expectedLoss);
  });

  test('the simulated mean matches frequency x expected share x cover (within 3%)', () => {
    const p: Portfolio = { ...portfolio, crashProbability: 0, dependencyProbability: 0, products: [{ ...portfolio.products[1]!, frailtySigma: 0 }] };
    const sim = simulatePortfolio(p, { years: 20_000, seed: 3 });
    const expected = 50 * (0.7 * 0.25 + 0.3 * 0.5) * 5e5;
    const mean = sim.totals.reduce((x, y) => x + y, 0) / sim.years;
    assert.ok(Math.abs(mean / expected - 1) < 0.03, `${mean} vs ${expected}`);
  });
});
