/**
 * The library part (src/index.ts) bundles for the browser with no Node built-ins, so the web app can
 * price products itself; a bundle of `priceProduct` alone carries no simulation or SDK code.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const INDEX = join(ROOT, 'packages/risk/src/index.ts');

async function bundle(contents: string): Promise<string> {
  const result = await build({ stdin: { contents, resolveDir: ROOT, loader: 'ts' }, bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, logLevel: 'silent' });
  return result.outputFiles[0]?.text ?? '';
}

describe('risk library bundle for the browser', () => {
  it('bundles every export without Node built-ins (esbuild fails on node: imports for the browser)', async () => {
    const all = await bundle(`export * from ${JSON.stringify(INDEX)};`);
    assert.ok(all.includes('look-ahead'), 'the backtest and data views are in');
  });

  it('priceProduct alone is small', async () => {
    const one = await bundle(`export { priceProduct } from ${JSON.stringify(INDEX)};`);
    assert.ok(!one.includes('updateProduct'), 'no proposal / SDK code');
    assert.ok(one.length < 5_000, `${one.length} bytes`);
  });
});
