/**
 * @bulwark/keeper: the keeper and oracle node service.
 *
 * - `report`: the EIP-712 report SignedReportTrigger verifies, risk keys, nonces, signing, sorting.
 * - `sources`: observation sources (flight-status API, USGS GeoJSON feed, simulated) behind one interface.
 * - `terms`: product terms as pure functions (tiers, Haversine distance).
 * - `store`: SQLite state (signed reports, payout progress with exactly-once reconcile, cursors).
 * - `keeper`: the payout keeper loop; `keeper-service`: the whole process from a config (`main.ts` runs it).
 * - `submit`: the oracle node's chain submission (SDK `submitReport`).
 * - `oracle`: the node loop; `service`: assembles it from a config; `http`: /health and /metrics.
 */
export * from './config.js';
export * from './errors.js';
export * from './http.js';
export * from './keeper.js';
export * from './keeper-service.js';
export * from './key.js';
export * from './log.js';
export * from './metrics.js';
export * from './oracle.js';
export * from './report.js';
export * from './retry.js';
export * from './service.js';
export * from './sources/index.js';
export * from './store.js';
export * from './submit.js';
export * from './terms.js';
