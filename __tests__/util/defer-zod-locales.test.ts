import { spawnSync } from 'child_process';
import * as path from 'path';

// Runs in a plain node process: jest's module registry has no require.cache to act on.
test('zod loads without its locales until z.locales is read; messages stay English', () => {
  const root = path.resolve(__dirname, '..', '..');
  const script = `
    require('./lib/util/defer-zod-locales.ts');
    const { z } = require('zod');
    const locales = () => Object.keys(require.cache).filter((k) => k.includes('/zod/v4/locales/')).length;
    const before = locales();
    const message = z.string().safeParse(1).error.issues[0].message;
    const german = typeof z.locales.de;
    console.log(JSON.stringify({ before, message, german, after: locales() > 10 }));
  `;
  const res = spawnSync(process.execPath, ['-r', './__tests__/ts-register.js', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(res.stderr).toBe('');
  const out = JSON.parse(res.stdout) as {
    before: number;
    message: string;
    german: string;
    after: boolean;
  };
  // Only English (and zod's own helper) before; about sixty after.
  expect(out.before).toBeLessThanOrEqual(2);
  expect(out.message).toMatch(/expected string/i);
  expect(out.german).toBe('function');
  expect(out.after).toBe(true);
});
