import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { ConflictingReportError, KeeperStore, hashReport, makeReport, reportDomain, riskKeys, signReport, type PayoutRow } from '../src/index.js';
import { testKeys } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'keeper-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `store-${n++}`, 'keeper.db');

const trigger: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const txA: Hex = `0x${'aa'.repeat(32)}`;
const txB: Hex = `0x${'bb'.repeat(32)}`;
const domain = reportDomain(31337, trigger);
const account = privateKeyToAccount(testKeys[0]);
const report = makeReport({ productId: 3n, riskKey: riskKeys.flight('LH4567', '2026-11-26'), eventTime: 1795687200n, observedValue: 50n, tier: 1 });

describe('reports', () => {
  test('recorded once per nonce, survive reopen, status moves to submitted', async () => {
    const path = freshPath();
    const signature = await signReport(account, domain, report);
    const digest = hashReport(domain, report);
    let store = KeeperStore.open(path);
    assert.equal(store.recordReport({ report, digest, signature, origin: 'w1' }).outcome, 'inserted');
    assert.equal(store.recordReport({ report, digest, signature, origin: 'w1' }).outcome, 'exists');
    store.markReportFailed(report.nonce, 'RpcError: down');
    store.close();

    store = KeeperStore.open(path);
    const row = store.getReport(report.nonce)!;
    assert.deepEqual(row.report, report);
    assert.equal(row.signature, signature.signature);
    assert.equal(row.signer, account.address);
    assert.equal(row.status, 'signed');
    assert.equal(row.lastError, 'RpcError: down');
    store.markReportSubmitted(report.nonce, txA);
    assert.equal(store.getReport(report.nonce)!.status, 'submitted');
    assert.deepEqual(store.listReports('signed'), []);
    store.close();
  });

  test('a different report under a used nonce is refused', async () => {
    const store = KeeperStore.open(':memory:');
    store.recordReport({ report, digest: hashReport(domain, report), signature: await signReport(account, domain, report), origin: 'w1' });
    const other = { ...report, observedValue: 55n };
    await assert.rejects(
      async () => store.recordReport({ report: other, digest: hashReport(domain, other), signature: await signReport(account, domain, other), origin: 'w1' }),
      ConflictingReportError,
    );
    assert.equal(store.getReport(report.nonce)!.report.observedValue, 50n);
    store.close();
  });
});

describe('payouts', () => {
  test('enqueue is idempotent and never resets progress', () => {
    const store = KeeperStore.open(':memory:');
    assert.equal(store.enqueuePayouts(trigger, 1n, [1n, 2n, 3n]), 3);
    const batch = store.takePayoutBatch(trigger, 1n, 10)!;
    batch.markSent(txA);
    assert.equal(store.enqueuePayouts(trigger, 1n, [1n, 2n, 3n, 4n]), 1);
    assert.deepEqual(store.listPayouts().map((r) => r.status), ['sent', 'sent', 'sent', 'pending']);
    store.close();
  });

  test('a cover is never handed out twice: open batches are disjoint, sent covers are not handed out again', () => {
    const store = KeeperStore.open(':memory:');
    store.enqueuePayouts(trigger, 1n, [1n, 2n, 3n, 4n, 5n]);
    const a = store.takePayoutBatch(trigger, 1n, 2)!;
    const b = store.takePayoutBatch(trigger, 1n, 2)!;
    const c = store.takePayoutBatch(trigger, 1n, 2)!;
    assert.deepEqual([a.coverIds, b.coverIds, c.coverIds], [[1n, 2n], [3n, 4n], [5n]]);
    assert.equal(store.takePayoutBatch(trigger, 1n, 2), undefined);
    a.markSent(txA);
    b.release();
    assert.throws(() => a.markSent(txB), /already/);
    const d = store.takePayoutBatch(trigger, 1n, 10)!;
    assert.deepEqual(d.coverIds, [3n, 4n], 'released covers come back, sent ones do not');
    store.close();
  });

  test('exactly once across restarts: sent rows are reconciled, never re-handed-out blindly', async () => {
    const path = freshPath();
    let store = KeeperStore.open(path);
    store.enqueuePayouts(trigger, 7n, [10n, 11n, 12n, 13n]);
    store.takePayoutBatch(trigger, 7n, 2)!.markSent(txA); // 10, 11: tx A
    store.takePayoutBatch(trigger, 7n, 1)!.markSent(txB); // 12: tx B
    store.takePayoutBatch(trigger, 7n, 1); // 13: leased, then the process dies before sending
    store.close();

    store = KeeperStore.open(path);
    // After the restart only the unsent cover is pending; the sent ones wait for reconcile.
    assert.deepEqual(store.takePayoutBatch(trigger, 7n, 10)?.coverIds, [13n]);
    const seen: PayoutRow[] = [];
    const result = await store.reconcile(async (row) => {
      seen.push(row);
      if (row.txHash === txA) return 'paid'; // receipt found, or isPaid(eventId, coverId) is true
      return 'unpaid'; // tx B was dropped
    });
    assert.deepEqual(result, { confirmed: 2, requeued: 1, unresolved: 0, errors: 0 });
    assert.deepEqual(seen.map((r) => [r.coverId, r.txHash]), [[10n, txA], [11n, txA], [12n, txB]]);
    store.close();

    store = KeeperStore.open(path);
    assert.deepEqual(store.listPayouts({ status: 'confirmed' }).map((r) => r.coverId), [10n, 11n]);
    const again = store.takePayoutBatch(trigger, 7n, 10)!;
    assert.deepEqual(again.coverIds, [12n, 13n], 'only the unpaid cover and the never-sent one');
    again.markSent(txA);
    store.markConfirmed(trigger, 7n, again.coverIds);
    assert.equal(store.takePayoutBatch(trigger, 7n, 10), undefined);
    assert.equal(store.countPayouts('confirmed'), 4);
    assert.equal(store.listPayouts({ trigger, eventId: 7n }).find((r) => r.coverId === 12n)!.sends, 2);
    store.close();
  });

  test('reconcile leaves unknown verdicts and failed checks as sent', async () => {
    const store = KeeperStore.open(':memory:');
    store.enqueuePayouts(trigger, 1n, [1n, 2n]);
    store.takePayoutBatch(trigger, 1n, 2)!.markSent(txA);
    const result = await store.reconcile(async (row) => {
      if (row.coverId === 1n) return 'unknown';
      throw new Error('rpc down');
    });
    assert.deepEqual(result, { confirmed: 0, requeued: 0, unresolved: 1, errors: 1 });
    assert.equal(store.countPayouts('sent'), 2);
    assert.equal(store.takePayoutBatch(trigger, 1n, 10), undefined);
    store.close();
  });

  test('addresses are normalized: a lower-case trigger is the same trigger', () => {
    const store = KeeperStore.open(':memory:');
    store.enqueuePayouts(trigger.toLowerCase() as Address, 1n, [1n]);
    assert.equal(store.enqueuePayouts(trigger, 1n, [1n]), 0);
    assert.equal(store.listPayouts({ trigger: trigger.toLowerCase() as Address }).length, 1);
    store.close();
  });
});

describe('cursors', () => {
  test('survive reopen', () => {
    const path = freshPath();
    let store = KeeperStore.open(path);
    assert.equal(store.getCursor('lastBlock'), undefined);
    store.setCursor('lastBlock', 123n);
    store.setCursor('lastBlock', 456n);
    store.close();
    store = KeeperStore.open(path);
    assert.equal(store.getCursor('lastBlock'), 456n);
    store.close();
  });
});
