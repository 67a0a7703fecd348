/**
 * Frequency and severity models (pure: no Node built-ins, so a browser bundle can import them).
 *
 * Frequency: Poisson counts with a Gamma prior on the rate per exposure unit-year. The posterior mean is
 * the credibility-weighted blend Z * observed + (1 - Z) * prior mean, Z = exposure / (exposure + prior rate).
 * Severity: share of covered value lost per event, from a lognormal on USD losses mapped through the
 * exposure assumption (`shareOfValue`), or a lognormal on the share itself (de-pegs), or payout tiers.
 */
import type { Category, IncidentCategory } from './categories.js';
import type { FlightRecord, HazardRow, ProtocolFactors, RiskData } from './data.js';
import { ParameterError } from './errors.js';
import { gammaQuantile, lognormalExpectation, normalQuantile } from './stats.js';

export interface GammaPrior {
  /** Pseudo-events. */
  shape: number;
  /** Pseudo-exposure (unit-years): the prior's weight against the data. */
  rate: number;
}

export interface FrequencyFit {
  prior: GammaPrior;
  posterior: GammaPrior;
  /** Posterior mean events per unit-year, its standard deviation and 90% credible interval. */
  mean: number;
  sd: number;
  ci90: [number, number];
  /** Observed (weighted) events and exposure, and their raw ratio. */
  events: number;
  exposure: number;
  observedRate: number;
  /** Weight of the data against the prior (0..1). */
  credibility: number;
}

export interface YearCount {
  year: number;
  events: number;
  exposure: number;
}

/** Poisson-Gamma update; older years weigh `decay^(age)` (1 = all years equal). */
export function fitPoissonGamma(prior: GammaPrior, counts: readonly YearCount[], options: { decay?: number; lastYear?: number } = {}): FrequencyFit {
  if (!(prior.shape > 0) || !(prior.rate > 0)) throw new ParameterError('prior', `shape and rate must be > 0, got ${prior.shape}, ${prior.rate}`);
  const decay = options.decay ?? 1;
  if (!(decay > 0 && decay <= 1)) throw new ParameterError('decay', `must be in (0, 1], got ${decay}`);
  const last = options.lastYear ?? Math.max(0, ...counts.map((c) => c.year));
  let events = 0;
  let exposure = 0;
  for (const c of counts) {
    if (c.events < 0 || c.exposure < 0) throw new ParameterError('counts', `negative events or exposure in ${c.year}`);
    const w = Math.pow(decay, Math.max(0, last - c.year));
    events += w * c.events;
    exposure += w * c.exposure;
  }
  const posterior = { shape: prior.shape + events, rate: prior.rate + exposure };
  return {
    prior,
    posterior,
    mean: posterior.shape / posterior.rate,
    sd: Math.sqrt(posterior.shape) / posterior.rate,
    ci90: [gammaQuantile(0.05, posterior.shape, posterior.rate), gammaQuantile(0.95, posterior.shape, posterior.rate)],
    events,
    exposure,
    observedRate: exposure > 0 ? events / exposure : NaN,
    credibility: exposure / (exposure + prior.rate),
  };
}

export interface LognormalPrior {
  mu: number;
  sigma: number;
  /** Pseudo-observations. */
  weight: number;
}

export interface LognormalFit {
  mu: number;
  sigma: number;
  n: number;
  /** Standard errors of mu and sigma (parameter uncertainty). */
  seMu: number;
  seSigma: number;
  /** Hill estimate of the Pareto tail index over the top decile (undefined below 20 observations). */
  hillAlpha?: number | undefined;
  tailThreshold?: number | undefined;
}

