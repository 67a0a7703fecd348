/** The committed ABIs are what `npm run codegen` writes from the current contracts. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';

import { forgeBuild, ROOT } from '../../../scripts/lib/foundry.js';

it('packages/sdk/src/abis matches the Foundry artifacts', () => {
  forgeBuild();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/sdk/scripts/codegen.ts'), '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `stale generated ABIs:\n${run.stderr}`);
});
