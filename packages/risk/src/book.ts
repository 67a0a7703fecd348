/** The demo deployment's products as a book (pure): what `price`, `capital` and `propose` assess by default. */
import type { HazardRow, ProtocolFactors, FlightRecord } from './data.js';
import { riskFromCatastrophe, riskFromCategory, riskFromFlight, type BookLine, type FittedCategories, type RiskModel } from './engine.js';
import { ParameterError } from './errors.js';
import { fitCatastrophe, fitFlight, fitProtocolFrequency, type FlightTerms, defaultFlightTerms } from './models.js';

export interface ProductBookInputs {
  models: FittedCategories;
  flights: readonly FlightRecord[];
  hazards: readonly HazardRow[];
  protocols: readonly ProtocolFactors[];
  /** Pool capital and the active cover of each product (currency). */
  capital: number;
  covers?: Partial<Record<string, number>> | undefined;
  flightRoute?: string | undefined;
  flightPeriodDays?: number | undefined;
  flightCoverPerFlight?: number | undefined;
  flightTerms?: FlightTerms | undefined;
  quakeRegion?: string | undefined;
  exploitProtocol?: string | undefined;
}

/** Keys as in `deploy/networks/products.ts` (the web app and `propose` find products by them). */
export const demoCovers: Record<string, number> = {
  'aave-v3-exploit': 900_000,
  'exchange-hack': 450_000,
  'usdc-depeg': 900_000,
  'flight-delay': 150_000,
  earthquake: 300_000,
  'oracle-manipulation': 150_000,
  'bridge-exploit': 150_000,
};

export function productBook(i: ProductBookInputs): BookLine[] {
  const covers = { ...demoCovers, ...i.covers };
  const cover = (k: string) => covers[k] ?? 0;
  const protocolName = i.exploitProtocol ?? 'aave-v3';
  const protocol = i.protocols.find((p) => p.name === protocolName);
  if (!protocol) throw new ParameterError('exploitProtocol', `no factors for "${protocolName}"`);
  const exploitCat = riskFromCategory(i.models['smart-contract-exploit']);
  const own = fitProtocolFrequency(i.models['smart-contract-exploit'].frequency, protocol);
  const exploit: RiskModel = {
    ...exploitCat,
    unit: `${protocolName} protocol-year`,
    frequency: own.mean,
    frequencyCi90: own.ci90,
    expectedLossRate: own.mean * exploitCat.expectedShare,
    expectedLossRateCi90: [own.ci90[0] * i.models['smart-contract-exploit'].expectedShareCi90[0], own.ci90[1] * i.models['smart-contract-exploit'].expectedShareCi90[1]],
  };
  const period = i.flightPeriodDays ?? 2;
  const perFlight = i.flightCoverPerFlight ?? 200;
  const flight = riskFromFlight(fitFlight(i.flights, i.flightRoute ?? '*', undefined, i.flightTerms ?? defaultFlightTerms), period);
  const region = i.quakeRegion ?? 'JP-13';
  const hazard = i.hazards.find((h) => h.region === region);
  if (!hazard) throw new ParameterError('quakeRegion', `no hazard row for "${region}"`);
  const lines: BookLine[] = [
    { key: 'aave-v3-exploit', cover: cover('aave-v3-exploit'), units: 1, risk: exploit },
    { key: 'exchange-hack', cover: cover('exchange-hack'), units: 1, risk: riskFromCategory(i.models['custodial-exchange-hack']) },
    { key: 'usdc-depeg', cover: cover('usdc-depeg'), units: 1, risk: riskFromCategory(i.models['stablecoin-depeg']) },
    { key: 'flight-delay', cover: cover('flight-delay'), units: Math.max(1, Math.round(cover('flight-delay') / perFlight)), risk: flight, annualLimit: (cover('flight-delay') * 365) / period },
    { key: 'earthquake', cover: cover('earthquake'), units: 1, risk: riskFromCatastrophe(fitCatastrophe(hazard)) },
    { key: 'oracle-manipulation', cover: cover('oracle-manipulation'), units: 1, risk: riskFromCategory(i.models['oracle-manipulation']) },
    { key: 'bridge-exploit', cover: cover('bridge-exploit'), units: 1, risk: riskFromCategory(i.models.bridge) },
  ];
  return lines.filter((l) => l.cover > 0);
}
