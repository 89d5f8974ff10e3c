#!/usr/bin/env node
// `npm test`'s static checks, run side by side (each uses about one core): the type check and the
// lint (`npm run lint`: eslint, prettier --check). Output is printed per check once it ends; the
// exit code is non-zero when either fails.
//
// The type check is `tsc -b tsconfig.test.json`: the sources (tsconfig.build.json, a composite
// project) are type-checked by the build that wrote dist/ (`npm ci` runs it; it is brought up to
// date first when a source is newer), and the tests against its declarations. `tsc --noEmit`
// checked the sources a second time: about a third of its CPU.
//
// `checks.js --jest [jest args]` (what `npm test` runs) starts jest at the same time, its output
// shown as it comes: on a 2-core machine the checks and the suites fill each other's idle
// moments (a check finishing alone, a worker waiting for a child process or the last suite).
// A failed check stops jest, as `checks && jest` did, so no jest report claims a green run.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
const checks = [
  [
    'tsc -b tsconfig.test.json',
    process.execPath,
    [bin('typescript', 'bin/tsc'), '-b', 'tsconfig.test.json'],
  ],
  ['eslint .', process.execPath, [bin('eslint', 'bin/eslint.js'), '.']],
  ['prettier --check .', process.execPath, [bin('prettier', 'bin/prettier.cjs'), '--check', '.']],
];

const children = [];

function run([name, cmd, args]) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
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

/** jest with `args`, in a process group of its own so that a failed check can stop it all. */
function jest(args) {
  const child = spawn(process.execPath, [bin('jest', 'bin/jest.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
    detached: true,
  });
  const done = new Promise((resolve) => child.on('close', (code) => resolve(code === 0)));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { done, stop };
}

// One writer of dist/ before anything runs: tsc -b and the tests that run the CLI would each
// rebuild it at the same time when a source changed.
require('./build.js').ensureBuilt();
const [mode, ...jestArgs] = process.argv.slice(2);
const withJest = mode === '--jest' ? jest(jestArgs) : undefined;
// Ctrl-C or a kill ends everything started here, jest's own process group included.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    withJest?.stop();
    for (const c of children) c.kill('SIGTERM');
    process.exit(code);
  });
}
Promise.all(checks.map(run)).then(async (ok) => {
  if (!ok.every(Boolean)) {
    if (withJest) {
      process.stdout.write('> a static check failed: jest stopped\n');
      withJest.stop();
    }
    process.exit(1);
  }
  process.exit(withJest === undefined || (await withJest.done) ? 0 : 1);
});
