import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { KeeperStore, memoryLogger, parseConfig, startOracleService, type Report, type ReportSignature } from '../src/index.js';
import { testKeys } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'keeper-service-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an oracle node from a config with simulated sources: signs, submits, serves /health and /metrics, stops cleanly', async () => {
  const nowIso = new Date(Math.floor(Date.now() / 1000) * 1000 - 3 * 3600 * 1000).toISOString();
  const date = nowIso.slice(0, 10);
  const scheduled = Date.parse(nowIso) / 1000;
  const config = parseConfig(
    {
      rpcUrl: 'http://127.0.0.1:8545',
      deploymentsDir: './deployments',
      dbPath: './keeper.db',
      http: { port: 0 },
      pollIntervalSeconds: 1,
      oracle: { key: { env: 'ORACLE_PRIVATE_KEY' }, trigger: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
      sources: {
        flight: { kind: 'simulated', flights: [{ flight: 'BA117', date, scheduledDeparture: scheduled, actualDeparture: scheduled + 50 * 60, status: 'departed' }] },
        quake: { kind: 'simulated', quakes: [] },
      },
      watches: [
        { kind: 'flight', productId: 3, flight: 'BA117', date },
        { kind: 'quake', productId: 4, region: 'tokyo', lat: 35.68, lon: 139.69, radiusKm: 150, from: 0 },
      ],
    },
    { baseDir: dir, env: {} },
  );
  const submitted: { report: Report; signatures: ReportSignature[] }[] = [];
  const logger = memoryLogger();
  const service = await startOracleService(config, {
    chainId: 31337,
    submit: async (report, signatures) => void submitted.push({ report, signatures }),
    logger,
    env: { ORACLE_PRIVATE_KEY: testKeys[0] },
  });
  const controller = new AbortController();
  const running = service.run(controller.signal);
  try {
    for (let i = 0; i < 100 && service.node.lastTickAt() === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    const health = await fetch(`${service.http.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const metrics = await (await fetch(`${service.http.url}/metrics`)).text();
    assert.match(metrics, /^bulwark_keeper_reports_signed_total 1$/m);
    assert.equal(submitted.length, 1);
    assert.deepEqual([submitted[0]!.report.tier, submitted[0]!.report.observedValue], [1, 50n]);
  } finally {
    controller.abort();
    await running;
  }
  for (const line of logger.lines) assert.ok(!line.includes(testKeys[0].slice(2)), 'the key never appears in the logs');
  const store = KeeperStore.open(config.dbPath);
  assert.equal(store.listReports('submitted').length, 1);
  store.close();
});
