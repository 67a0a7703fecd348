import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { PROMETHEUS_CONTENT_TYPE, keeperMetrics, startHttpServer } from '../src/index.js';

describe('http server', () => {
  test('/health: 503 before the first tick, 200 while ticks are recent, 503 when stale', async () => {
    let clock = 1_000_000;
    let last: number | undefined;
    const metrics = keeperMetrics();
    const http = await startHttpServer({
      registry: metrics.registry,
      health: { lastTickAt: () => last, details: () => ({ pendingPayouts: 2 }) },
      maxTickAgeSeconds: 60,
      now: () => clock,
    });
    try {
      let res = await fetch(`${http.url}/health`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { status: string }).status, 'starting');

      last = clock - 10;
      res = await fetch(`${http.url}/health`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(await res.json(), { status: 'ok', lastTickAt: last, lastTickAgeSeconds: 10, maxTickAgeSeconds: 60, pendingPayouts: 2 });

      clock += 120;
      res = await fetch(`${http.url}/health`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { status: string }).status, 'stale');

      res = await fetch(`${http.url}/nope`);
      assert.equal(res.status, 404);
      await res.body?.cancel();
    } finally {
      await http.close();
    }
  });

  test('/metrics: Prometheus text format 0.0.4', async () => {
    const metrics = keeperMetrics();
    metrics.reportsSigned.inc();
    metrics.reportsSigned.inc();
    metrics.payoutsSent.inc(5);
    metrics.payoutsConfirmed.inc(3);
    metrics.rpcErrors.inc();
    metrics.retries.inc(1, { op: 'source' });
    metrics.retries.inc(2, { op: 'submit "x"\n' });
    metrics.lastBlock.set(12345);
    metrics.lastTick.set(1795700000);
    metrics.pendingPayouts.set(2);
    const http = await startHttpServer({ registry: metrics.registry, health: { lastTickAt: () => undefined } });
    try {
      const res = await fetch(`${http.url}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), PROMETHEUS_CONTENT_TYPE);
      const text = await res.text();
      assert.ok(text.endsWith('\n'));
      const lines = text.trimEnd().split('\n');
      // Every line is a HELP, a TYPE, or a sample `name{labels} value`.
      for (const line of lines) assert.match(line, /^(# HELP [a-z_:]+ .+|# TYPE [a-z_:]+ (counter|gauge)|[a-z_:]+(\{[a-z_]+="(?:[^"\\]|\\.)*"(,[a-z_]+="(?:[^"\\]|\\.)*")*\})? -?[0-9.e+]+)$/, line);
      const sample = (s: string) => assert.ok(lines.includes(s), `missing "${s}" in\n${text}`);
      sample('# TYPE bulwark_keeper_reports_signed_total counter');
      sample('bulwark_keeper_reports_signed_total 2');
      sample('bulwark_keeper_payouts_sent_total 5');
      sample('bulwark_keeper_payouts_confirmed_total 3');
      sample('bulwark_keeper_rpc_errors_total 1');
      sample('bulwark_keeper_retries_total{op="source"} 1');
      sample('bulwark_keeper_retries_total{op="submit \\"x\\"\\n"} 2');
      sample('# TYPE bulwark_keeper_last_block_processed gauge');
      sample('bulwark_keeper_last_block_processed 12345');
      sample('bulwark_keeper_last_tick_timestamp_seconds 1795700000');
      sample('bulwark_keeper_pending_payouts 2');
      sample('bulwark_keeper_observations_refused_total 0');
      // HELP and TYPE come once per metric, HELP first.
      const typeIndex = lines.indexOf('# TYPE bulwark_keeper_pending_payouts gauge');
      assert.match(lines[typeIndex - 1]!, /^# HELP bulwark_keeper_pending_payouts /);
    } finally {
      await http.close();
    }
  });
});
