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
import { Rng } from './rng.js';

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
  /**
   * Concentrated book: the line's cover is spread over this many units (protocols, bridges, exchanges)
   * instead of a slice of every unit in the market. Which units are covered is not in the data, so each
   * incident of the year hits a covered unit with probability units / market units, drawn with
   * `bookSeed`: one draw is one possible book; `runBacktestBooks` runs many.
   */
  coveredUnits?: Partial<Record<Line, number>> | undefined;
  bookSeed?: number | undefined;
  /** Shared across runs of `runBacktestBooks` (see the note where it is read). */
  cache?: Map<string, { rates: number[]; requiredPerCover: number; maxLeverage: number }> | undefined;
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
    const markets = new Map<string, number>();
    for (const [line, share] of Object.entries(o.mix) as [Line, number][]) {
      if (share <= 0) continue;
      const market = line === 'stablecoin-depeg' ? 1 : exposure.find((e) => e.category === line)?.units;
      if (market === undefined) throw new ParameterError('exposure', `no ${line} exposure for ${year}`);
      const units = Math.min(market, o.coveredUnits?.[line] ?? market);
      lines.push({ key: line, cover: capital * o.leverage * share, units, risk: riskFromCategory(models[line]) });
      markets.set(line, market);
    }
    // Losses scale linearly with the book at a fixed mix and seed, so rates and capital per unit of cover
    // do not depend on the capital: books that differ only in their draws share one simulation per year.
    const key = `${year}:${lines.map((l) => `${l.key}/${l.units}`).join(',')}`;
    let priced = o.cache?.get(key);
    if (!priced) {
      const a = assessBook(lines, { capital, years: o.simYears, seed: o.seed + year, pricing: o.pricing, onProgress: undefined });
      const cover = lines.reduce((x, l) => x + l.cover, 0);
      priced = { rates: a.prices.map((p) => p.rate), requiredPerCover: a.capital.requiredCapital / cover, maxLeverage: a.limits.maxLeverage };
      o.cache?.set(key, priced);
    }
    const assessed = priced;
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
        const market = markets.get(l.key)!;
        const pick = new Rng(((o.bookSeed ?? 0) * 1_000_003 + year * 101 + j) >>> 0);
        for (const i of raw.incidents) {
          if (i.year !== year || i.category !== l.key) continue;
          // A slice of the whole market is hit by every incident, pro rata; a concentrated book only by
          // the incidents that fall on one of its units.
          const weight = l.units === market ? l.units / market : pick.uniform() < l.units / market ? 1 : 0;
          if (weight === 0) continue;
          events++;
          claims += weight * (l.cover / l.units) * shareOfValue(i.lossUsd, o.fit.remainingTvlUsd);
        }
      }
      const rate = assessed.rates[j]!;
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
      requiredCapital: assessed.requiredPerCover * lines.reduce((a, l) => a + l.cover, 0),
      modelMaxLeverage: assessed.maxLeverage,
      insolvent,
      lines: result,
    });
    o.onProgress?.(`backtest ${year}: premiums ${premiums.toFixed(0)}, claims ${claims.toFixed(0)}`);
    if (insolvent && !o.recapitalize) break;
    capital = insolvent ? o.initialCapital : endCapital;
  }
  return out;
}

export interface BooksSummary {
  books: number;
  /** Per year: share of books insolvent, and the median and 5% / 95% loss ratio across books. */
  years: { year: number; insolventShare: number; lossRatioP05: number; lossRatioP50: number; lossRatioP95: number }[];
  /** Share of books insolvent in at least one year. */
  anyInsolventShare: number;
}

/** Runs the concentrated backtest for `books` random books (book seeds 1..books) and summarizes. */
export function runBacktestBooks(raw: RawRiskData, books: number, partial: Partial<BacktestOptions>): BooksSummary {
  if (!(Number.isInteger(books) && books >= 1)) throw new ParameterError('books', `must be a positive integer, got ${books}`);
  const cache = new Map<string, { rates: number[]; requiredPerCover: number; maxLeverage: number }>();
  const runs = Array.from({ length: books }, (_, b) => {
    partial.onProgress?.(`book ${b + 1}/${books}`);
    return runBacktest(raw, { ...partial, bookSeed: b + 1, cache, onProgress: undefined });
  });
  const first = runs[0]!;
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  return {
    books,
    years: first.map((y, i) => {
      const rows = runs.map((r) => r[i]).filter((r): r is BacktestYear => r !== undefined);
      const lr = rows.map((r) => r.lossRatio);
      return { year: y.year, insolventShare: rows.filter((r) => r.insolvent).length / rows.length, lossRatioP05: q(lr, 0.05), lossRatioP50: q(lr, 0.5), lossRatioP95: q(lr, 0.95) };
    }),
    anyInsolventShare: runs.filter((r) => r.some((y) => y.insolvent)).length / books,
  };
}
