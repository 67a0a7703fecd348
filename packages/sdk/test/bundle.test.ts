/**
 * The SDK works in the browser and is tree-shakeable: bundled by esbuild for the browser (no Node
 * built-ins allowed), an app that uses one action carries only that action's ABIs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { build } from 'esbuild';

import { ROOT } from '../../../scripts/lib/foundry.js';

const SDK = join(ROOT, 'packages/sdk/src/index.ts');

async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('SDK bundle for the browser', () => {
  it('bundles everything without Node built-ins', async () => {
    const all = await bundle(`export * from ${JSON.stringify(SDK)};`);
    assert.ok(all.length > 100_000, 'the full bundle holds every ABI');
    assert.ok(all.includes('proposalProposer'));
  });

  it('keeps only what an app uses', async () => {
    const all = await bundle(`export * from ${JSON.stringify(SDK)};`);
    const one = await bundle(`export { quote } from ${JSON.stringify(SDK)};`);
    assert.ok(!one.includes('proposalProposer'), 'the governor ABI is dropped when no governance action is used');
    assert.ok(!one.includes('castVoteWithReason'));
    assert.ok(one.includes('quoteExtend'), 'the CoverManager ABI stays');
    assert.ok(one.length < all.length * 0.7, `quote alone is ${one.length} bytes of ${all.length}`);
  });

  it('refuses the Node-only entry for the browser', async () => {
    await assert.rejects(bundle(`export * from ${JSON.stringify(join(ROOT, 'packages/sdk/src/node.ts'))};`));
  });
});
