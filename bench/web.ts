/**
 * Web bundle size: builds apps/web with Vite into a temporary directory and measures the gzip size of
 * the JavaScript a first visit loads before any page: the entry chunk plus every chunk it imports
 * statically (lazy page chunks excluded). Prints the chunks and writes bench/web.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { build } from 'vite';

const TARGET_KB = 350;
const webDir = join(import.meta.dirname, '..', 'apps', 'web');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const outDir = mkdtempSync(join(tmpdir(), 'bulwark-web-bench-'));
try {
  await build({ configFile: join(webDir, 'vite.config.ts'), root: webDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error('no entry chunk in the Vite manifest');
  const initial = new Set<string>();
  const visit = (key: string) => {
    if (initial.has(key)) return;
    initial.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry[0]);
  const gzipKb = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length / 1024;
  const rows = [...initial].map((key) => {
    const file = manifest[key]!.file;
    return { file, rawKb: readFileSync(join(outDir, file)).length / 1024, gzipKb: gzipKb(file) };
  });
  const lazy = Object.values(manifest).filter((chunk) => chunk.file.endsWith('.js') && ![...initial].some((key) => manifest[key]!.file === chunk.file));
  const initialJsGzipKb = Math.round(rows.reduce((sum, r) => sum + r.gzipKb, 0) * 10) / 10;
  const lazyJsGzipKb = Math.round(lazy.reduce((sum, chunk) => sum + gzipKb(chunk.file), 0) * 10) / 10;
  for (const r of rows) console.log(`${r.file.padEnd(40)} ${r.rawKb.toFixed(1).padStart(8)} kB  ${r.gzipKb.toFixed(1).padStart(7)} kB gzip`);
  console.log(`initial JavaScript: ${initialJsGzipKb} kB gzip (target <= ${TARGET_KB}: ${initialJsGzipKb <= TARGET_KB ? 'met' : 'missed'}); lazy chunks: ${lazy.length}, ${lazyJsGzipKb} kB gzip`);
  writeFileSync(
    join(import.meta.dirname, 'web.json'),
    `${JSON.stringify({ initialJsGzipKb, targetKb: TARGET_KB, initialChunks: rows.length, lazyChunks: lazy.length, lazyJsGzipKb }, null, 2)}\n`,
  );
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
