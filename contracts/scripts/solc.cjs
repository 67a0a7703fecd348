#!/usr/bin/env node
// Stands in for a native solc binary so forge can compile offline with solc-js
// (the npm `solc` package): answers `--version` like native solc and otherwise
// compiles the standard-JSON input read from stdin. Forge inlines the sources;
// the callback only serves a file that solc-js names differently (paths that
// climb out of the project, such as the hoisted ../node_modules).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const solc = require('solc');

function findImports(importPath) {
  try {
    return { contents: fs.readFileSync(path.resolve(process.cwd(), importPath), 'utf8') };
  } catch {
    return { error: `File not found: ${importPath}` };
  }
}

if (process.argv.includes('--version')) {
  const version = solc.version().replace('.Emscripten.clang', '');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${version}\n`);
  process.exit(0);
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  process.stdout.write(solc.compile(Buffer.concat(chunks).toString('utf8'), { import: findImports }));
});
