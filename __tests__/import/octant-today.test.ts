import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { copyModule, importThenSynth, tmpDir, variablesKept } from './roundtrip';

// Today's Octant shapes (project fixture whoami): a static for_each over a defaulted map,
// block labels named by a placeholder, join()/format()/jsonencode() and %{ if }/%{ for } in
// the templatefile() jobspec, and a comment.
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'octant-modules', 'whoami');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    cwd: '/',
    env: {},
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
  });
  return { code, out, err };
}

describe('import of valid modules Terraform renders first (no false refusals)', () => {
  test('import -> synth gives every instance of the for_each job, labels and functions rendered', async () => {
    const { before, after, imported } = await importThenSynth(copyModule(FIXTURE));
    expect(Object.keys(before.jobs).sort()).toEqual(['whoami', 'whoami2']);
    expect(Object.keys(after.jobs).sort()).toEqual(['whoami', 'whoami2']);
    for (const name of Object.keys(before.jobs)) {
      expect([name, JSON.parse(after.jobs[name])]).toEqual([name, JSON.parse(before.jobs[name])]);
    }
    expect(variablesKept(before, after)).toEqual({});
    const env = JSON.parse(after.jobs['whoami2']).Job.TaskGroups[0].Tasks[0].Env;
    expect(env).toEqual({
      DNS_SERVERS: '192.168.122.101,192.168.122.102,192.168.122.103',
      VERBOSE: '1',
      DNS_0: '192.168.122.101',
      DNS_1: '192.168.122.102',
      DNS_2: '192.168.122.103',
    });
    const report = imported.report.join('\n');
    expect(report).toContain(
      'job: ${servicename} in a block label (whoami/whoami.nomad.hcl:3) -> its value "whoami2" written out',
    );
    expect(report).toMatch(/whoami\.nomad\.hcl lines 12, 21, 25, 26, 29, 30: Terraform template/);
  });

  test('a for_each job whose jobspec is not named *.nomad.hcl imports every instance', async () => {
    // Each instance reads the same file: no instance is another's backup companion (this used
    // to leave no job and end in a TypeError).
    const dir = copyModule(FIXTURE);
    fs.renameSync(path.join(dir, 'whoami.nomad.hcl'), path.join(dir, 'whoami.tpl'));
    const main = path.join(dir, 'main.tf');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace('whoami.nomad.hcl', 'whoami.tpl'));
    const { before, after } = await importThenSynth(dir);
    expect(Object.keys(after.jobs).sort()).toEqual(['whoami', 'whoami2']);
    for (const name of Object.keys(before.jobs)) {
      expect([name, JSON.parse(after.jobs[name])]).toEqual([name, JSON.parse(before.jobs[name])]);
    }
  });

  test('every comment of the jobspec is named with its line, once', async () => {
    const { imported } = await importThenSynth(copyModule(FIXTURE));
    const comments = imported.report.filter((l) => l.startsWith('comment: '));
    expect(comments).toEqual([
      'comment: whoami/whoami.nomad.hcl:1 not carried over: # whoami: answers with the request it got (a probe for Traefik).',
    ]);
    expect(imported.warnings.join('\n')).toContain(
      '1 comment line(s) are not in the generated jobspec',
    );
  });

  test('a directive Terraform cannot evaluate statically is refused at its own line', async () => {
    const dir = copyModule(FIXTURE);
    const spec = path.join(dir, 'whoami.nomad.hcl');
    fs.writeFileSync(
      spec,
      fs.readFileSync(spec, 'utf8').replace('%{ if debug ~}', '%{ if nosuch ~}'),
    );
    const r = await run(['import', dir, '--out', path.join(tmpDir('oc-out-'), 'site.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /whoami\/whoami\.nomad\.hcl:26: template expression nosuch cannot be computed statically/,
    );
  });

  test('a label fed from a value known only at apply time is refused at the label line', async () => {
    const dir = copyModule(FIXTURE);
    const spec = path.join(dir, 'whoami.nomad.hcl');
    fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace(/"\$\{format\([^}]*\)\}"/, '"x"'));
    const main = path.join(dir, 'main.tf');
    fs.writeFileSync(
      main,
      fs
        .readFileSync(main, 'utf8')
        .replace('servicename = each.key', 'servicename = nomad_job.other.id'),
    );
    const r = await run(['import', dir, '--out', path.join(tmpDir('oc-out-'), 'site.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'whoami/whoami.nomad.hcl:3: the block label ${servicename} has no static text value',
    );
  });
});
