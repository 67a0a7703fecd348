// Runs the platform forge or anvil binary shipped by the @foundry-rs npm packages
// and passes its exit code on. The packages' own `bin` wrappers always exit 0,
// which would let CI pass failing tests.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the platform binary for `tool` ("forge" or "anvil"). */
export function foundryBinary(tool) {
  const pkg = `@foundry-rs/${tool}-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', tool);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [tool, ...args] = process.argv.slice(2);
  if (tool !== 'forge' && tool !== 'anvil') {
    process.stderr.write('usage: node scripts/foundry.mjs <forge|anvil> [args...]\n');
    process.exit(2);
  }
  const result = spawnSync(foundryBinary(tool), args, { stdio: 'inherit' });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}
