#!/usr/bin/env node
// Entry point of the `openclaw-octant` CLI. It runs the compiled JavaScript in dist/ (built by
// `npm ci` through the `prepare` script) so no command pays for compiling TypeScript. When a
// source file is newer than the last build (someone edited lib/ or main.ts), it rebuilds first.
'use strict';
const { ensureBuilt } = require('./build.js');

ensureBuilt();
// Before anything loads cdktf or zod: see the file.
require('./defer.js');
require('../dist/cli/main.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // Only a failure before any command ran gets here (main reports the rest): no stack.
      process.stderr.write(
        `openclaw-octant: internal error (${e instanceof Error ? e.name : typeof e}); please report it\n`,
      );
      process.exitCode = 70;
    },
  );
