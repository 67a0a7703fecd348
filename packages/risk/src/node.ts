/** File loading (Node only): the data files shipped in `packages/risk/data` and the vega flight records. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  detectDepegs,
  parseExposure,
  parseFlights,
  parseHazards,
  parseIncidents,
  parsePriceRounds,
  parseProtocolFactors,
  type FlightRecord,
  type HazardRow,
  type ProtocolFactors,
  type RawRiskData,
} from './data.js';

/** `packages/risk/data` (the bin sets BULWARK_RISK_DATA: its bundle runs from another directory). */
export const dataDir = process.env.BULWARK_RISK_DATA ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

export interface DataPaths {
  incidents: string;
  exposure: string;
  depegRounds: string;
}
export const defaultDataPaths: DataPaths = {
  incidents: join(dataDir, 'defi-incidents-2017-2024.csv'),
  exposure: join(dataDir, 'exposure.csv'),
  depegRounds: join(dataDir, 'chainlink-usdc-usd-rounds-2023-03.csv'),
};

/**
 * Exposure assumption for the de-peg line: USDC's history is observed from its launch (2018-10-01);
 * it did not close below $0.95 before March 2023, so the only event is the one in the rounds file.
 */
export const USDC_HISTORY_START = '2018-10-01';

export function loadRawData(paths: { [K in keyof DataPaths]?: string | undefined } = {}): RawRiskData {
  const p: DataPaths = {
    incidents: paths.incidents ?? defaultDataPaths.incidents,
    exposure: paths.exposure ?? defaultDataPaths.exposure,
    depegRounds: paths.depegRounds ?? defaultDataPaths.depegRounds,
  };
  const read = (f: string) => readFileSync(f, 'utf8');
  return {
    incidents: parseIncidents(read(p.incidents), p.incidents),
    exposure: parseExposure(read(p.exposure), p.exposure),
    depegs: detectDepegs(parsePriceRounds(read(p.depegRounds), p.depegRounds), 'USDC'),
    depegHistoryStart: USDC_HISTORY_START,
  };
}

/** vega-datasets `flights-<size>.json` (2k, 5k, 10k, 20k, 200k). */
export function loadFlights(size: '2k' | '5k' | '10k' | '20k' | '200k' = '20k'): FlightRecord[] {
  const require = createRequire(import.meta.url);
  // vega-datasets exports no data subpaths: find the package through its main entry.
  const main = require.resolve('vega-datasets');
  let dir = dirname(main);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const file = join(dir, 'data', `flights-${size}.json`);
  return parseFlights(JSON.parse(readFileSync(file, 'utf8')), file);
}

export function loadHazards(file = join(dataDir, 'hazards.csv')): HazardRow[] {
  return parseHazards(readFileSync(file, 'utf8'), file);
}

export function loadProtocolFactors(file = join(dataDir, 'protocols.csv')): ProtocolFactors[] {
  return parseProtocolFactors(readFileSync(file, 'utf8'), file);
}
