#!/usr/bin/env node
'use strict';
// The `ledger` command runs the compiled CLI; it is built from apps/cli by `npm run build`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`ledger: ${entry} does not exist; run npm run build first\n`);
  process.exitCode = 2;
} else {
  require(entry);
}
