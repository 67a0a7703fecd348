/**
 * From fitted models and a book of cover to the pool's loss distribution, capital, limits and rates.
 * Pure: the web app can import it; data files load in `node.ts`.
 */
import type { Category, IncidentCategory } from './categories.js';
import { incidentCategories } from './categories.js';
import { capitalReport, limitsFrom, type CapitalReport, type Limits } from './capital.js';
import type { RiskData } from './data.js';
import { ParameterError } from './errors.js';
import {
  defaultFitOptions,
  fitDepeg,
  fitIncidentCategory,
  type CatastropheModel,
  type CategoryModel,
  type FitOptions,
  type FlightModel,
  type Severity,
  expectedShare,
} from './models.js';
import { defaultPricing, priceProduct, type PriceBreakdown, type PricingAssumptions } from './pricing.js';
import { simulatePortfolio, type Portfolio, type SimProduct, type SimulateOptions, type SimulationResult } from './simulate.js';

/** Dependence assumptions per category (stated, not fitted: see README). */
export interface Dependence {
  rho: number;
  frailtySigma: number;
  crashMultiplier: number;
  dependencyShare: number;
}
export const defaultDependence: Record<Category, Dependence> = {
  'smart-contract-exploit': { rho: 0.3, frailtySigma: 0.5, crashMultiplier: 2, dependencyShare: 0.02 },
  'oracle-manipulation': { rho: 0.4, frailtySigma: 0.5, crashMultiplier: 3, dependencyShare: 0.05 },
  bridge: { rho: 0.3, frailtySigma: 0.6, crashMultiplier: 2, dependencyShare: 0.02 },
  'custodial-exchange-hack': { rho: 0.3, frailtySigma: 0.5, crashMultiplier: 2, dependencyShare: 0 },
  'stablecoin-depeg': { rho: 0.5, frailtySigma: 0.8, crashMultiplier: 5, dependencyShare: 0.05 },
  'flight-delay': { rho: 0.05, frailtySigma: 0.2, crashMultiplier: 1, dependencyShare: 0 },
  'natural-catastrophe': { rho: 0, frailtySigma: 0, crashMultiplier: 1, dependencyShare: 0 },
};
/** A market-wide crash one year in ten; a shared dependency failing one year in fifty (assumptions). */
export const defaultShocks = { crashProbability: 0.1, dependencyProbability: 0.02 };

/** What a product's pricing needs: its category's frequency (per unit-year) and severity. */
export interface RiskModel {
  category: Category;
  unit: string;
  frequency: number;
  frequencyCi90: [number, number];
  severity: Severity;
  expectedShare: number;
  expectedLossRate: number;
  expectedLossRateCi90: [number, number];
}

export function riskFromCategory(m: CategoryModel): RiskModel {
  return {
    category: m.category,
    unit: m.unit,
    frequency: m.frequency.mean,
    frequencyCi90: m.frequency.ci90,
    severity: m.severity,
    expectedShare: m.expectedShare,
    expectedLossRate: m.expectedLossRate,
    expectedLossRateCi90: [m.frequency.ci90[0] * m.expectedShareCi90[0], m.frequency.ci90[1] * m.expectedShareCi90[1]],
  };
}

/** A flight cover held continuously: one flight per `periodDays`, so frequency = claim probability x 365 / period. */
export function riskFromFlight(m: FlightModel, periodDays: number): RiskModel {
  const perYear = 365 / periodDays;
  const es = expectedShare(m.severity);
  return {
    category: 'flight-delay',
    unit: `flight cover of ${periodDays} day(s), renewed all year`,
    frequency: m.claimProbability * perYear,
    frequencyCi90: [m.claimProbabilityCi90[0] * perYear, m.claimProbabilityCi90[1] * perYear],
    severity: m.severity,
    expectedShare: es,
    expectedLossRate: m.expectedLossPerFlight * perYear,
    expectedLossRateCi90: [m.claimProbabilityCi90[0] * perYear * es, m.claimProbabilityCi90[1] * perYear * es],
  };
}

