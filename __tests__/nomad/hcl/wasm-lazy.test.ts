import { spawnSync } from 'child_process';
import * as path from 'path';

// A plain node process: jest's module registry has no require.cache to look at.
test("parsing and formatting need no WASM (HashiCorp's builds are test judges only)", () => {
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
      const same = (await nomad.formatHcl(hcl.replace('=', '  ='))) === hcl;
      const afterFmtRendered = loaded();
      await nomad.isCanonical(hcl);
      console.log(JSON.stringify({ afterRender, afterParse, same, afterFmtRendered, afterFormat: loaded(), name: f.job.name }));
    });
  `;
  const res = spawnSync(process.execPath, ['-r', './__tests__/ts-register.js', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(res.stderr).toBe('');
  expect(JSON.parse(res.stdout)).toEqual({
    afterRender: [],
    afterParse: [],
    same: true,
    afterFmtRendered: [],
    afterFormat: [],
    name: 'j',
  });
});
