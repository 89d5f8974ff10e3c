#!/usr/bin/env node
// `npm test`'s static checks, run side by side (each uses about one core): the type check
// (`tsc --noEmit`) and the lint (`npm run lint`: eslint, prettier --check). Output is printed per
// check once it ends; the exit code is non-zero when either fails.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
const checks = [
  ['tsc --noEmit', process.execPath, [bin('typescript', 'bin/tsc'), '--noEmit']],
  ['eslint .', process.execPath, [bin('eslint', 'bin/eslint.js'), '.']],
  ['prettier --check .', process.execPath, [bin('prettier', 'bin/prettier.cjs'), '--check', '.']],
];

function run([name, cmd, args]) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      process.stdout.write(
        `> ${name}: ${code === 0 ? 'ok' : `failed (${code})`}\n${code === 0 ? '' : out}`,
      );
      resolve(code === 0);
    });
  });
}

Promise.all(checks.map(run)).then((ok) => process.exit(ok.every(Boolean) ? 0 : 1));
