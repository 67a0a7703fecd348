/**
 * Monte Carlo of one year of a pool's portfolio, many times (pure: typed arrays, no Node built-ins).
 *
 * Dependence: each product's event rate is multiplied by a lognormal frailty driven by a Gaussian
 * factor (one market factor Z, loading rho): a Gaussian copula between products' frequencies. On top,
 * two common shocks give tail dependence a Gaussian copula lacks: a market-wide crash (probability
 * `crashProbability` a year) multiplies every product's rate by its `crashMultiplier`, and a shared
 * dependency failure (an oracle, a collateral stablecoin) adds a loss of `dependencyShare` of the cover
 * to every product exposed to it.
 */
import { ParameterError } from './errors.js';
import type { Severity } from './models.js';
import { Rng } from './rng.js';

export interface SimProduct {
  key: string;
  /** Total active cover over the year (currency units). */
  cover: number;
  /** Independent risks it is spread over (1: one protocol; many: flights). */
  units: number;
  /** Events per unit-year. */
  frequency: number;
  severity: Severity;
  /** Loading on the market factor (0..1) and the frailty's log-sd. */
  rho: number;
  frailtySigma: number;
  crashMultiplier: number;
  /** Share of the cover lost when the shared dependency fails (0: not exposed). */
  dependencyShare: number;
  /** Most the line can pay in a year (default `cover`; short covers renewed all year pay more). */
  annualLimit?: number | undefined;
}

export interface Portfolio {
  products: SimProduct[];
  crashProbability: number;
  dependencyProbability: number;
}

export interface SimulateOptions {
  years: number;
  seed: number;
  /** Keep every product's loss per year (needed for capital allocation); costs years x products x 4 bytes. */
  perProduct?: boolean;
  /** Called every `progressEvery` years with the years done. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export interface SimulationResult {
  years: number;
  seed: number;
  keys: string[];
  /** Pool loss per simulated year. */
  totals: Float64Array;
  /** Loss of product j in year i at [i * products + j] (when asked for). */
  perProduct?: Float32Array | undefined;
}

const SEV_LOGNORMAL_USD = 0, SEV_LOGNORMAL_SHARE = 1, SEV_TIERS = 2;

export function simulatePortfolio(portfolio: Portfolio, options: SimulateOptions): SimulationResult {
  const P = portfolio.products.length;
  const years = options.years;
  if (!Number.isInteger(years) || years < 1) throw new ParameterError('years', `must be a positive integer, got ${years}`);
  // Flatten the products into typed arrays once: the loop below allocates nothing per year.
  const cover = new Float64Array(P), perUnit = new Float64Array(P), meanCount = new Float64Array(P);
  const a = new Float64Array(P), b = new Float64Array(P), sig = new Float64Array(P), crash = new Float64Array(P), dep = new Float64Array(P);
  const kind = new Uint8Array(P), p1 = new Float64Array(P), p2 = new Float64Array(P), p3 = new Float64Array(P);
  const tierStart = new Uint32Array(P), tierLen = new Uint32Array(P);
  const tierProb: number[] = [], tierShare: number[] = [];
  portfolio.products.forEach((p, j) => {
    if (!(p.cover >= 0) || !(p.units >= 1) || !(p.frequency >= 0)) throw new ParameterError(`products[${j}]`, 'cover >= 0, units >= 1 and frequency >= 0 required');
    if (!(p.rho >= 0 && p.rho <= 1)) throw new ParameterError(`products[${j}].rho`, `must be in [0, 1], got ${p.rho}`);
    cover[j] = p.annualLimit ?? p.cover;
    perUnit[j] = p.cover / p.units;
    meanCount[j] = p.frequency * p.units;
    a[j] = Math.sqrt(p.rho);
    b[j] = Math.sqrt(1 - p.rho);
    sig[j] = p.frailtySigma;
    crash[j] = p.crashMultiplier;
    dep[j] = p.dependencyShare * p.cover;
    if (p.annualLimit !== undefined && !(p.annualLimit >= p.cover)) throw new ParameterError(`products[${j}].annualLimit`, 'must be >= cover');
    const s = p.severity;
    if (s.kind === 'lognormal-usd') {
      kind[j] = SEV_LOGNORMAL_USD;
      p1[j] = s.mu;
      p2[j] = s.sigma;
      p3[j] = s.remainingUsd;
    } else if (s.kind === 'lognormal-share') {
      kind[j] = SEV_LOGNORMAL_SHARE;
      p1[j] = s.mu;
      p2[j] = s.sigma;
      p3[j] = s.cap;
    } else {
      kind[j] = SEV_TIERS;
      tierStart[j] = tierProb.length;
      tierLen[j] = s.probabilities.length;
      tierProb.push(...s.probabilities);
      tierShare.push(...s.shares);
    }
  });
  const tp = Float64Array.from(tierProb), ts = Float64Array.from(tierShare);
  const totals = new Float64Array(years);
  const perProduct = options.perProduct ? new Float32Array(years * P) : undefined;
  const rng = new Rng(options.seed);
  const every = options.progressEvery ?? 100_000;
  const crashP = portfolio.crashProbability, depP = portfolio.dependencyProbability;
  for (let y = 0; y < years; y++) {
    const z = rng.normal();
    const crashed = rng.uniform() < crashP;
    const depFailed = rng.uniform() < depP;
    let total = 0;
    for (let j = 0; j < P; j++) {
      const s = sig[j]!;
      const x = a[j]! * z + b[j]! * rng.normal();
      let lambda = meanCount[j]! * Math.exp(s * x - 0.5 * s * s);
      if (crashed) lambda *= crash[j]!;
      let loss = 0;
      const k = kind[j]!;
      if (k === SEV_TIERS) {
        // Poisson thinning: each tier's count is an independent Poisson, so a large book costs one draw per tier.
        const start = tierStart[j]!, len = tierLen[j]!;
        for (let t = 0; t < len; t++) loss += rng.poisson(lambda * tp[start + t]!) * ts[start + t]!;
        loss *= perUnit[j]!;
      } else {
        const n = rng.poisson(lambda);
        const mu = p1[j]!, sd = p2[j]!, c = p3[j]!;
        for (let e = 0; e < n; e++) {
          const v = Math.exp(mu + sd * rng.normal());
          loss += k === SEV_LOGNORMAL_USD ? v / (v + c) : v < c ? v : c;
        }
        loss *= perUnit[j]!;
      }
      if (depFailed) loss += dep[j]!;
      if (loss > cover[j]!) loss = cover[j]!;
      if (perProduct) perProduct[y * P + j] = loss;
      total += loss;
    }
    totals[y] = total;
    if (options.onProgress && (y + 1) % every === 0) options.onProgress(y + 1, years);
  }
  return { years, seed: options.seed, keys: portfolio.products.map((p) => p.key), totals, perProduct };
}
