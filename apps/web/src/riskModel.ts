/**
 * The actuarial engine's view of each demo product ("why this price"), computed in the browser from
 * the data files `@bulwark/risk` ships. Imported dynamically: the engine, its data and the Monte Carlo
 * run load only when a user opens the panel, and run once per page load.
 */
import {
  assessBook, detectDepegs, fitCategories, parseExposure, parseFlights, parseHazards, parseIncidents, parsePriceRounds, parseProtocolFactors,
  productBook, viewBefore, type Category, type PriceBreakdown,
} from '@bulwark/risk';

import incidentsCsv from '../../../packages/risk/data/defi-incidents-2017-2024.csv?raw';
import exposureCsv from '../../../packages/risk/data/exposure.csv?raw';
import roundsCsv from '../../../packages/risk/data/chainlink-usdc-usd-rounds-2023-03.csv?raw';
import hazardsCsv from '../../../packages/risk/data/hazards.csv?raw';
import protocolsCsv from '../../../packages/risk/data/protocols.csv?raw';
import flightsJson from '../../../node_modules/vega-datasets/data/flights-2k.json?raw';

/** Simulated pool-years: half the CLI's default, under a second in a browser. */
export const YEARS = 100_000;
/** The CLI's demo pool capital (USD), the book the rates were set for. */
const CAPITAL = 1_000_000;

export interface ModelPrice extends PriceBreakdown {
  category: Category;
}

/** The engine's rate of each demo product, by product key (same assumptions as `bulwark-risk price`, seed 1). */
export function demoPrices(): Record<string, ModelPrice> {
  const raw = {
    incidents: parseIncidents(incidentsCsv, 'defi-incidents-2017-2024.csv'),
    exposure: parseExposure(exposureCsv, 'exposure.csv'),
    depegs: detectDepegs(parsePriceRounds(roundsCsv, 'chainlink-usdc-usd-rounds-2023-03.csv'), 'USDC'),
    depegHistoryStart: '2018-10-01',
  };
  const models = fitCategories(viewBefore(raw));
  const lines = productBook({
    models,
    flights: parseFlights(JSON.parse(flightsJson) as unknown, 'flights-2k.json'),
    hazards: parseHazards(hazardsCsv, 'hazards.csv'),
    protocols: parseProtocolFactors(protocolsCsv, 'protocols.csv'),
    capital: CAPITAL,
  });
  const assessed = assessBook(lines, { capital: CAPITAL, years: YEARS, seed: 1 });
  return Object.fromEntries(assessed.prices.map((p, j) => [p.key, { ...p, category: assessed.lines[j]!.category }]));
}
