import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { copyModule, tmpDir } from './roundtrip';

// A whole terraform/ tree as one site: every module folder below it, a broken one refused
// with its reason (never the whole run); synth of that site and of another share the outputs.
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'octant-modules');

async function run(
  args: string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    cwd,
    env: {},
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
  });
  return { code, out, err };
}

function tree(): string {
  const work = tmpDir('oc-tree-');
  const tf = path.join(work, 'terraform');
  fs.mkdirSync(tf);
  for (const m of ['mailrelay', 'whoami', 'notes']) {
    fs.renameSync(copyModule(path.join(FIXTURES, m)), path.join(tf, m));
  }
  fs.mkdirSync(path.join(tf, 'broken'));
  fs.writeFileSync(
    path.join(tf, 'broken', 'main.tf'),
    'resource "nomad_job" "x" {\n  jobspec = file("nope.hcl")\n}\n',
  );
  return work;
}

describe('import of a whole tree into one site', () => {
  test('every module is imported, the broken one refused with its reason; synth regenerates them all', async () => {
    const work = tree();
    const r = await run(['import', 'terraform', '--out', 'site/octant.site.yaml'], work);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'refused: broken/: broken/main.tf:1: the jobspec nope.hcl does not exist',
    );
    const site = fs.readFileSync(path.join(work, 'site', 'octant.site.yaml'), 'utf8');
    expect(site).toContain('jobspec: whoami/whoami.nomad.hcl');
    expect(site).toContain('jobspec: mailrelay/mailrelay.nomad.hcl');
    const s = await run(
      ['synth', '--site', 'site/octant.site.yaml', '--out', 'out', '--jobs-dir', 'jobs'],
      work,
    );
    expect([s.code, s.err]).toEqual([0, expect.not.stringContaining('openclaw-octant synth:')]);
    const jobs = fs
      .readdirSync(path.join(work, 'jobs'))
      .filter((f) => f.endsWith('.hcl'))
      .sort();
    expect(jobs).toEqual([
      'mailrelay-lb.nomad.hcl',
      'mailrelay.nomad.hcl',
      'notes.nomad.hcl',
      'whoami.nomad.hcl',
      'whoami2.nomad.hcl',
    ]);
  });

  test('outputs of two sites coexist: each synth removes only what its own site wrote', async () => {
    const work = tree();
    await run(['import', 'terraform', '--out', 'a/a.site.yaml'], work);
    await run(['import', 'terraform/whoami', '--out', 'b/b.site.yaml'], work);
    // Site b: only whoami's jobs, renamed so the two sites write different files.
    const b = path.join(work, 'b');
    for (const f of ['whoami.nomad.hcl', 'whoami2.nomad.hcl']) {
      fs.writeFileSync(
        path.join(b, f),
        fs.readFileSync(path.join(b, f), 'utf8').replace(/job "whoami/, 'job "probe'),
      );
    }
    fs.writeFileSync(
      path.join(b, 'b.site.yaml'),
      fs.readFileSync(path.join(b, 'b.site.yaml'), 'utf8').replace(/name: whoami$/m, 'name: probe'),
    );
    const jobs = ['--out', 'out', '--jobs-dir', 'jobs'];
    expect((await run(['synth', '--site', 'a/a.site.yaml', ...jobs], work)).code).toBe(0);
    const b1 = await run(['synth', '--site', 'b/b.site.yaml', ...jobs], work);
    expect(b1.err).toBe('');
    const listed = () =>
      fs
        .readdirSync(path.join(work, 'jobs'))
        .filter((f) => f.endsWith('.hcl'))
        .sort();
    expect(listed()).toEqual(
      expect.arrayContaining(['notes.nomad.hcl', 'mailrelay.nomad.hcl', 'probe.nomad.hcl']),
    );
    // Re-synth a: it still does not touch b's files, and b's record is its own.
    expect((await run(['synth', '--site', 'a/a.site.yaml', ...jobs], work)).code).toBe(0);
    expect(listed()).toContain('probe.nomad.hcl');
    const records = fs
      .readdirSync(path.join(work, 'jobs'))
      .filter((f) => f.startsWith('.openclaw-octant-synth-'));
    expect(records).toHaveLength(2);
  });
});
