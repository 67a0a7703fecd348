/**
 * `npm run bench:risk`: 1,000,000 simulated pool-years of the demo book (7 products, correlated shocks)
 * on one thread; writes bench/risk.json. Target: under 10 s on one core.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { capitalReport, fitCategories, productBook, simulatePortfolio, toPortfolio, viewBefore } from '../packages/risk/src/index.js';
import { loadFlights, loadHazards, loadProtocolFactors, loadRawData } from '../packages/risk/src/node.js';

const YEARS = 1_000_000;
const SEED = 1;

const models = fitCategories(viewBefore(loadRawData()));
const lines = productBook({ models, flights: loadFlights('20k'), hazards: loadHazards(), protocols: loadProtocolFactors(), capital: 1_000_000 });
const portfolio = toPortfolio(lines);
// Warm-up so the JIT has compiled the kernel before the clock starts.
simulatePortfolio(portfolio, { years: 20_000, seed: 99 });
let peakRss = process.memoryUsage().rss;
const started = process.hrtime.bigint();
const sim = simulatePortfolio(portfolio, {
  years: YEARS,
  seed: SEED,
  onProgress: (done) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    process.stderr.write(`\r${done.toLocaleString('en-US')} / ${YEARS.toLocaleString('en-US')} pool-years`);
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
peakRss = Math.max(peakRss, process.memoryUsage().rss);
process.stderr.write('\n');
const report = capitalReport(sim, lines.map((l) => l.cover));
const result = {
  poolYears: YEARS,
  seconds: Number(seconds.toFixed(3)),
  peakRssMb: Math.round(peakRss / 2 ** 20),
  poolYearsPerSecond: Math.round(YEARS / seconds),
  products: lines.length,
  seed: SEED,
  threads: 1,
  node: process.version,
  var995: Math.round(report.var),
  es995: Math.round(report.es),
  expectedLoss: Math.round(report.expectedLoss),
};
console.log(JSON.stringify(result, null, 2));
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'risk.json'), `${JSON.stringify(result, null, 2)}\n`);
