/**
 * Year-by-year replay: for each year Y a pool priced by the models fitted only on data dated before Y
 * sells a stated book, then pays the losses that actually happened in Y.
 */
import type { IncidentCategory } from './categories.js';
import { viewBefore, type RawRiskData, type RiskData } from './data.js';
import { assessBook, fitCategories, riskFromCategory, type BookLine, type FittedCategories } from './engine.js';
import { ParameterError } from './errors.js';
import { defaultFitOptions, shareOfValue, type FitOptions } from './models.js';
import { defaultPricing, type PricingAssumptions } from './pricing.js';

type Line = IncidentCategory | 'stablecoin-depeg';

export interface BacktestOptions {
  startYear: number;
  endYear: number;
  /** Pool capital at the start of the first year. */
  initialCapital: number;
  /** Book size: active cover = leverage x capital at the start of each year (the deployment's leverageWad is 3). */
  leverage: number;
  /** Share of the book in each line (sums to 1). */
  mix: Record<Line, number>;
  fit: FitOptions;
  pricing: PricingAssumptions;
  simYears: number;
  seed: number;
  /** After an insolvent year, start the next with `initialCapital` again (else the replay stops). */
  recapitalize: boolean;
  /** The fit, injectable so a test can watch what it reads. */
  fitFn?: ((data: RiskData, options: FitOptions) => FittedCategories) | undefined;
  onProgress?: ((text: string) => void) | undefined;
}

/** The stated book, before any backtest was run: mostly exploit cover, as on Nexus Mutual. */
export const defaultBacktest: BacktestOptions = {
  startYear: 2019,
  endYear: 2024,
  initialCapital: 10_000_000,
  leverage: 3,
  mix: { 'smart-contract-exploit': 0.45, 'oracle-manipulation': 0.2, bridge: 0.1, 'custodial-exchange-hack': 0.1, 'stablecoin-depeg': 0.15 },
  fit: defaultFitOptions,
  pricing: defaultPricing,
  simYears: 100_000,
  seed: 7,
  recapitalize: true,
};

export interface BacktestLine {
  line: Line;
  cover: number;
  units: number;
  rate: number;
  premium: number;
  events: number;
  claims: number;
}

export interface BacktestYear {
  year: number;
  capital: number;
  cover: number;
  premiums: number;
  expenses: number;
  claims: number;
  lossRatio: number;
  /** (premiums - expenses - claims) / capital */
  lpReturn: number;
  endCapital: number;
  /** Capital the model asked for (VaR 99.5% - EL) and the leverage it would have allowed. */
  requiredCapital: number;
  modelMaxLeverage: number;
  insolvent: boolean;
  lines: BacktestLine[];
}

export function runBacktest(raw: RawRiskData, partial: Partial<BacktestOptions> = {}): BacktestYear[] {
  const o: BacktestOptions = { ...defaultBacktest, ...partial };
  const mixSum = Object.values(o.mix).reduce((a, b) => a + b, 0);
  if (Math.abs(mixSum - 1) > 1e-9) throw new ParameterError('mix', `shares must sum to 1, got ${mixSum}`);
  if (o.endYear < o.startYear) throw new ParameterError('endYear', 'before startYear');
  const fit = o.fitFn ?? fitCategories;
  const out: BacktestYear[] = [];
  let capital = o.initialCapital;
  for (let year = o.startYear; year <= o.endYear; year++) {
    o.onProgress?.(`backtest ${year}: fitting on data before ${year}-01-01`);
    const view = viewBefore(raw, year);
    const models = fit(view, o.fit);
    const exposure = view.exposure.filter((e) => e.year === year);
    const lines: BookLine[] = [];
    for (const [line, share] of Object.entries(o.mix) as [Line, number][]) {
      if (share <= 0) continue;
      const units = line === 'stablecoin-depeg' ? 1 : exposure.find((e) => e.category === line)?.units;
      if (units === undefined) throw new ParameterError('exposure', `no ${line} exposure for ${year}`);
      lines.push({ key: line, cover: capital * o.leverage * share, units, risk: riskFromCategory(models[line]) });
    }
    const assessed = assessBook(lines, { capital, years: o.simYears, seed: o.seed + year, pricing: o.pricing, onProgress: undefined });
    // What happened in the year: read from the full data, outside the fit.
    const result: BacktestLine[] = lines.map((l, j) => {
      let events = 0;
      let claims = 0;
      if (l.key === 'stablecoin-depeg') {
        for (const d of raw.depegs) {
          if (!d.date.startsWith(`${year}-`)) continue;
          events++;
          claims += l.cover * Math.min(o.fit.depegPayoutCap, d.depth);
        }
      } else {
        for (const i of raw.incidents) {
          if (i.year !== year || i.category !== l.key) continue;
          events++;
          claims += (l.cover / l.units) * shareOfValue(i.lossUsd, o.fit.remainingTvlUsd);
        }
      }
      const rate = assessed.prices[j]!.rate;
      return { line: l.key as Line, cover: l.cover, units: l.units, rate, premium: l.cover * rate, events, claims: Math.min(claims, l.cover) };
    });
    const premiums = result.reduce((a, r) => a + r.premium, 0);
    const claims = result.reduce((a, r) => a + r.claims, 0);
    const expenses = premiums * o.pricing.expenseRatio;
    const endCapital = capital + premiums - expenses - claims;
    const insolvent = endCapital < 0;
    out.push({
      year,
      capital,
      cover: lines.reduce((a, l) => a + l.cover, 0),
      premiums,
      expenses,
      claims,
      lossRatio: premiums > 0 ? claims / premiums : NaN,
      lpReturn: (premiums - expenses - claims) / capital,
      endCapital,
      requiredCapital: assessed.capital.requiredCapital,
      modelMaxLeverage: assessed.limits.maxLeverage,
      insolvent,
      lines: result,
    });
    o.onProgress?.(`backtest ${year}: premiums ${premiums.toFixed(0)}, claims ${claims.toFixed(0)}`);
    if (insolvent && !o.recapitalize) break;
    capital = insolvent ? o.initialCapital : endCapital;
  }
  return out;
}
