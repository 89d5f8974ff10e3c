// Heavy tier: nine import -> synth round trips through cdktf (npm run test:heavy, .ci/run).
import * as fs from 'fs';
import * as path from 'path';
import { importModule } from '../../homelab/import/import';
import { CORPUS_DIR } from '../corpus';
import { copyModule, importThenSynth, tmpDir, variablesKept } from './roundtrip';

const ROOT = CORPUS_DIR;
const present = fs.existsSync(ROOT);
if (!present) {
  console.log(
    `skipped: the Octant corpus is not at ${ROOT} (the project's own fixtures still run)`,
  );
}

/** Modules whose main.tf is read; the others are bare jobspecs, not modules. */
const modules = present
  ? fs.readdirSync(ROOT).filter((d) => fs.existsSync(path.join(ROOT, d, 'main.tf')))
  : [];

/**
 * Modules import refuses, and why: real mistakes that Terraform or Nomad refuse too, and values
 * that live outside the module.
 */
const REFUSED: Record<string, RegExp> = {
  // `type = strubg` in variables.tf: terraform refuses the module.
  langfuse:
    /variables\.tf:89: variable "langfuse_enable_experimental_features" has type strubg, which is not a Terraform type/,
  // uwsgi.ini.example and nautobot_config.py.tmpl are not in the folder (and the jobspec's
  // `nname` typo makes Nomad refuse the job anyway).
  nautobot:
    /main\.tf:89: the value passed for template placeholder \$\{uwsgi_ini\} cannot be computed statically/,
  // Reads ../../inventory/*.yml, outside the module: refused where main.tf names it.
  restic:
    /restic\/main\.tf:(21|25): "\.\.\/\.\.\/inventory\/[a-z_/]+\.yml" leads outside the folder/,
};

/** Files main.tf reads that the corpus does not carry: a stand-in, as the operator's tree has. */
const STAND_INS: Record<string, Record<string, string>> = {
  litellm: { 'config.yaml': 'model_list: []\n' },
  traefik: { 'traefik.toml': '[entryPoints]\n', 'dynamic.toml': '[http]\n' },
};

const describeIf = present ? describe : describe.skip;

describeIf('import of the Octant 2024 corpus', () => {
  test('the corpus has the modules this test expects', () => {
    expect(modules.length).toBe(14);
  });

  test.each(modules.filter((m) => !(m in REFUSED) && m !== 'jupyter'))(
    '%s: import -> synth gives the same job, 1Password reads, nomad_variable and variables',
    async (name) => {
      const dir = copyModule(path.join(ROOT, name));
      for (const [f, c] of Object.entries(STAND_INS[name] ?? {}))
        fs.writeFileSync(path.join(dir, f), c);
      const { before, after, imported } = await importThenSynth(dir);
      // Every job of the module (traefik registers two: traefik and ingress-lb).
      expect(Object.keys(after.jobs).sort()).toEqual(Object.keys(before.jobs).sort());
      for (const job of Object.keys(before.jobs)) {
        expect([job, JSON.parse(after.jobs[job])]).toEqual([job, JSON.parse(before.jobs[job])]);
      }
      expect(after.items).toEqual(before.items);
      expect(Object.values(after.items).some((s) => s.startsWith('other:'))).toBe(false);
      expect(after.variablePath).toEqual(before.variablePath);
      expect(variablesKept(before, after)).toEqual({});
      expect(imported.report.length).toBeGreaterThan(0);
    },
  );

  test('jupyter: the token written into its jobspec becomes a 1Password reference, never copied; the job keeps its shape', async () => {
    const dir = copyModule(path.join(ROOT, 'jupyter'));
    const { imported, before, after, siteFile, moduleDir } = await importThenSynth(dir);
    expect(imported.warnings.join('\n')).toMatch(
      /a literal credential \(token\) in jupyter\/jupyter\.nomad\.hcl .*-> \$\{JUPYTER_TOKEN\}.*create the 1Password item "service_jupyter" in vault "Octant" with the field "token"/,
    );
    expect(imported.service!.secrets).toMatchObject({
      token: { op: 'op://Octant/service_jupyter/token' },
    });
    expect(after.items).toEqual({ 'nomad/jobs/jupyter:token': 'op:Octant/service_jupyter/token' });
    // The same job but for the token's argument, now over env, and the template that feeds it.
    type Job = { TaskGroups: { Tasks: { Config: { args: string[] }; Templates?: unknown[] }[] }[] };
    const task = (j: string) => {
      const o = JSON.parse(j) as { Job?: Job } & Job;
      return (o.Job ?? o).TaskGroups[0].Tasks[0];
    };
    const [b, a] = [task(before.job), task(after.job)];
    expect(a.Config.args[1]).toBe("--IdentityProvider.token='${JUPYTER_TOKEN}'");
    expect(a.Templates).toHaveLength(1);
    expect(JSON.stringify(a.Templates)).toContain('with nomadVar \\"nomad/jobs/jupyter\\"');
    // Without the template and with the argument as written, the job is the hand-written one.
    const beforeJob = JSON.parse(before.job) as unknown;
    const afterJob = JSON.parse(after.job) as { Job?: Job } & Job;
    const t = (afterJob.Job ?? afterJob).TaskGroups[0].Tasks[0];
    delete t.Templates;
    t.Config.args[1] = b.Config.args[1];
    expect(afterJob).toEqual(beforeJob);
    expect(b.Config.args.length).toBe(a.Config.args.length);
    const everything = [
      fs.readFileSync(siteFile, 'utf8'),
      ...fs.readdirSync(moduleDir).map((f) => fs.readFileSync(path.join(moduleDir, f), 'utf8')),
      imported.report.join('\n'),
      imported.warnings.join('\n'),
    ].join('\n');
    expect(everything).not.toMatch(/6476bd64/);
  });

  test('traefik: its second job (ingress-lb) is an extra job; both nomad_job names survive', async () => {
    const dir = copyModule(path.join(ROOT, 'traefik'));
    for (const [f, c] of Object.entries(STAND_INS.traefik)) fs.writeFileSync(path.join(dir, f), c);
    const { imported, moduleDir } = await importThenSynth(dir);
    expect(imported.service!.jobspec).toBe('traefik.nomad.hcl');
    expect(imported.service!.extraJobs).toEqual([
      { jobspec: 'ingress-lb.nomad.hcl', jobVars: { image: 'nginx_image' } },
    ]);
    expect(imported.service!.variableInputs).toEqual({
      cloudflare_api_key: 'CLOUDFLARE_API_KEY',
      cloudflare_username: 'CLOUDFLARE_USERNAME',
    });
    const moved = [...imported.files].find(([f]) => f.endsWith('moved.tf'))![1];
    expect(moved).toContain('from = nomad_job.ingress-lb\n  to   = nomad_job.ingress_lb\n');
    const tf = JSON.parse(fs.readFileSync(path.join(moduleDir, 'main.tf.json'), 'utf8')) as {
      resource: { nomad_job: Record<string, { depends_on?: string[] }> };
    };
    expect(Object.keys(tf.resource.nomad_job).sort()).toEqual(['ingress_lb', 'traefik']);
  });

  test.each(Object.keys(REFUSED).filter((m) => modules.includes(m)))(
    '%s: refused with a clear error, nothing written',
    async (name) => {
      const out = path.join(tmpDir('oc-import-refused-'), 'site.yaml');
      await expect(importModule(path.join(ROOT, name), { siteFile: out })).rejects.toThrow(
        REFUSED[name],
      );
      expect(fs.existsSync(out)).toBe(false);
    },
  );
});
