/**
 * A chain saved by `npm start` and loaded again keeps its clock moving forward: anvil forgets the
 * offset of `evm_increaseTime` across a reload, and blocks going back in time would break the
 * contracts' accounting (it subtracts past timestamps).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { startAnvil } from '../lib/foundry.js';

async function call<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return ((await response.json()) as { result: T }).result;
}
const latestTime = async (url: string) => Number(BigInt((await call<{ timestamp: string }>(url, 'eth_getBlockByNumber', ['latest', false])).timestamp));

test('a reloaded chain does not go back in time after evm_increaseTime', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-clock-'));
  const stateFile = join(dir, 'state.json');
  try {
    let anvil = await startAnvil({ port: 8797, stateFile });
    await call(anvil.url, 'evm_increaseTime', [86_400]);
    await call(anvil.url, 'evm_mine');
    const saved = await latestTime(anvil.url);
    await anvil.stop();
    anvil = await startAnvil({ port: 8797, stateFile });
    await call(anvil.url, 'evm_mine');
    const next = await latestTime(anvil.url);
    await anvil.stop();
    assert.ok(next > saved, `the next block (${next}) comes after the saved chain's last (${saved})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
