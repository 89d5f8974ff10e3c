import { spawnSync } from 'child_process';
import * as path from 'path';

// Each case runs in a plain node process: jest's module registry has no require.cache to act on.
const root = path.resolve(__dirname, '..');
function run(script: string): unknown {
  const res = spawnSync(process.execPath, ['-r', './__tests__/ts-register.js', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout);
}
/** Counts require.cache entries whose exports are stand-ins (Proxies). */
const PROXIES = `Object.values(require.cache).filter((m) => require('util').types.isProxy(m.exports)).length`;

test('bin/defer.js: cdktf loads without archiver until something uses it, then gets the real one', () => {
  const out = run(`
    require('./bin/defer.js');
    const { App } = require('cdktf');
    const loaded = () => Object.keys(require.cache).some((k) => k.includes('/archiver-utils/'));
    const before = loaded();
    new App({ outdir: require('os').tmpdir() });
    const archiver = require(require.resolve('archiver', { paths: [require('path').dirname(require.resolve('cdktf'))] }));
    const zip = archiver('zip');
    console.log(JSON.stringify({ before, after: loaded(), zip: typeof zip.append }));
  `);
  expect(out).toEqual({ before: false, after: true, zip: 'function' });
});

test('bin/defer.js: zod loads without its locales until z.locales is read; messages stay English', () => {
  const out = run(`
    require('./bin/defer.js');
    const { z } = require('zod');
    const locales = () => Object.keys(require.cache).filter((k) => k.includes('/zod/v4/locales/')).length;
    const before = locales();
    const message = z.string().safeParse(1).error.issues[0].message;
    const german = typeof z.locales.de;
    console.log(JSON.stringify({ before, message, german, after: locales() > 10 }));
  `) as { before: number; message: string; german: string; after: boolean };
  // Only English (and zod's own helper) before; about sixty after.
  expect(out.before).toBeLessThanOrEqual(2);
  expect(out.message).toMatch(/expected string/i);
  expect(out.german).toBe('function');
  expect(out.after).toBe(true);
});

test('requiring the library changes nothing in the require cache (no stand-ins)', () => {
  const load = `require('./lib/index.ts'); require('./lib/nomad/index.ts');`;
  expect(run(`${load} console.log(${PROXIES});`)).toBe(0);
  // The check can fail: with the CLI's deferrals first, the stand-ins are there.
  expect(run(`require('./bin/defer.js'); ${load} console.log(${PROXIES});`)).toBeGreaterThan(0);
});
