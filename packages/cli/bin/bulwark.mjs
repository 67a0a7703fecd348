#!/usr/bin/env node
// The `bulwark` command: packages/cli/src/main.ts, bundled on first run (scripts/lib/ts-bin.mjs).
import { join } from 'node:path';

import { loadCommand } from '../../../scripts/lib/ts-bin.mjs';

const { main } = await loadCommand({ name: 'cli', packageDir: join(import.meta.dirname, '..'), entry: 'src/main.ts' });
process.exitCode = await main(process.argv.slice(2));
