import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { BulwarkError, RpcError } from '@bulwark/sdk';

import { REDACTED, SourceHttpError, backoffDelay, createLogger, isRetryable, memoryLogger, withRetry } from '../src/index.js';

describe('logger', () => {
  test('JSON lines with level, time, msg and fields; below-level lines dropped', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date('2026-11-26T16:00:00Z'), base: { service: 'k' } });
    log.debug('hidden');
    log.child({ watch: 'w1' }).info('hello', { n: 1n, when: new Date(0) });
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0]!), { level: 'info', time: '2026-11-26T16:00:00.000Z', msg: 'hello', service: 'k', watch: 'w1', n: '1', when: '1970-01-01T00:00:00.000Z' });
  });

  test('redacts secrets by field name at any depth, keeps risk keys and hashes', () => {
    const log = memoryLogger();
    const secret = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
    const txHash = `0x${'ab'.repeat(32)}`;
    log.info('config', {
      config: { apiKey: 'k1', privateKey: secret, oracle: { key: secret }, password: 'p', nested: [{ clientSecret: 's', api_key: 'k2' }], headers: { 'x-api-key': 'k3' } },
      riskKey: txHash,
      txHash,
      tokenId: 7,
      auth: { token: 't', accessToken: 't2' },
    });
    const line = log.lines[0]!;
    for (const s of [secret, '"k1"', '"k2"', '"k3"', '"p"', '"s"', '"t"', '"t2"']) assert.ok(!line.includes(s), `${s} leaked: ${line}`);
    const entry = log.entries()[0] as { config: { apiKey: string; oracle: { key: string } }; riskKey: string; txHash: string };
    assert.equal(entry.config.apiKey, REDACTED);
    assert.equal(entry.config.oracle.key, REDACTED);
    assert.equal(entry.riskKey, txHash);
    assert.equal(entry.txHash, txHash);
    assert.equal((entry as unknown as { tokenId: number }).tokenId, 7);
  });

  test('errors are logged with name, message and cause', () => {
    const log = memoryLogger();
    log.error('boom', { error: new RpcError('RPC failure', { cause: new Error('socket hang up'), retryable: true }) });
    const e = log.entries()[0]!.error as { name: string; message: string; retryable: boolean; cause: { message: string } };
    assert.deepEqual([e.name, e.message, e.retryable, e.cause.message], ['RpcError', 'RPC failure', true, 'socket hang up']);
  });
});

describe('retry', () => {
  test('classification', () => {
    assert.equal(isRetryable(new RpcError('x', { retryable: true })), true);
    assert.equal(isRetryable(new BulwarkError('revert')), false);
    assert.equal(isRetryable(new SourceHttpError('s', 503, 'u')), true);
    assert.equal(isRetryable(new SourceHttpError('s', 429, 'u')), true);
    assert.equal(isRetryable(new SourceHttpError('s', 404, 'u')), false);
    assert.equal(isRetryable(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })), true);
    assert.equal(isRetryable(new DOMException('timed out', 'TimeoutError')), true);
    assert.equal(isRetryable({ status: 500 }), true);
    assert.equal(isRetryable(new Error('bug')), false);
    assert.equal(isRetryable(new Error('wrapped', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })), true);
  });

  test('backoff grows exponentially with full jitter and is capped', () => {
    const top = (retry: number) => backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    assert.deepEqual([1, 2, 3, 4, 5, 10].map(top), [99, 199, 399, 799, 999, 999]);
    assert.equal(backoffDelay(3, { baseDelayMs: 100, random: () => 0 }), 0);
  });

  test('retries retryable errors with logged attempts, stops on success', async () => {
    const log = memoryLogger();
    const sleeps: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new RpcError('down', { retryable: true });
        return 'ok';
      },
      { label: 'getBlock', logger: log, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, baseDelayMs: 100 },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [50, 100]);
    const entries = log.entries();
    assert.deepEqual(entries.map((e) => [e.msg, e.op, e.attempt, e.delayMs]), [
      ['attempt failed, retrying', 'getBlock', 1, 50],
      ['attempt failed, retrying', 'getBlock', 2, 100],
    ]);
  });

  test('does not retry a non-retryable error; gives up after the attempts', async () => {
    let calls = 0;
    await assert.rejects(withRetry(async () => { calls++; throw new BulwarkError('reverted'); }, { sleep: async () => {} }), /reverted/);
    assert.equal(calls, 1);
    calls = 0;
    await assert.rejects(withRetry(async () => { calls++; throw new RpcError('down', { retryable: true }); }, { attempts: 3, sleep: async () => {} }), RpcError);
    assert.equal(calls, 3);
  });
});