/** Lognormal by maximum likelihood on log values, shrunk toward a prior with `weight` pseudo-observations. */
export function fitLognormal(values: readonly number[], prior: LognormalPrior): LognormalFit {
  const logs = values.map((v, i) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new ParameterError(`values[${i}]`, `must be a positive finite number, got ${v}`);
    return Math.log(v);
  });
  const n = logs.length;
  const w = prior.weight;
  if (!(w > 0)) throw new ParameterError('prior.weight', `must be > 0, got ${w}`);
  const m = n ? logs.reduce((a, b) => a + b, 0) / n : 0;
  const mu = (n * m + w * prior.mu) / (n + w);
  let ss = w * prior.sigma * prior.sigma + (n * w / (n + w)) * (m - prior.mu) ** 2;
  for (const x of logs) ss += (x - m) ** 2;
  const sigma = Math.sqrt(ss / (n + w));
  const fit: LognormalFit = { mu, sigma, n, seMu: sigma / Math.sqrt(n + w), seSigma: sigma / Math.sqrt(2 * (n + w)) };
  if (n >= 20) {
    const sorted = [...values].sort((a, b) => b - a);
    const k = Math.max(5, Math.floor(n / 10));
    const threshold = sorted[k]!;
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.log(sorted[i]! / threshold);
    fit.hillAlpha = k / s;
    fit.tailThreshold = threshold;
  }
  return fit;
}

/**
 * Exposure assumption for USD incident losses: a hacked protocol's covered value (its TVL at the time)
 * is the loss plus `remainingUsd` that the attacker did not take, so the share lost is
 * loss / (loss + remainingUsd). The data has no TVL; `remainingUsd` is an explicit, configurable proxy.
 */
export function shareOfValue(lossUsd: number, remainingUsd: number): number {
  return lossUsd / (lossUsd + remainingUsd);
}

/** Severity of one event as a share of the covered value. */
export type Severity =
  | { kind: 'lognormal-usd'; mu: number; sigma: number; remainingUsd: number }
  | { kind: 'lognormal-share'; mu: number; sigma: number; cap: number }
  | { kind: 'tiers'; probabilities: number[]; shares: number[] };

export function expectedShare(s: Severity): number {
  switch (s.kind) {
    case 'lognormal-usd':
      return lognormalExpectation(s.mu, s.sigma, (x) => shareOfValue(x, s.remainingUsd));
    case 'lognormal-share':
      return lognormalExpectation(s.mu, s.sigma, (x) => Math.min(s.cap, x));
    case 'tiers':
      return s.probabilities.reduce((a, p, i) => a + p * s.shares[i]!, 0);
  }
}

/** Quantile of the share lost in one event. */
export function shareQuantile(s: Severity, p: number): number {
  switch (s.kind) {
    case 'lognormal-usd':
      return shareOfValue(Math.exp(s.mu + s.sigma * normalQuantile(p)), s.remainingUsd);
    case 'lognormal-share':
      return Math.min(s.cap, Math.exp(s.mu + s.sigma * normalQuantile(p)));
    case 'tiers': {
      const order = s.shares.map((v, i) => [v, s.probabilities[i]!] as const).sort((a, b) => a[0] - b[0]);
      let c = 0;
      for (const [v, q] of order) {
        c += q;
        if (c >= p) return v;
      }
      return order[order.length - 1]?.[0] ?? 0;
    }
  }
}

/** Fitted risk of a category: frequency per unit-year and severity per event, with their uncertainty. */
export interface CategoryModel {
  category: Category;
  unit: string;
  frequency: FrequencyFit;
  severity: Severity;
  severityFit?: LognormalFit | undefined;
  expectedShare: number;
  /** Expected share at mu -/+ 1.645 standard errors: the severity's parameter uncertainty. */
  expectedShareCi90: [number, number];
  /** frequency.mean * expectedShare: expected loss per unit of cover per year. */
  expectedLossRate: number;
  notes: string[];
}

export interface FitOptions {
  /** Weight of a year `a` years before the last observed year: decay^a. */
  decay: number;
  /** Exposure assumption: TVL left in a hacked protocol beyond what was taken (USD). */
  remainingTvlUsd: number;
  priors: Record<IncidentCategory | 'stablecoin-depeg', GammaPrior>;
  severityPrior: LognormalPrior;
  depegSeverityPrior: LognormalPrior;
  /** Largest share a de-peg cover pays (the trigger's payoutWad cap for proportional payouts). */
  depegPayoutCap: number;
}

