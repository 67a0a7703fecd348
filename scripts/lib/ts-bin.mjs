// Starts a TypeScript command of this repository (the `bulwark` and `bulwark-risk` bins). The first
// run after a source change bundles the package's sources and the SDK's with esbuild (about a second)
// into node_modules/.cache/bulwark, keyed by the sources' sizes and modification times; later runs
// load that bundle directly, which starts several times faster than compiling through tsx on every
// run. Without esbuild it falls back to tsx.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';

const packagesDir = join(import.meta.dirname, '../../packages');
const sdkSources = join(packagesDir, 'sdk/src');

function fingerprint(sources) {
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

/**
 * Loads `entry` (a TypeScript file of `packageDir`) as a module; `name` prefixes its cached bundles.
 * @param {{ name: string, packageDir: string, entry: string }} command
 */
export async function loadCommand({ name, packageDir, entry }) {
  try {
    const cacheDir = join(packagesDir, '../node_modules/.cache/bulwark');
    const bundle = join(cacheDir, `${name}-${fingerprint([join(packageDir, 'src'), sdkSources])}.mjs`);
    if (!existsSync(bundle)) {
      const { build } = await import('esbuild');
      mkdirSync(cacheDir, { recursive: true });
      await build({
        entryPoints: [join(packageDir, entry)],
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
              path: join(sdkSources, args.path.endsWith('/node') ? 'node.ts' : 'index.ts'),
            }));
          },
        }],
        logLevel: 'silent',
      });
      // Rename into place (atomic), so a run started meanwhile never loads half a file; drop older bundles.
      renameSync(`${bundle}.${process.pid}.tmp`, bundle);
      for (const old of readdirSync(cacheDir)) {
        if (old.startsWith(`${name}-`) && old.endsWith('.mjs') && join(cacheDir, old) !== bundle) rmSync(join(cacheDir, old), { force: true });
      }
    }
    return await import(pathToFileURL(bundle).href);
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(join(packageDir, entry)).href);
  }
}
