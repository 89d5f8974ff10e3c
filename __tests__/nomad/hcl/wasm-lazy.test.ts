import { spawnSync } from 'child_process';
import * as path from 'path';

// A plain node process: jest's module registry has no require.cache to look at.
test('parsing needs no WASM; the formatter loads only when something formats', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const script = `
    const nomad = require('./lib/nomad/index.ts');
    const loaded = () => ['hcl2json', 'hcl-tools'].filter((p) =>
      Object.keys(require.cache).some((k) => k.includes('/@cdktf/' + p + '/')));
    const job = { name: 'j', group: [{ name: 'g', task: [{ name: 't', driver: 'exec', config: { command: 'x' } }] }] };
    const hcl = nomad.renderHcl({ job });
    nomad.validate({ job });
    const afterRender = loaded();
    nomad.parseJobspec(hcl).then(async (f) => {
      const afterParse = loaded();
      await nomad.formatHcl(hcl);
      console.log(JSON.stringify({ afterRender, afterParse, afterFormat: loaded(), name: f.job.name }));
    });
  `;
  const res = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(res.stderr).toBe('');
  expect(JSON.parse(res.stdout)).toEqual({
    afterRender: [],
    afterParse: [],
    afterFormat: ['hcl-tools'],
    name: 'j',
  });
});
