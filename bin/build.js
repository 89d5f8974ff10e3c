#!/usr/bin/env node
// Compiles the TypeScript sources into dist/ with the project's own TypeScript, and tells
// whether dist/ is older than any source (so the CLI can rebuild only when needed).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const sourceRoots = ['main.ts', 'lib', 'cli', 'homelab', 'scripts'];

function newestSource(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return /\.(ts|json)$/.test(p) ? st.mtimeMs : 0;
  let newest = 0;
  for (const entry of fs.readdirSync(p))
    newest = Math.max(newest, newestSource(path.join(p, entry)));
  return newest;
}

function isStale() {
  let built;
  try {
    built = fs.statSync(stamp).mtimeMs;
  } catch {
    return true;
  }
  return sourceRoots.some((r) => newestSource(path.join(root, r)) > built);
}

function build() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (res.status !== 0) {
    process.stderr.write('openclaw-octant: TypeScript build failed (see errors above)\n');
    process.exit(res.status || 1);
  }
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
}

function ensureBuilt() {
  if (isStale()) build();
}

module.exports = { ensureBuilt, build, isStale };

if (require.main === module) build();
