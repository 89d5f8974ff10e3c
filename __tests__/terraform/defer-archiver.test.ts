import { spawnSync } from 'child_process';
import * as path from 'path';

// Runs in a plain node process: jest's module registry has no require.cache to act on.
test('cdktf loads without archiver until something uses it, then gets the real one', () => {
  const root = path.resolve(__dirname, '..', '..');
  const script = `
    require('./lib/terraform/defer-archiver.ts');
    const { App } = require('cdktf');
    const loaded = () => Object.keys(require.cache).some((k) => k.includes('/archiver-utils/'));
    const before = loaded();
    new App({ outdir: require('os').tmpdir() });
    const archiver = require(require.resolve('archiver', { paths: [require('path').dirname(require.resolve('cdktf'))] }));
    const zip = archiver('zip');
    console.log(JSON.stringify({ before, after: loaded(), zip: typeof zip.append }));
  `;
  const res = spawnSync(process.execPath, ['-r', './__tests__/ts-register.js', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(res.stderr).toBe('');
  expect(JSON.parse(res.stdout)).toEqual({ before: false, after: true, zip: 'function' });
});
