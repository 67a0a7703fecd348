/** Capital requirement from a simulation: VaR, expected shortfall, allocation, capacity and leverage. */
import { ParameterError } from './errors.js';
import type { SimulationResult } from './simulate.js';

export interface CapitalReport {
  years: number;
  seed: number;
  level: number;
  expectedLoss: number;
  /** Loss quantile at `level` (99.5%) and mean loss beyond it. */
  var: number;
  es: number;
  /** Standard error of the VaR estimate (order-statistic binomial bound, currency). */
  varStdError: number;
  /** VaR - expected loss: the capital that absorbs a 1-in-200 year once premiums cover the mean. */
  requiredCapital: number;
  totalCover: number;
  /** Per product: expected loss, contribution to the tail (mean loss in years beyond VaR) and allocated capital. */
  /** `capital`: Euler allocation of the pool's requirement; `standAloneCapital`: ES at `level` - EL of the product alone. */
  products: { key: string; cover: number; expectedLoss: number; tailLoss: number; capital: number; standAloneCapital: number }[];
  /** Quantiles of the pool's annual loss. */
  quantiles: { p50: number; p90: number; p99: number; p995: number; p999: number };
}

export function capitalReport(sim: SimulationResult, covers: readonly number[], level = 0.995): CapitalReport {
  if (!(level > 0.5 && level < 1)) throw new ParameterError('level', `must be in (0.5, 1), got ${level}`);
  const n = sim.years;
  const sorted = Float64Array.from(sim.totals).sort();
  const idx = Math.min(n - 1, Math.floor(level * n));
  const q = (p: number) => sorted[Math.min(n - 1, Math.floor(p * n))]!;
  const v = sorted[idx]!;
  let tailSum = 0, tailCount = 0, sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  for (let i = idx; i < n; i++) {
    tailSum += sorted[i]!;
    tailCount++;
  }
  const el = sum / n;
  const es = tailSum / tailCount;
  const half = Math.ceil(Math.sqrt(n * level * (1 - level)));
  const varStdError = (sorted[Math.min(n - 1, idx + half)]! - sorted[Math.max(0, idx - half)]!) / 2;
  const requiredCapital = Math.max(0, v - el);
  const P = sim.keys.length;
  const products = sim.keys.map((key, j) => ({ key, cover: covers[j] ?? 0, expectedLoss: 0, tailLoss: 0, capital: 0, standAloneCapital: 0 }));
  if (sim.perProduct) {
    const pp = sim.perProduct;
    // Tail years: the pool's loss at or above VaR (ties included once, by value).
    let tails = 0;
    for (let i = 0; i < n; i++) {
      const t = sim.totals[i]! >= v;
      if (t) tails++;
      for (let j = 0; j < P; j++) {
        const l = pp[i * P + j]!;
        products[j]!.expectedLoss += l / n;
        if (t) products[j]!.tailLoss += l;
      }
    }
    for (const p of products) p.tailLoss /= Math.max(1, tails);
    // Euler-style allocation: each product's share of the tail's excess over the mean.
    const excess = products.map((p) => Math.max(0, p.tailLoss - p.expectedLoss));
    const total = excess.reduce((x, y) => x + y, 0);
    products.forEach((p, j) => (p.capital = total > 0 ? (requiredCapital * excess[j]!) / total : 0));
    // Stand-alone requirement (the product alone in a pool): what its own cap must answer for. ES, not
    // VaR: a product hit less often than 1 year in 200 (an exchange hack) has a stand-alone VaR of 0.
    const column = new Float64Array(n);
    products.forEach((p, j) => {
      for (let i = 0; i < n; i++) column[i] = pp[i * P + j]!;
      column.sort();
      let t = 0;
      for (let i = idx; i < n; i++) t += column[i]!;
      p.standAloneCapital = Math.max(0, t / (n - idx) - p.expectedLoss);
    });
  }
  return {
    years: n,
    seed: sim.seed,
    level,
    expectedLoss: el,
    var: v,
    es,
    varStdError,
    requiredCapital,
    totalCover: covers.reduce((x, y) => x + y, 0),
    products,
    quantiles: { p50: q(0.5), p90: q(0.9), p99: q(0.99), p995: v, p999: q(0.999) },
  };
}

export interface Limits {
  /** Most active cover per unit of capital for the pool (the contracts' `leverageWad` / 1e18). */
  maxLeverage: number;
  /** Per product: most active cover as a share of capital (`capWad` / 1e18). */
  productCaps: Record<string, number>;
  /** Capacity (currency) at `capital`. */
  capacity: number;
  /** Whether `capital` covers the required capital of the book as simulated. */
  solvent: boolean;
  coverRatio: number;
}

/**
 * Limits the pool contracts should enforce: losses scale with the book at a fixed mix, so the largest
 * book whose required capital fits `capital / safety` is (cover / requiredCapital) x capital / safety.
 * Each product's cap is the same limit on its stand-alone requirement (as if it were alone in the pool),
 * so one product can never need more capital than the pool holds, whatever the others do.
 */
export function limitsFrom(report: CapitalReport, capital: number, safety = 1.2): Limits {
  if (!(safety >= 1)) throw new ParameterError('safety', `must be >= 1, got ${safety}`);
  const perCapital = report.requiredCapital > 0 ? report.totalCover / report.requiredCapital : Infinity;
  const maxLeverage = Math.min(10, perCapital / safety);
  const productCaps: Record<string, number> = {};
  for (const p of report.products) {
    const req = p.standAloneCapital;
    productCaps[p.key] = Math.min(10, req > 0 ? p.cover / req / safety : 10);
  }
  return { maxLeverage, productCaps, capacity: capital * maxLeverage, solvent: capital >= report.requiredCapital, coverRatio: report.requiredCapital > 0 ? capital / report.requiredCapital : Infinity };
}
