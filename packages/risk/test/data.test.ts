import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import {
  ATTACK_TYPE_CATEGORIES,
  DataError,
  PROTOCOL_CATEGORY_OVERRIDES,
  UnknownCategoryError,
  categoryOf,
  detectDepegs,
  parseExposure,
  parseFlights,
  parseHazards,
  parseIncidents,
  parsePriceRounds,
  parseProtocolFactors,
} from '../src/index.js';
import { defaultDataPaths, loadFlights, loadRawData } from '../src/node.js';

const HEADER = 'date,protocol,chain,attack_type,loss_usd';

function rejects(fn: () => unknown, check: { row: number; field: string; type?: typeof DataError }) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof (check.type ?? DataError), `expected ${(check.type ?? DataError).name}, got ${String(e)}`);
    assert.equal(e.row, check.row, `row in "${e.message}"`);
    assert.equal(e.field, check.field, `field in "${e.message}"`);
    assert.match(e.message, new RegExp(`row ${check.row}`));
    return true;
  });
}

describe('attack type table', () => {
  test('maps every attack type of the shipped incident list, and the table is explicit', () => {
    const incidents = parseIncidents(readFileSync(defaultDataPaths.incidents, 'utf8'));
    assert.equal(incidents.length, 464);
    for (const i of incidents) assert.ok(ATTACK_TYPE_CATEGORIES[i.attackType], `${i.attackType} is in the table`);
    assert.equal(categoryOf('Some DEX', 'Price Manipulation'), 'oracle-manipulation');
    assert.equal(categoryOf('Some DEX', 'Flash Loan Attack'), 'oracle-manipulation');
    assert.equal(categoryOf('Some DEX', 'Reentrancy'), 'smart-contract-exploit');
    assert.equal(categoryOf('Poly Network', 'Bridge Attack'), 'bridge');
    assert.equal(categoryOf('Nomad Bridge', 'Incorrect Validation'), 'bridge', 'protocol override wins');
    assert.equal(categoryOf('WazirX', 'Compromised Private Key'), 'custodial-exchange-hack');
    assert.equal(categoryOf('Gala', 'Compromised Private Key'), 'smart-contract-exploit');
    assert.equal(categoryOf('x', 'Rug Pull'), undefined);
    assert.equal(incidents.filter((i) => i.category === 'custodial-exchange-hack').length, 1);
    assert.equal(incidents.filter((i) => i.category === 'bridge').length, 11);
    for (const name of Object.keys(PROTOCOL_CATEGORY_OVERRIDES)) {
      if (name === 'Ronin Network' || name === 'Allbridge') continue;
      assert.ok(incidents.some((i) => i.protocol === name), `override ${name} names a protocol of the list`);
    }
  });

  test('an unknown attack type is an error naming the row', () => {
    rejects(() => parseIncidents(`${HEADER}\n2021-01-01,A,Ethereum,Logic Flaw,100\n2021-02-01,B,Ethereum,Rug Pull,5`), { row: 3, field: 'attack_type', type: UnknownCategoryError });
  });
});

describe('bad input is a typed error naming row and field', () => {
  test('malformed row (missing field)', () => rejects(() => parseIncidents(`${HEADER}\n2021-01-01,A,Ethereum,Logic Flaw`), { row: 2, field: '*' }));
  test('negative loss', () => rejects(() => parseIncidents(`${HEADER}\n2021-01-01,A,Ethereum,Logic Flaw,100\n2021-01-02,B,BSC,Logic Flaw,-5`), { row: 3, field: 'loss_usd' }));
  test('zero loss', () => rejects(() => parseIncidents(`${HEADER}\n2021-01-01,A,Ethereum,Logic Flaw,0`), { row: 2, field: 'loss_usd' }));
  test('non-numeric loss', () => rejects(() => parseIncidents(`${HEADER}\n2021-01-01,A,Ethereum,Logic Flaw,12k`), { row: 2, field: 'loss_usd' }));
  test('bad date', () => rejects(() => parseIncidents(`${HEADER}\n2021-02-30,A,Ethereum,Logic Flaw,10`), { row: 2, field: 'date' }));
  test('empty protocol', () => rejects(() => parseIncidents(`${HEADER}\n2021-02-03,,Ethereum,Logic Flaw,10`), { row: 2, field: 'protocol' }));
  test('missing column', () => rejects(() => parseIncidents('date,protocol,chain,attack_type\n2021-01-01,A,B,C'), { row: 1, field: 'loss_usd' }));
  test('unterminated quote', () => rejects(() => parseIncidents(`${HEADER}\n2021-01-01,"A,Ethereum,Logic Flaw,10`), { row: 2, field: '*' }));
  test('quoted commas parse', () => assert.equal(parseIncidents(`${HEADER}\n2021-01-01,"A, B",Ethereum,Logic Flaw,10`)[0]?.protocol, 'A, B'));
  test('unknown exposure category', () => rejects(() => parseExposure('year,category,units,note\n2020,meteor-strike,5,x'), { row: 2, field: 'category' }));
  test('negative price', () => rejects(() => parsePriceRounds('answer,updatedAt\n-1,100'), { row: 2, field: 'answer' }));
  test('protocol factors: negative age', () => rejects(() => parseProtocolFactors('name,category,age_years,audits,tvl_usd,past_incidents\nx,smart-contract-exploit,-1,0,5,0'), { row: 2, field: 'age_years' }));
  test('hazards: b-value out of range', () => rejects(() => parseHazards('region,peril,min_magnitude,annual_rate,b_value,source\nX,earthquake,6.5,0.1,9,s'), { row: 2, field: 'b_value' }));
  test('flights: bad delay names the record', () => rejects(() => parseFlights([{ date: '2001/01/01 00:47', delay: 3, origin: 'A', destination: 'B' }, { date: '2001/01/01 00:47', delay: 'late', origin: 'A', destination: 'B' }]), { row: 2, field: 'delay' }));
});

describe('real data sets', () => {
  test('the March 2023 USDC de-peg is found in the Chainlink rounds, once', () => {
    const events = detectDepegs(parsePriceRounds(readFileSync(defaultDataPaths.depegRounds, 'utf8')), 'USDC');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.date, '2023-03-11');
    assert.equal(events[0]!.trough, 0.88);
    assert.ok(events[0]!.depth > 0.05 && events[0]!.depth < 0.07, `depth at the proof round ${events[0]!.depth}`);
  });

  test('flights load from vega-datasets with hours and routes', () => {
    const flights = loadFlights('2k');
    assert.equal(flights.length, 2000);
    assert.ok(flights.every((f) => f.hour >= 0 && f.hour < 24 && /^\w+$/.test(f.origin)));
  });

  test('loadRawData: exposure for every year 2017-2025 and category of the incident list', () => {
    const raw = loadRawData();
    for (let y = 2017; y <= 2025; y++) {
      for (const c of ['smart-contract-exploit', 'oracle-manipulation', 'bridge', 'custodial-exchange-hack']) assert.ok(raw.exposure.some((e) => e.year === y && e.category === c), `${c} ${y}`);
    }
  });
});
