#!/usr/bin/env node
// Starts the bulwark-risk CLI (as packages/cli/bin/bulwark.mjs does): the first run after a source change
// bundles packages/risk and packages/sdk with esbuild into node_modules/.cache/bulwark, keyed by the sources'
// sizes and modification times; later runs load that bundle directly, which starts several times
// faster than compiling through tsx on every run. Without esbuild it falls back to tsx.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [join(root, 'src'), join(root, '../sdk/src')];

function fingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const s = statSync(path);
        hash.update(`${path}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  sources.forEach(walk);
  return hash.digest('hex').slice(0, 16);
}

async function load() {
  try {
    const cacheDir = join(root, '../../node_modules/.cache/bulwark');
    const bundle = join(cacheDir, `risk-${fingerprint()}.mjs`);
    if (!existsSync(bundle)) {
      const { build } = await import('esbuild');
      mkdirSync(cacheDir, { recursive: true });
      await build({
        entryPoints: [join(root, 'src/cli.ts')],
        outfile: `${bundle}.${process.pid}.tmp`,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        plugins: [{
          // The SDK is a workspace package of TypeScript sources: bundle it; keep real packages external.
          name: 'bundle-sdk',
          setup(b) {
            b.onResolve({ filter: /^@bulwark\/sdk(\/node)?$/ }, (args) => ({
              path: join(root, '../sdk/src', args.path.endsWith('/node') ? 'node.ts' : 'index.ts'),
            }));
          },
        }],
        logLevel: 'silent',
      });
      // Rename into place (atomic), so a run started meanwhile never loads half a file; drop older bundles.
      renameSync(`${bundle}.${process.pid}.tmp`, bundle);
      for (const old of readdirSync(cacheDir)) {
        if (old.startsWith('risk-') && old.endsWith('.mjs') && join(cacheDir, old) !== bundle) rmSync(join(cacheDir, old), { force: true });
      }
    }
    return await import(pathToFileURL(bundle).href);
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    return import('../src/cli.ts');
  }
}

process.env.BULWARK_RISK_DATA ??= join(root, 'data');
const { main } = await load();
process.exitCode = await main(process.argv.slice(2));