/**
 * Stated before any backtest was run: a category prior of 3% a year per protocol (Nexus Mutual and
 * DeFiHackLabs orders of magnitude), weighing 100 unit-years; 0.5 pseudo-observations of severity at
 * a median loss of $1M with a wide log-sd of 2.5.
 */
export const defaultFitOptions: FitOptions = {
  decay: 0.75,
  remainingTvlUsd: 20_000_000,
  priors: {
    'smart-contract-exploit': { shape: 3, rate: 100 },
    'oracle-manipulation': { shape: 1.5, rate: 100 },
    bridge: { shape: 1, rate: 20 },
    'custodial-exchange-hack': { shape: 0.5, rate: 50 },
    'stablecoin-depeg': { shape: 0.5, rate: 10 },
  },
  severityPrior: { mu: Math.log(1_000_000), sigma: 2.5, weight: 0.5 },
  depegSeverityPrior: { mu: Math.log(0.05), sigma: 0.8, weight: 1 },
  depegPayoutCap: 0.5,
};

const units: Record<IncidentCategory, string> = {
  'smart-contract-exploit': 'protocol-year',
  'oracle-manipulation': 'protocol-year',
  bridge: 'bridge-year',
  'custodial-exchange-hack': 'exchange-year',
};

/** Fits one incident category from the views (only what they hold: the backtest gives views ending before its year). */
export function fitIncidentCategory(data: RiskData, category: IncidentCategory, options: FitOptions = defaultFitOptions): CategoryModel {
  const incidents = data.incidents.filter((i) => i.category === category);
  const all = data.incidents.toArray();
  const exposure = data.exposure.filter((e) => e.category === category);
  const firstYear = all.length ? Math.min(...all.map((i) => i.year)) : Infinity;
  const lastYear = data.incidents.cutoffYear !== undefined ? data.incidents.cutoffYear - 1 : Math.max(firstYear, ...all.map((i) => i.year));
  const counts: YearCount[] = [];
  for (const e of exposure) {
    if (e.year < firstYear || e.year > lastYear) continue;
    counts.push({ year: e.year, exposure: e.units, events: incidents.filter((i) => i.year === e.year).length });
  }
  const frequency = fitPoissonGamma(options.priors[category], counts, { decay: options.decay, lastYear });
  const severityFit = fitLognormal(incidents.map((i) => i.lossUsd), options.severityPrior);
  const severity: Severity = { kind: 'lognormal-usd', mu: severityFit.mu, sigma: severityFit.sigma, remainingUsd: options.remainingTvlUsd };
  return categoryModel(category, units[category], frequency, severity, severityFit,
    `${incidents.length} incidents in ${counts.length} exposure years (${counts.map((c) => c.year).join(', ') || 'none'})`);
}

/** A fitted category: its expected share lost (with a 90% interval from mu's standard error) and loss rate. */
function categoryModel(
  category: CategoryModel['category'],
  unit: CategoryModel['unit'],
  frequency: CategoryModel['frequency'],
  severity: Extract<Severity, { mu: number }>,
  severityFit: NonNullable<CategoryModel['severityFit']>,
  note: string,
): CategoryModel {
  const es = expectedShare(severity);
  const z = 1.645 * severityFit.seMu;
  return {
    category,
    unit,
    frequency,
    severity,
    severityFit,
    expectedShare: es,
    expectedShareCi90: [expectedShare({ ...severity, mu: severity.mu - z }), expectedShare({ ...severity, mu: severity.mu + z })],
    expectedLossRate: frequency.mean * es,
    notes: [note],
  };
}

