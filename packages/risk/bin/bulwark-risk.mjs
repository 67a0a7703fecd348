#!/usr/bin/env node
// The `bulwark-risk` command: packages/risk/src/cli.ts, bundled on first run (scripts/lib/ts-bin.mjs).
import { join } from 'node:path';

import { loadCommand } from '../../../scripts/lib/ts-bin.mjs';

const packageDir = join(import.meta.dirname, '..');
process.env.BULWARK_RISK_DATA ??= join(packageDir, 'data');
const { main } = await loadCommand({ name: 'risk', packageDir, entry: 'src/cli.ts' });
process.exitCode = await main(process.argv.slice(2));
