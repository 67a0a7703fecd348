import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Runtime configuration (deployment, RPC and indexer URLs) is fetched from `/config.json` at start,
 * so one build serves every network. Pages are separate chunks, loaded when first visited.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    reportCompressedSize: false,
  },
  server: { port: 8722, strictPort: true },
});
