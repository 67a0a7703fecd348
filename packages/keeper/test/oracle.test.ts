import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { BulwarkContractError, RpcError } from '@bulwark/sdk';
import type { Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import {
  KeeperStore,
  OracleNode,
  SimulatedFlightSource,
  SimulatedQuakeSource,
  memoryLogger,
  recoverReportSigner,
  reportDomain,
  riskKeys,
  type Report,
  type ReportSignature,
  type SimulatedFlight,
  type Watch,
} from '../src/index.js';
import { at, testKeys } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'keeper-oracle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const trigger: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const domain = reportDomain(31337, trigger);
const account = privateKeyToAccount(testKeys[0]);
const now = () => at('2026-11-26T16:05:00Z');

const watches: Watch[] = [
  { id: 'ba117', kind: 'flight', productId: 3n, flight: 'BA117', date: '2026-11-26' },
  { id: 'lh4567', kind: 'flight', productId: 3n, flight: 'LH4567', date: '2026-11-26' },
  { id: 'tokyo', kind: 'quake', productId: 4n, region: 'tokyo', lat: 35.6762, lon: 139.6503, radiusKm: 200, from: at('2026-11-01T00:00:00Z') },
];
const flights: SimulatedFlight[] = [
  { flight: 'BA117', date: '2026-11-26', scheduledDeparture: at('2026-11-26T08:25:00Z'), actualDeparture: at('2026-11-26T08:30:00Z'), status: 'landed' },
  { flight: 'LH4567', date: '2026-11-26', scheduledDeparture: at('2026-11-26T10:00:00Z'), actualDeparture: null, status: 'delayed' },
];

function setup(path: string, submit: (report: Report, signatures: ReportSignature[]) => Promise<void>) {
  const store = KeeperStore.open(path);
  const flight = new SimulatedFlightSource(flights, { now });
  const quake = new SimulatedQuakeSource([], { now });
  const logger = memoryLogger();
  const node = new OracleNode({ account, domain, store, watches, sources: { flight, quake }, submit, logger, now, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
  return { store, flight, quake, node, logger };
}

describe('oracle node', () => {
  test('signs and submits each event once, across restarts; nothing for no-event or not-final', async () => {
    const path = join(dir, 'a.db');
    const submitted: { report: Report; signatures: ReportSignature[] }[] = [];
    const submit = async (report: Report, signatures: ReportSignature[]) => void submitted.push({ report, signatures });

    let s = setup(path, submit);
    assert.deepEqual((await s.node.tick()).outcomes, { ba117: 'no-event', lh4567: 'not-final', tokyo: 'no-event' });
    assert.equal(submitted.length, 0);
    assert.equal(s.node.lastTickAt(), now());

    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T12:30:00Z'), status: 'departed' });
    s.quake.add({ id: 'q1', magnitude: 7.0, time: at('2026-11-25T03:00:00Z'), lat: 35.3, lon: 139.9 });
    assert.deepEqual((await s.node.tick()).outcomes, { ba117: 'no-event', lh4567: 'signed-and-submitted', tokyo: 'signed-and-submitted' });
    assert.equal(submitted.length, 2);
    const flightReport = submitted[0]!.report;
    assert.deepEqual(
      { ...flightReport, nonce: undefined },
      { productId: 3n, riskKey: riskKeys.flight('LH4567', '2026-11-26'), eventTime: BigInt(at('2026-11-26T10:00:00Z')), observedValue: 150n, tier: 2, nonce: undefined },
    );
    assert.equal(await recoverReportSigner(domain, flightReport, submitted[0]!.signatures[0]!.signature), account.address);
    assert.equal(submitted[1]!.report.observedValue, 70n);
    assert.equal(s.node.metrics.reportsSigned.get(), 2);

    assert.deepEqual((await s.node.tick()).outcomes, { ba117: 'no-event', lh4567: 'already-submitted', tokyo: 'already-submitted' });
    s.store.close();

    // A restart: the same observations are neither signed nor submitted again.
    s = setup(path, submit);
    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T12:30:00Z'), status: 'departed' });
    s.quake.add({ id: 'q1', magnitude: 7.0, time: at('2026-11-25T03:00:00Z'), lat: 35.3, lon: 139.9 });
    assert.deepEqual((await s.node.tick()).outcomes, { ba117: 'no-event', lh4567: 'already-submitted', tokyo: 'already-submitted' });
    assert.equal(submitted.length, 2);
    assert.equal(s.node.metrics.reportsSigned.get(), 0);

    // A higher tier for the same event is a new report (new nonce).
    s.flight.set({ ...flights[1]!, actualDeparture: null, status: 'cancelled' });
    assert.equal((await s.node.tick()).outcomes.lh4567, 'signed-and-submitted');
    assert.equal(submitted.at(-1)!.report.tier, 3);
    assert.equal(submitted.at(-1)!.report.observedValue, -1n);
    s.store.close();
  });

  test('a failed submission is retried from the stored signature after a restart, not signed anew', async () => {
    const path = join(dir, 'b.db');
    let fail = true;
    const calls: Report[] = [];
    const submit = async (report: Report) => {
      calls.push(report);
      if (fail) throw new RpcError('rpc down', { retryable: true });
    };
    let s = setup(path, submit);
    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T11:00:00Z'), status: 'departed' });
    assert.equal((await s.node.tick()).outcomes.lh4567, 'submit-failed');
    assert.equal(calls.length, 3, 'retried within the tick');
    assert.equal(s.node.metrics.retries.get({ op: 'submit' }), 2);
    const stored = s.store.getReport(calls[0]!.nonce)!;
    assert.equal(stored.status, 'signed');
    assert.match(stored.lastError ?? '', /rpc down/);
    s.store.close();

    fail = false;
    s = setup(path, submit);
    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T11:00:00Z'), status: 'departed' });
    assert.equal((await s.node.tick()).outcomes.lh4567, 'resubmitted');
    assert.equal(s.node.metrics.reportsSigned.get(), 0);
    assert.equal(s.store.getReport(calls[0]!.nonce)!.status, 'submitted');
    s.store.close();
  });

  test('a changed observed value under a used nonce is refused; refusals are counted', async () => {
    const path = join(dir, 'c.db');
    const calls: Report[] = [];
    const s = setup(path, async (report) => void calls.push(report));
    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T11:00:00Z'), status: 'departed' });
    await s.node.tick();
    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T11:05:00Z'), status: 'departed' });
    assert.equal((await s.node.tick()).outcomes.lh4567, 'conflict');
    assert.equal(calls.length, 1);

    s.flight.set({ ...flights[0]!, actualDeparture: at('2026-11-26T05:00:00Z') });
    assert.equal((await s.node.tick()).outcomes.ba117, 'refused');
    assert.equal(s.node.metrics.observationsRefused.get({ reason: 'InconsistentObservationError' }), 1);
    s.store.close();
  });

  test('a report the trigger reverts is marked rejected and never submitted again, even after a restart', async () => {
    const path = join(dir, 'd.db');
    let calls = 0;
    const submit = async () => {
      calls++;
      throw new BulwarkContractError('UnknownProduct', [3n]);
    };
    let s = setup(path, submit);
    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T11:00:00Z'), status: 'departed' });
    assert.equal((await s.node.tick()).outcomes.lh4567, 'rejected');
    assert.equal(calls, 1, 'a revert is not retried');
    assert.equal(s.store.listReports('rejected').length, 1);
    assert.match(s.store.listReports('rejected')[0]!.lastError ?? '', /unknown product 3/);
    s.store.close();
    s = setup(path, submit);
    s.flight.set({ ...flights[1]!, actualDeparture: at('2026-11-26T11:00:00Z'), status: 'departed' });
    assert.equal((await s.node.tick()).outcomes.lh4567, 'rejected');
    assert.equal(calls, 1);
    s.store.close();
  });
});