export function riskFromCatastrophe(m: CatastropheModel, rateUncertainty = 0.5): RiskModel {
  const es = expectedShare(m.severity);
  return {
    category: 'natural-catastrophe',
    unit: `${m.region} region-year`,
    frequency: m.annualRate,
    frequencyCi90: [m.annualRate * (1 - rateUncertainty), m.annualRate * (1 + rateUncertainty)],
    severity: m.severity,
    expectedShare: es,
    expectedLossRate: m.expectedLossRate,
    expectedLossRateCi90: [m.expectedLossRate * (1 - rateUncertainty), m.expectedLossRate * (1 + rateUncertainty)],
  };
}

export type FittedCategories = Record<IncidentCategory | 'stablecoin-depeg', CategoryModel>;

/** Fits every category that has dated history (incidents and de-pegs) from the views it is given. */
export function fitCategories(data: RiskData, options: FitOptions = defaultFitOptions): FittedCategories {
  const out = {} as FittedCategories;
  for (const c of incidentCategories) out[c] = fitIncidentCategory(data, c, options);
  out['stablecoin-depeg'] = fitDepeg(data, options);
  return out;
}

/** One line of a book: `cover` spread over `units` independent risks of one model. */
export interface BookLine {
  key: string;
  cover: number;
  units: number;
  risk: RiskModel;
  dependence?: Dependence | undefined;
  /** Most the line pays in a year (default: cover). */
  annualLimit?: number | undefined;
}

export interface BookAssessment {
  simulation: SimulationResult;
  capital: CapitalReport;
  limits: Limits;
  prices: PriceBreakdown[];
  lines: { key: string; category: Category; cover: number; units: number; expectedLossRate: number; frequency: number; expectedShare: number }[];
}

export interface AssessOptions extends Omit<SimulateOptions, 'perProduct'> {
  capital: number;
  pricing?: PricingAssumptions | undefined;
  shocks?: { crashProbability: number; dependencyProbability: number } | undefined;
  safety?: number | undefined;
  level?: number | undefined;
}

export function toPortfolio(lines: readonly BookLine[], shocks = defaultShocks): Portfolio {
  return {
    ...shocks,
    products: lines.map((l): SimProduct => {
      const d = l.dependence ?? defaultDependence[l.risk.category];
      return { key: l.key, cover: l.cover, units: l.units, frequency: l.risk.frequency, severity: l.risk.severity, ...d, annualLimit: l.annualLimit };
    }),
  };
}

/** Simulates a book for a year, many times: capital requirement, limits and each line's rate with components. */
export function assessBook(lines: readonly BookLine[], options: AssessOptions): BookAssessment {
  if (lines.length === 0) throw new ParameterError('book', 'no lines');
  const keys = new Set(lines.map((l) => l.key));
  if (keys.size !== lines.length) throw new ParameterError('book', 'duplicate line keys');
  const simulation = simulatePortfolio(toPortfolio(lines, options.shocks), { ...options, perProduct: true });
  const capital = capitalReport(simulation, lines.map((l) => l.cover), options.level);
  const limits = limitsFrom(capital, options.capital, options.safety);
  const prices = lines.map((l, j) =>
    priceProduct(
      { key: l.key, expectedLossRate: l.risk.expectedLossRate, expectedLossRateCi90: l.risk.expectedLossRateCi90, allocatedCapital: capital.products[j]!.capital, cover: l.cover },
      options.pricing ?? defaultPricing,
    ),
  );
  return {
    simulation,
    capital,
    limits,
    prices,
    lines: lines.map((l) => ({ key: l.key, category: l.risk.category, cover: l.cover, units: l.units, expectedLossRate: l.risk.expectedLossRate, frequency: l.risk.frequency, expectedShare: l.risk.expectedShare })),
  };
}