/** Fits the de-peg category from detected de-pegs; exposure runs from `depegHistoryStart` to the view's end. */
export function fitDepeg(data: RiskData, options: FitOptions = defaultFitOptions, now?: number): CategoryModel {
  const events = data.depegs.toArray();
  const endYear = data.depegs.cutoffYear ?? (now !== undefined ? now : Math.max(2024, ...events.map((e) => Number(e.date.slice(0, 4))) ) + 1);
  const startMs = Date.parse(`${data.depegHistoryStart.slice(0, 10)}T00:00:00Z`);
  const endMs = Date.parse(`${endYear}-01-01T00:00:00Z`);
  const years = Math.max(0, (endMs - startMs) / (365.25 * 86_400_000));
  const frequency = fitPoissonGamma(options.priors['stablecoin-depeg'], [{ year: endYear - 1, events: events.length, exposure: years }]);
  const severityFit = fitLognormal(events.map((e) => Math.max(e.depth, 1e-4)), options.depegSeverityPrior);
  const severity: Severity = { kind: 'lognormal-share', mu: severityFit.mu, sigma: severityFit.sigma, cap: options.depegPayoutCap };
  return categoryModel('stablecoin-depeg', 'stablecoin-year', frequency, severity, severityFit,
    `${events.length} de-peg(s) below the trigger threshold in ${years.toFixed(2)} years of history since ${data.depegHistoryStart}`);
}

/** Flight-delay tiers as deployed: 45 min pays 25%, 2 h 50%, cancelled 100%. */
export interface FlightTerms {
  tiers: { minDelayMinutes: number; share: number }[];
  /** Share of flights cancelled (the vega records hold no cancellations: an input, default 1.5%). */
  cancellationRate: number;
  cancellationShare: number;
}
export const defaultFlightTerms: FlightTerms = {
  tiers: [{ minDelayMinutes: 45, share: 0.25 }, { minDelayMinutes: 120, share: 0.5 }],
  cancellationRate: 0.015,
  cancellationShare: 1,
};

export interface FlightModel {
  /** Per flight: probability of each paying outcome, by tier then cancellation. */
  route: string;
  hour?: number | undefined;
  flights: number;
  /** Per-flight claim probability (any tier), credibility-weighted toward all routes. */
  claimProbability: number;
  claimProbabilityCi90: [number, number];
  credibility: number;
  severity: Severity;
  expectedLossPerFlight: number;
  /** Delay distribution (minutes) of the route: quantiles 50/75/90/99. */
  delayQuantiles: { p50: number; p75: number; p90: number; p99: number };
}

/**
 * Per-flight delay risk of a route (`ORIGIN-DEST`, or `*` for all) and optionally a departure hour:
 * a Beta-Binomial credibility blend of the route's own delays and all routes' (prior weight `priorFlights`).
 */
export function fitFlight(flights: readonly FlightRecord[], route = '*', hour?: number, terms: FlightTerms = defaultFlightTerms, priorFlights = 200): FlightModel {
  if (flights.length === 0) throw new ParameterError('flights', 'no flight records');
  const tierCount = (rows: readonly FlightRecord[]): number[] => {
    const counts = terms.tiers.map(() => 0);
    for (const f of rows) {
      let t = -1;
      terms.tiers.forEach((tier, i) => {
        if (f.delayMinutes >= tier.minDelayMinutes) t = i;
      });
      if (t >= 0) counts[t]!++;
    }
    return counts;
  };
  const allCounts = tierCount(flights);
  const pAll = allCounts.map((c) => c / flights.length);
  const own = flights.filter((f) => (route === '*' || `${f.origin}-${f.destination}` === route) && (hour === undefined || f.hour === hour));
  const ownCounts = tierCount(own);
  const z = own.length / (own.length + priorFlights);
  const delayedP = ownCounts.map((c, i) => (c + priorFlights * pAll[i]!) / (own.length + priorFlights));
  const cancel = terms.cancellationRate;
  const probabilities = [...delayedP.map((p) => p * (1 - cancel)), cancel];
  const shares = [...terms.tiers.map((t) => t.share), terms.cancellationShare];
  const claimProbability = probabilities.reduce((a, b) => a + b, 0);
  const a = ownCounts.reduce((x, y) => x + y, 0) + priorFlights * pAll.reduce((x, y) => x + y, 0);
  const b = own.length + priorFlights - a;
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const conditional = probabilities.map((p) => p / claimProbability);
  const delays = own.map((f) => f.delayMinutes).sort((x, y) => x - y);
  const q = (p: number) => (delays.length ? delays[Math.min(delays.length - 1, Math.floor(p * delays.length))]! : NaN);
  return {
    route,
    hour,
    flights: own.length,
    claimProbability,
    claimProbabilityCi90: [Math.max(0, claimProbability - 1.645 * sd), Math.min(1, claimProbability + 1.645 * sd)],
    credibility: z,
    severity: { kind: 'tiers', probabilities: conditional, shares },
    expectedLossPerFlight: probabilities.reduce((s, p, i) => s + p * shares[i]!, 0),
    delayQuantiles: { p50: q(0.5), p75: q(0.75), p90: q(0.9), p99: q(0.99) },
  };
}

