export * from './types.js';
export * from './flight.js';
export * from './usgs.js';
export * from './simulated.js';
export { getJson, type HttpSourceOptions } from './http.js';
