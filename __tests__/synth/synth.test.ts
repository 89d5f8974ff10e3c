import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { synth } from '../../cli/synth';
import { exampleJobs } from '../../main';
import { renderFiles } from '../../lib/terraform/render-files';
import { renderHcl } from '../../lib/nomad/hcl/render';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { hclwriteCanonical as isCanonical } from '../nomad/hcl/judges';
import { validate } from '../../lib/nomad/validate';
import { buildSite } from '../../homelab/build';
import { loadSite } from '../../homelab/load';
import { projectRoot } from '../../lib/util/project-root';

const root = projectRoot(__dirname);

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'oc-synth-'));
}

function readTree(dir: string): Map<string, { content: Buffer; mtimeMs: number }> {
  const out = new Map<string, { content: Buffer; mtimeMs: number }>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else
        out.set(path.relative(dir, p), {
          content: fs.readFileSync(p),
          mtimeMs: fs.statSync(p).mtimeMs,
        });
    }
  };
  walk(dir);
  return out;
}

describe('synth of the default site', () => {
  const dir = tmp();
  const opts = { outDir: path.join(dir, 'cdktf.out'), projectRoot: dir };
  let files: readonly string[] = [];

  beforeAll(async () => {
    files = (await synth(opts)).files;
  });

  test('writes the stack, the Octant module folder and nomad-jobs', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'cdktf.out/manifest.json',
        'cdktf.out/stacks/openclaw/cdk.tf.json',
        'cdktf.out/stacks/openclaw/openclaw.nomad.hcl',
        'cdktf.out/octant/terraform/openclaw/main.tf.json',
        'cdktf.out/octant/terraform/openclaw/openclaw.nomad.hcl',
        'cdktf.out/octant/terraform/openclaw/README.md',
        'nomad-jobs/openclaw.nomad.hcl',
      ]),
    );
    for (const f of files) expect(fs.existsSync(path.join(dir, f))).toBe(true);
  });

  test('is deterministic: a second run writes byte-identical files', async () => {
    const first = readTree(dir);
    const again = await synth(opts);
    expect(again.files).toEqual(files);
    const second = readTree(dir);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [name, { content }] of first)
      expect(second.get(name)?.content.equals(content)).toBe(true);
  });

  test('main.tf.json has no cdktf metadata, no backend and no machine paths', () => {
    const text = fs.readFileSync(
      path.join(dir, 'cdktf.out/octant/terraform/openclaw/main.tf.json'),
      'utf8',
    );
    expect(text).not.toContain('"//"');
    expect(text).not.toContain(dir);
    expect(text).not.toContain(root);
    expect(text).not.toContain(os.homedir());
    const json = JSON.parse(text);
    expect(json.terraform.backend).toBeUndefined();
    expect(json.resource.nomad_job.openclaw.jobspec).toBe(
      '${file("${path.module}/openclaw.nomad.hcl")}',
    );
    expect(json.resource.nomad_variable.openclaw_secrets.path).toBe('nomad/jobs/openclaw');
  });

  test('the cdktf stack keeps a relative local backend and its jobspec beside it', () => {
    const json = JSON.parse(
      fs.readFileSync(path.join(dir, 'cdktf.out/stacks/openclaw/cdk.tf.json'), 'utf8'),
    );
    const statePath: string = json.terraform.backend.local.path;
    expect(path.isAbsolute(statePath)).toBe(false);
    expect(path.resolve(dir, 'cdktf.out/stacks/openclaw', statePath)).toBe(
      path.join(dir, 'terraform.openclaw.tfstate'),
    );
    expect(json['//'].metadata.stackName).toBe('openclaw');
  });

  test('the exported jobspec parses, is canonical and passes the validator', async () => {
    const text = fs.readFileSync(
      path.join(dir, 'cdktf.out/octant/terraform/openclaw/openclaw.nomad.hcl'),
      'utf8',
    );
    const raw = (await hcl2json('openclaw.nomad.hcl', text)) as { job?: Record<string, unknown> };
    expect(Object.keys(raw.job ?? {})).toEqual(['openclaw']);
    expect(await isCanonical(text)).toBe(true);
    const parsed = await parseJobspec(text, { filename: 'openclaw.nomad.hcl' });
    expect(validate(parsed).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('README lists every variable of main.tf.json', () => {
    const readme = fs.readFileSync(
      path.join(dir, 'cdktf.out/octant/terraform/openclaw/README.md'),
      'utf8',
    );
    const json = JSON.parse(
      fs.readFileSync(path.join(dir, 'cdktf.out/octant/terraform/openclaw/main.tf.json'), 'utf8'),
    );
    for (const [name, v] of Object.entries(
      json.variable as Record<string, { type: string; description: string }>,
    )) {
      expect(readme).toContain(`- \`${name}\` (${v.type}, `);
      expect(readme).toContain(v.description);
    }
    for (const heading of [
      'Description',
      'Use cases',
      'Rootless container',
      'Usage',
      'Ports',
      'Volumes',
      'URL',
      'Secrets',
    ]) {
      expect(readme).toContain(`## ${heading}\n`);
    }
    expect(readme).toContain('terraform init');
    expect(readme).toMatch(/Terraform state/);
  });

  test('snapshot of main.tf.json and the jobspec', () => {
    const moduleDir = path.join(dir, 'cdktf.out/octant/terraform/openclaw');
    expect(fs.readFileSync(path.join(moduleDir, 'main.tf.json'), 'utf8')).toMatchSnapshot(
      'main.tf.json',
    );
    expect(fs.readFileSync(path.join(moduleDir, 'openclaw.nomad.hcl'), 'utf8')).toMatchSnapshot(
      'openclaw.nomad.hcl',
    );
  });

  test('a failing synth (bad site) leaves earlier outputs untouched', async () => {
    const before = readTree(dir);
    const bad = path.join(dir, 'bad.site.yaml');
    fs.writeFileSync(bad, 'gateways: 5\n');
    await expect(synth({ ...opts, sitePath: bad })).rejects.toThrow(/bad\.site\.yaml/);
    fs.rmSync(bad);
    const after = readTree(dir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, b] of before) {
      const a = after.get(name);
      expect(a?.content.equals(b.content)).toBe(true);
      expect(a?.mtimeMs).toBe(b.mtimeMs);
    }
  });
});