/** Earthquake tiers as deployed: M6.5 pays 50%, M7.0 75%, M7.5 100%. */
export const defaultQuakeTiers = [{ minMagnitude: 6.5, share: 0.5 }, { minMagnitude: 7.0, share: 0.75 }, { minMagnitude: 7.5, share: 1 }];

export interface CatastropheModel {
  region: string;
  /** Annual rate of a paying event and the conditional tier distribution (Gutenberg-Richter). */
  annualRate: number;
  severity: Severity;
  expectedLossRate: number;
}

export function fitCatastrophe(hazard: HazardRow, tiers = defaultQuakeTiers): CatastropheModel {
  const rateAbove = (m: number) => hazard.annualRate * Math.pow(10, -hazard.bValue * (m - hazard.minMagnitude));
  const first = tiers[0];
  if (!first) throw new ParameterError('tiers', 'no tiers');
  const total = rateAbove(first.minMagnitude);
  const probabilities = tiers.map((t, i) => (rateAbove(t.minMagnitude) - (i + 1 < tiers.length ? rateAbove(tiers[i + 1]!.minMagnitude) : 0)) / total);
  const severity: Severity = { kind: 'tiers', probabilities, shares: tiers.map((t) => t.share) };
  return { region: hazard.region, annualRate: total, severity, expectedLossRate: total * expectedShare(severity) };
}

/**
 * Frequency relativity of one protocol from its factors. Stated, not fitted (the incident list carries
 * no age, audit or TVL data): new code, no audit and large TVL (a larger target) raise the rate.
 */
export function protocolRelativity(f: Pick<ProtocolFactors, 'ageYears' | 'audits' | 'tvlUsd'>): { age: number; audits: number; tvl: number; total: number } {
  const age = f.ageYears < 1 ? 1.5 : f.ageYears < 3 ? 1 : 0.7;
  const audits = f.audits === 0 ? 1.5 : f.audits === 1 ? 1 : 0.8;
  const tvl = Math.min(2, Math.max(0.5, Math.pow(Math.max(f.tvlUsd, 1) / 100_000_000, 0.15)));
  return { age, audits, tvl, total: age * audits * tvl };
}

/**
 * A protocol's own frequency: the category posterior scaled by its relativity is the prior (same weight),
 * updated with its own incidents over its age: the credibility weighting between category and product
 * (the category mean weighs `priorYears` protocol-years against the protocol's own history).
 */
export function fitProtocolFrequency(category: FrequencyFit, factors: ProtocolFactors, priorYears = 10): FrequencyFit & { relativity: ReturnType<typeof protocolRelativity> } {
  const relativity = protocolRelativity(factors);
  // Protocols differ more than the category's posterior uncertainty: the category mean weighs `priorYears`.
  const prior = { shape: category.mean * relativity.total * priorYears, rate: priorYears };
  return { ...fitPoissonGamma(prior, [{ year: 0, events: factors.pastIncidents, exposure: factors.ageYears }]), relativity };
}
