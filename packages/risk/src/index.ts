/**
 * @bulwark/risk: the actuarial engine. Pure modules only (no Node built-ins), so the web app can
 * bundle the pricing; file loading lives in `src/node.ts`.
 *
 * - Data: `parseIncidents`, `parseExposure`, `parsePriceRounds` + `detectDepegs`, `parseFlights`,
 *   `parseProtocolFactors`, `parseHazards`, guarded by `DataView` (no look-ahead).
 * - Models: `fitPoissonGamma`, `fitLognormal`, `fitIncidentCategory`, `fitDepeg`, `fitFlight`,
 *   `fitCatastrophe`, `fitProtocolFrequency`; `fitCategories` fits every dated category.
 * - Capital and prices: `simulatePortfolio`, `capitalReport`, `limitsFrom`, `priceProduct`, `assessBook`.
 * - Backtest: `runBacktest`. Governance: `buildRiskProposal`.
 */
export * from './categories.js';
export * from './errors.js';
export * from './data.js';
export * from './models.js';
export * from './pricing.js';
export * from './simulate.js';
export * from './capital.js';
export * from './engine.js';
export * from './book.js';
export * from './backtest.js';
export * from './proposal.js';
export { backtestSvg, lossDistributionSvg } from './svg.js';
export { Rng } from './rng.js';
export { normalQuantile, normalCdf, gammaQuantile, quantileSorted } from './stats.js';
