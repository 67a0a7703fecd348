import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { privateKeyToAccount } from 'viem/accounts';

import { ConfigError, KeystoreError, decryptKeystore, encryptKeystore, loadAccount, loadConfig, parseConfig } from '../src/index.js';
import { at, testKeys } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'keeper-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const key = testKeys[0];
const address = privateKeyToAccount(key).address;

describe('oracle key', () => {
  test('from the environment, a plain key file, or a V3 keystore', () => {
    assert.equal(loadAccount({ env: 'K' }, { K: key }).address, address);
    assert.equal(loadAccount({ env: 'K' }, { K: key.slice(2) }).address, address);
    const file = join(dir, 'oracle.key');
    writeFileSync(file, `${key}\n`);
    assert.equal(loadAccount({ file }).address, address);
    const keystore = join(dir, 'oracle.json');
    writeFileSync(keystore, JSON.stringify(encryptKeystore(key, 'correct horse', { n: 1024 })));
    assert.equal(loadAccount({ keystore, passwordEnv: 'PW' }, { PW: 'correct horse' }).address, address);
  });

  test('errors are typed and never contain the key', () => {
    const cases: (() => unknown)[] = [
      () => loadAccount({ env: 'K' }, {}),
      () => loadAccount({ env: 'K' }, { K: `${key}00` }),
      () => loadAccount({ file: join(dir, 'missing.key') }),
    ];
    for (const run of cases) {
      assert.throws(run, (e: unknown) => e instanceof KeystoreError && !e.message.includes(key.slice(2, 20)));
    }
    const keystore = encryptKeystore(key, 'pw', { n: 1024 });
    assert.throws(() => decryptKeystore(keystore, 'wrong'), /wrong password/);
  });

  test('decrypts the Web3 Secret Storage pbkdf2 test vector', () => {
    const vector = {
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
        ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
        kdf: 'pbkdf2',
        kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
        mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
      },
      id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
      version: 3,
    };
    assert.equal(decryptKeystore(vector, 'testpassword'), '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d');
  });

  test('a geth-default scrypt keystore (n = 2^18, r = 8, p = 1) round-trips', () => {
    const keystore = encryptKeystore(key, 'pw');
    assert.equal(keystore.crypto.kdfparams.n, 262144);
    assert.equal(decryptKeystore(JSON.parse(JSON.stringify(keystore)), 'pw'), key);
  });
});

const valid = {
  rpcUrl: 'http://127.0.0.1:8545',
  deploymentsDir: '../deployments',
  dbPath: './data/keeper.db',
  http: { port: 9464 },
  pollIntervalSeconds: 30,
  oracle: { key: { env: 'ORACLE_PRIVATE_KEY' } },
  sources: {
    flight: { kind: 'http', baseUrl: 'https://flights.example/v1', apiKeyEnv: 'FLIGHT_API_KEY' },
    quake: { kind: 'usgs', feedUrl: 'https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/4.5_week.geojson' },
  },
  watches: [
    { kind: 'flight', productId: 3, flight: 'ba 117', date: '2026-11-26' },
    { kind: 'quake', productId: 4, region: 'tokyo', lat: 35.68, lon: 139.69, radiusKm: 150, from: '2026-11-01T00:00:00Z' },
  ],
};

describe('config', () => {
  test('a valid file: paths resolved, key from the environment, defaults filled', () => {
    const conf = parseConfig(valid, { baseDir: '/srv/keeper', env: { FLIGHT_API_KEY: 'secret-key' } });
    assert.equal(conf.dbPath, '/srv/keeper/data/keeper.db');
    assert.equal(conf.deploymentsDir, '/srv/deployments');
    assert.deepEqual(conf.http, { port: 9464, host: '127.0.0.1' });
    assert.equal(conf.maxTickAgeSeconds, 90);
    assert.deepEqual(conf.sources.flight, { kind: 'http', baseUrl: 'https://flights.example/v1', apiKey: 'secret-key', apiKeyEnv: 'FLIGHT_API_KEY' });
    assert.deepEqual(conf.watches, [
      { id: 'flight:BA117:2026-11-26:3', kind: 'flight', productId: 3n, flight: 'BA117', date: '2026-11-26' },
      { id: 'quake:tokyo:4', kind: 'quake', productId: 4n, region: 'tokyo', lat: 35.68, lon: 139.69, radiusKm: 150, from: at('2026-11-01T00:00:00Z') },
    ]);
    assert.deepEqual(conf.retry, { attempts: 5, baseDelayMs: 250, maxDelayMs: 10000 });
  });

  test('every problem is listed with its path', () => {
    const bad = {
      ...valid,
      rpcUrl: 'ftp://x',
      http: { port: 70000 },
      sources: { flight: { kind: 'http', baseUrl: 'https://f', apiKeyEnv: 'MISSING', apiKey: 'inline' } },
      watches: [{ kind: 'flight', productId: -1, flight: 'B', date: '2026-02-30' }, { kind: 'quake', productId: 1, region: 'x', lat: 100, lon: 0, radiusKm: 10, from: 'yesterday' }, { kind: 'volcano' }],
    };
    assert.throws(
      () => parseConfig(bad, { env: {} }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        for (const part of ['rpcUrl', 'http.port', 'sources.flight.apiKey:', 'MISSING is not set', 'watches[0].productId', 'watches[0].flight', 'watches[0].date', 'watches[1]: a quake watch needs sources.quake', 'watches[1].lat', 'watches[1].from', 'watches[2].kind']) {
          assert.ok(e.message.includes(part), `"${part}" not in:\n${e.message}`);
        }
        assert.ok(!e.message.includes('inline'));
        return true;
      },
    );
  });

  test('loadConfig reads a file and reports bad JSON clearly', () => {
    const file = join(dir, 'keeper.json');
    writeFileSync(file, JSON.stringify({ ...valid, sources: { flight: { kind: 'simulated', flights: [] }, quake: { kind: 'simulated', quakes: [] } } }));
    const conf = loadConfig(file, {});
    assert.equal(conf.dbPath, join(dir, 'data', 'keeper.db'));
    writeFileSync(file, '{ nope');
    assert.throws(() => loadConfig(file, {}), (e: unknown) => e instanceof ConfigError && /not valid JSON/.test(e.message));
    assert.throws(() => loadConfig(join(dir, 'none.json'), {}), ConfigError);
  });
});