test('the committed nomad-jobs/openclaw.nomad.hcl is up to date', () => {
  const build = buildSite(loadSite());
  const { files } = renderFiles(build.modules, {
    outDir: path.join(root, 'cdktf.out'),
    projectRoot: root,
  });
  const committed = path.join(root, 'nomad-jobs', 'openclaw.nomad.hcl');
  const fresh = files.get(committed);
  expect(fresh).toBeDefined();
  const current = fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : '';
  if (current !== fresh) {
    throw new Error(
      'nomad-jobs/openclaw.nomad.hcl is stale: run `npm run synth` and commit the result',
    );
  }
});

test('the committed example jobspecs (nomad-jobs/examples/) are up to date', () => {
  const files = new Map(
    [...exampleJobs(root)].map(([rel, job]) => [
      path.join(root, 'nomad-jobs', rel),
      renderHcl(job),
    ]),
  );
  const multiAgent = path.join(root, 'nomad-jobs', 'examples', 'multi-agent', 'openclaw.nomad.hcl');
  expect([...files.keys()]).toContain(multiAgent);
  for (const [file, fresh] of files) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== fresh) {
      throw new Error(
        `${path.relative(root, file)} is stale: run \`npm run synth\` and commit the result`,
      );
    }
  }
});

describe('synth of a site with every phase, into another jobs folder', () => {
  const dir = tmp();
  const jobsDir = path.join(dir, 'elsewhere');
  let files: readonly string[] = [];

  beforeAll(async () => {
    files = (
      await synth({
        sitePath: path.join(root, 'homelab', 'examples', 'multi-agent.site.yaml'),
        outDir: path.join(dir, 'cdktf.out'),
        projectRoot: dir,
        jobsDir,
      })
    ).files;
  });

  test('jobspecs go to --jobs-dir and not to nomad-jobs/', () => {
    expect(files).toContain('elsewhere/openclaw.nomad.hcl');
    expect(fs.existsSync(path.join(dir, 'nomad-jobs'))).toBe(false);
  });

  test('each standalone stack gets a README on preparing the host', () => {
    const podman = path.join(dir, 'cdktf.out', 'stacks', 'openclaw-podman', 'README.md');
    const consul = path.join(dir, 'cdktf.out', 'stacks', 'openclaw-consul', 'README.md');
    expect(fs.readFileSync(podman, 'utf8')).toMatch(/podman unshare chown/);
    expect(fs.readFileSync(podman, 'utf8')).toMatch(/ssh -N -L 18789:127\.0\.0\.1:18789/);
    expect(fs.readFileSync(consul, 'utf8')).toMatch(/192\.168\.1\.20/);
  });
});

// README "Your own site": a copy of the default site, synthesized into the same folders.
describe('your own site after the default one, into the same folders', () => {
  const dir = tmp();
  const opts = { outDir: path.join(dir, 'cdktf.out'), projectRoot: dir };
  const mine = path.join(dir, 'my.site.yaml');
  const jobs = (f: string): string => path.join(dir, 'nomad-jobs', f);

  beforeAll(async () => {
    await synth(opts);
    const text = fs.readFileSync(path.join(root, 'homelab', 'default.site.yaml'), 'utf8');
    expect(text).toContain('\n    storage: bindMount\n');
    const noBackup = '\n    storage: bindMount\n    backup: { enabled: false }\n';
    fs.writeFileSync(mine, text.replace('\n    storage: bindMount\n', noBackup));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('takes over the files it writes, with a warning naming them and whose they were', async () => {
    const { warnings } = await synth({ ...opts, sitePath: mine });
    expect(warnings).toContain(
      "nomad-jobs/: openclaw.nomad.hcl was written by the embedded default site; it is now this site's " +
        '(a synth of that site takes it back; give each site its own --out and --jobs-dir to keep both)',
    );
    expect(warnings.some((w) => w.startsWith('cdktf.out/: '))).toBe(true);
    // The default site's backup job is not this site's: it stays, and stays the default's.
    expect(fs.existsSync(jobs('openclaw-backup.nomad.hcl'))).toBe(true);
    const defaults = fs.readFileSync(jobs('.openclaw-octant-synth'), 'utf8').split('\n');
    expect(defaults).toContain('openclaw-backup.nomad.hcl');
    expect(defaults).not.toContain('openclaw.nomad.hcl');
  });

  test('a synth of the default site takes its file back, naming the site record', async () => {
    const { warnings } = await synth(opts);
    const taken = warnings.filter((w) => w.startsWith('nomad-jobs/: '));
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatch(
      /^nomad-jobs\/: openclaw\.nomad\.hcl was written by another site \(its record \.openclaw-octant-synth-[0-9a-f]{12}\);/,
    );
    // Again: nothing changes hands, nothing to say.
    expect((await synth(opts)).warnings.filter((w) => w.includes('written by'))).toEqual([]);
  });
});
