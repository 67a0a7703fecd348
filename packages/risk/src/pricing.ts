/** Risk-based rates with their components, so a user can see why a price is what it is (pure). */
import { ParameterError } from './errors.js';

export interface PricingAssumptions {
  /** Share of the premium that goes to expenses (claims assessment, keepers, protocol fee). */
  expenseRatio: number;
  /** Annual return LPs require on the capital their cover ties up. */
  costOfCapital: number;
}
export const defaultPricing: PricingAssumptions = { expenseRatio: 0.2, costOfCapital: 0.1 };

export interface PriceInput {
  key: string;
  /** Expected loss per unit of cover per year (frequency x expected share). */
  expectedLossRate: number;
  /** Capital allocated to this product's cover (currency) and the cover it backs (currency). */
  allocatedCapital: number;
  cover: number;
  /** 90% interval of the expected loss rate (parameter uncertainty). */
  expectedLossRateCi90?: [number, number] | undefined;
}

export interface PriceBreakdown {
  key: string;
  /** Annual premium rate per unit of cover. */
  rate: number;
  components: {
    expectedLoss: number;
    /** expectedLoss / (1 - expenseRatio) - expectedLoss */
    expenseLoading: number;
    /** costOfCapital x allocatedCapital / cover */
    capitalCharge: number;
  };
  expenseRatio: number;
  costOfCapital: number;
  capitalShare: number;
  /** Rate at the ends of the expected loss interval (same capital charge). */
  rateCi90?: [number, number] | undefined;
}

/** premium rate = EL / (1 - expense ratio) + cost of capital x (allocated capital / cover). */
export function priceProduct(input: PriceInput, assumptions: PricingAssumptions = defaultPricing): PriceBreakdown {
  const { expenseRatio: e, costOfCapital: k } = assumptions;
  if (!(e >= 0 && e < 1)) throw new ParameterError('expenseRatio', `must be in [0, 1), got ${e}`);
  if (!(k >= 0)) throw new ParameterError('costOfCapital', `must be >= 0, got ${k}`);
  if (!(input.expectedLossRate >= 0)) throw new ParameterError('expectedLossRate', `must be >= 0, got ${input.expectedLossRate}`);
  if (!(input.cover > 0)) throw new ParameterError('cover', `must be > 0, got ${input.cover}`);
  const capitalShare = Math.max(0, input.allocatedCapital) / input.cover;
  const loaded = input.expectedLossRate / (1 - e);
  const capitalCharge = k * capitalShare;
  const rate = loaded + capitalCharge;
  const ci = input.expectedLossRateCi90;
  return {
    key: input.key,
    rate,
    components: { expectedLoss: input.expectedLossRate, expenseLoading: loaded - input.expectedLossRate, capitalCharge },
    expenseRatio: e,
    costOfCapital: k,
    capitalShare,
    rateCi90: ci ? [ci[0] / (1 - e) + capitalCharge, ci[1] / (1 - e) + capitalCharge] : undefined,
  };
}

/** Annual base rate for a short parametric cover: one period's expected payout per unit, annualized. */
export function annualizedRate(perPeriodRate: number, periodDays: number): number {
  return (perPeriodRate * 365) / periodDays;
}
