import * as fs from 'fs';
import * as path from 'path';
import { importModule } from '../../homelab/import/import';
import { main } from '../../cli/main';
import { synth } from '../../cli/synth';
import { copyModule, importThenSynth, tmpDir, variablesKept } from './roundtrip';

// A module that registers two jobs in one folder (a relay and its load balancer).
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'octant-modules', 'mailrelay');

describe('import of a module with two jobs (project fixture mailrelay)', () => {
  test('import -> synth gives both jobs, the 1Password reads, nomad_variable and variables', async () => {
    const { before, after, imported, moduleDir } = await importThenSynth(copyModule(FIXTURE));
    expect(Object.keys(before.jobs).sort()).toEqual(['mailrelay', 'mailrelay-lb']);
    expect(Object.keys(after.jobs).sort()).toEqual(['mailrelay', 'mailrelay-lb']);
    for (const name of Object.keys(before.jobs)) {
      expect([name, JSON.parse(after.jobs[name])]).toEqual([name, JSON.parse(before.jobs[name])]);
    }
    expect(after.items).toEqual(before.items);
    expect(before.items['nomad/jobs/mailrelay:relay_token']).toBe('var:relay_token');
    expect(imported.service!.variableInputs).toEqual({ relay_token: 'relay_token' });
    expect(after.variablePath).toEqual(before.variablePath);
    expect(variablesKept(before, after)).toEqual({});

    // The job named like the folder is the service's own; the other is an extra job.
    expect(imported.service!.jobspec).toBe('mailrelay.nomad.hcl');
    expect(imported.service!.extraJobs).toEqual([
      { jobspec: 'mailrelay-lb.nomad.hcl', jobVars: { port: 'smtp_port' } },
    ]);
    const report = imported.report.join('\n');
    expect(report).toContain(
      'job "mailrelay-lb": mailrelay/lb.nomad.hcl -> extraJobs[0] of the service (nomad_job.lb; same API JSON as Nomad reads today)',
    );

    expect(report).toContain('depends_on of nomad_job.lb not reproduced');
    // Both hand-written resource names survive: moved blocks to the generated ones.
    const moved = [...imported.files].find(([f]) => f.endsWith('moved.tf'))![1];
    expect(moved).toContain('moved {\n  from = nomad_job.relay\n  to   = nomad_job.mailrelay\n}');
    expect(moved).toContain('moved {\n  from = nomad_job.lb\n  to   = nomad_job.mailrelay_lb\n}');
    const tf = JSON.parse(fs.readFileSync(path.join(moduleDir, 'main.tf.json'), 'utf8')) as {
      resource: { nomad_job: Record<string, unknown> };
    };
    expect(Object.keys(tf.resource.nomad_job).sort()).toEqual(['mailrelay', 'mailrelay_lb']);
    expect(fs.existsSync(path.join(moduleDir, 'mailrelay-lb.nomad.hcl'))).toBe(true);
  });

  test('two nomad_job resources registering the same job name are refused, nothing written', async () => {
    const dir = copyModule(FIXTURE);
    fs.writeFileSync(
      path.join(dir, 'lb.nomad.hcl'),
      fs
        .readFileSync(path.join(dir, 'lb.nomad.hcl'), 'utf8')
        .replace('job "mailrelay-lb"', 'job "mailrelay"'),
    );
    const out = path.join(tmpDir('oc-import-out-'), 'site.yaml');
    const err: string[] = [];
    const code = await main(['import', dir, '--out', out], {
      cwd: '/',
      env: {},
      stdout: () => undefined,
      stderr: (s: string) => void err.push(s),
    });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(
      // Resources in main.tf's order (relay, then lb): the second names the file.
      /mailrelay\/lb\.nomad\.hcl: job "mailrelay" is registered twice by this module \(resources nomad_job\.relay and nomad_job\.lb\)/,
    );
    expect(err.join('')).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });

  test('synth refuses an extra job that collides with the service job, naming the field', async () => {
    const work = tmpDir('oc-import-site-');
    const siteFile = path.join(work, 'site.yaml');
    const imported = await importModule(copyModule(FIXTURE), { siteFile });
    for (const [f, c] of imported.files) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, c);
    }
    // The extra job renamed to the service's own job: the same job twice.
    const lb = path.join(work, 'mailrelay-lb.nomad.hcl');
    fs.writeFileSync(
      lb,
      fs.readFileSync(lb, 'utf8').replace('job "mailrelay-lb"', 'job "mailrelay"'),
    );
    await expect(
      synth({
        sitePath: siteFile,
        outDir: path.join(work, 'out'),
        projectRoot: work,
        jobsDir: path.join(work, 'jobs'),
      }),
    ).rejects.toThrow(
      /services\[0\]\.extraJobs\[0\]\.jobspec: job "mailrelay" is already registered by this service/,
    );
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
  });

  test('synth refuses a variableInputs key fed from an undeclared module variable', async () => {
    const work = tmpDir('oc-import-site-');
    const siteFile = path.join(work, 'site.yaml');
    const imported = await importModule(copyModule(FIXTURE), { siteFile });
    for (const [f, c] of imported.files) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, c);
    }
    fs.writeFileSync(
      siteFile,
      fs
        .readFileSync(siteFile, 'utf8')
        .replace('relay_token: relay_token', 'relay_token: relay_tokn'),
    );
    await expect(
      synth({
        sitePath: siteFile,
        outDir: path.join(work, 'out'),
        projectRoot: work,
        jobsDir: path.join(work, 'jobs'),
      }),
    ).rejects.toThrow(
      /services\[0\]\.variableInputs\.relay_token: module variable 'relay_tokn' is not declared by the service/,
    );
    expect(fs.existsSync(path.join(work, 'out'))).toBe(false);
  });

  test('synth -> import -> synth is a fixed point for a generated module with an extra job', async () => {
    const first = await importThenSynth(copyModule(FIXTURE), { legacy: true });
    const second = await importThenSynth(first.moduleDir);
    expect(second.imported.service!.extraJobs).toEqual([
      { jobspec: 'mailrelay-lb.nomad.hcl', jobVars: { port: 'smtp_port' } },
    ]);
    expect(second.after.jobs).toEqual(first.after.jobs);
    expect(second.after.items).toEqual(first.after.items);
    expect(variablesKept(first.after, second.after)).toEqual({});
  });
});
