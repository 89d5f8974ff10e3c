import * as fs from 'fs';
import * as path from 'path';
import { importModule } from '../../homelab/import/import';
import { redactLiteralSecrets } from '../../lib/secrets/literal-scan';
import { wiringOfGenerated } from '../../homelab/import/compare';
import { main } from '../../cli/main';
import { writeFilesAtomic } from '../../lib/util/atomic-write';
import { synth } from '../../cli/synth';
import { projectRoot } from '../../lib/util/project-root';
import { copyModule, importThenSynth, tmpDir, variablesKept } from './roundtrip';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'octant-modules');
function cliIo(cwd = '/') {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      cwd,
      env: {},
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void err.push(s),
    },
  };
}

describe('import of hand-written modules (project fixtures)', () => {
  test.each(['notes', 'openclaw-gateway', 'openclaw'])(
    '%s: import -> synth gives the same job, 1Password reads, nomad_variable and variables',
    async (name) => {
      const { before, after, imported } = await importThenSynth(
        copyModule(path.join(FIXTURES, name)),
      );
      expect(JSON.parse(after.job)).toEqual(JSON.parse(before.job));
      expect(after.items).toEqual(before.items);
      expect(after.variablePath).toEqual(before.variablePath);
      expect(variablesKept(before, after)).toEqual({});
      expect(imported.report.join('\n')).toMatch(
        /same API JSON as Nomad reads today|checked to give the same job and wiring/,
      );
    },
  );

  test('a map(string) default keeps its dashed and camelCase keys through import -> synth', async () => {
    const dir = copyModule(path.join(FIXTURES, 'notes'));
    fs.appendFileSync(
      path.join(dir, 'variables.tf'),
      '\nvariable "upstreams" {\n  type    = map(string)\n' +
        '  default = { "whoami-b" = "http://b", whoamiC = "http://c" }\n}\n',
    );
    const { before, after } = await importThenSynth(dir);
    expect(before.variables.upstreams).toMatch(/whoami-b/);
    expect(after.variables.upstreams).toMatch(/whoami-b/);
    expect(after.variables.upstreams).toMatch(/whoamiC/);
    expect(variablesKept(before, after)).toEqual({});
  });

  test('notes: placeholders become jobspec variables fed from module variables; computed values are written out', async () => {
    const { imported, before } = await importThenSynth(copyModule(path.join(FIXTURES, 'notes')));
    const jobspec = [...imported.files].find(([f]) => f.endsWith('notes.nomad.hcl'))![1];
    expect(jobspec).toMatch(/servers = var\.dns/);
    expect(jobspec).toMatch(/count = var\.replicas/);
    expect(jobspec).toMatch(
      /"traefik\.http\.routers\.\$\{var\.servicename\}\.rule=Host\(`\$\{var\.servicename\}\.\$\{var\.domain\}`\)"/,
    );
    // local.peer_list: join() over a for expression with a condition.
    expect(jobspec).toContain('PEERS = "alpha.service.consul,beta.service.consul"');
    expect(jobspec).toContain('$${meta.rootless}');
    expect(before.items).toEqual({
      'nomad/jobs/notes:db_password': 'op:Octant/notes database/password',
      'nomad/jobs/notes:db_user': 'op:Octant/notes database/username',
      'nomad/jobs/notes:settings': 'file:settings.toml',
      'nomad/jobs/notes:signing_key': 'op:Octant/Notes/signing_key',
      'nomad/jobs/notes-backup:db_password': 'op:Octant/notes database/password',
    });
    expect(imported.service!.extraVariables).toEqual([
      {
        path: 'nomad/jobs/notes-backup',
        secrets: { db_password: { op: 'op://Octant/notes database/password' } },
      },
    ]);
    expect(imported.service!.variableFiles).toEqual({ settings: 'settings.toml' });
  });

  test('the report names every block of main.tf', async () => {
    const result = await importModule(path.join(FIXTURES, 'openclaw-gateway'), {
      siteFile: path.join(tmpDir('oc-import-'), 'site.yaml'),
    });
    const text = [...result.report, ...result.warnings].join('\n');
    for (const block of [
      'data "onepassword_item" "gateway"',
      'data "onepassword_item" "telegram"',
      'data "onepassword_vault" "octant"',
      'resource "nomad_job" "openclaw"',
      'resource "nomad_variable" "openclaw"',
      'output "job_id"',
      'provider "onepassword"',
      'locals',
    ]) {
      expect([block, text.includes(block)]).toEqual([block, true]);
    }
  });
});

describe('import: bad input is a clear error and nothing is written', () => {
  async function refused(files: Record<string, string>, pattern: RegExp): Promise<void> {
    const dir = path.join(tmpDir('oc-import-bad-'), 'svc');
    fs.mkdirSync(dir);
    for (const [f, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), c);
    const out = path.join(tmpDir('oc-import-out-'), 'site.yaml');
    const t = cliIo();
    expect(await main(['import', dir, '--out', out], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(pattern);
    expect(t.err.join('')).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  }

  test('a folder that is not an Octant module', async () => {
    await refused(
      { 'svc.nomad.hcl': 'job "x" {}\n' },
      /svc: is not an Octant service module: it has no main\.tf/,
    );
  });

  test('a jobspec that does not parse', async () => {
    await refused(
      {
        'main.tf':
          'resource "nomad_job" "svc" {\n  jobspec = templatefile("${path.module}/svc.nomad.hcl", { region = "home" })\n}\n',
        'svc.nomad.hcl':
          'job "svc" {\n  region = "${region}"\n  group "g" {\n    task "t" {\n      driver = \n    }\n  }\n}\n',
      },
      /svc\/svc\.nomad\.hcl:5:\d+: the jobspec, rendered the way main\.tf renders it, does not parse/,
    );
  });

  test('a main.tf value that cannot be resolved statically names file, line and what to do', async () => {
    await refused(
      {
        'main.tf': [
          'data "local_file" "conf" {',
          '  filename = "${path.module}/conf.yml"',
          '}',
          'resource "nomad_job" "svc" {',
          '  jobspec = templatefile("${path.module}/svc.nomad.hcl", {',
          '    region = yamldecode(data.local_file.conf.content).region',
          '  })',
          '}',
          '',
        ].join('\n'),
        'svc.nomad.hcl': 'job "svc" {\n  region = "${region}"\n}\n',
      },
      /svc\/main\.tf:6: the value passed for template placeholder \$\{region\} cannot be computed statically: data\.local_file\.conf \(main\.tf:1\): file ".*conf\.yml" does not exist[\s\S]*fix: make it static/,
    );
  });

  test('a secret rendered into the jobspec is refused, never resolved', async () => {
    await refused(
      {
        'main.tf': [
          'data "onepassword_item" "db" {',
          '  vault = "x"',
          '  title = "DB"',
          '}',
          'data "template_file" "job" {',
          '  template = file("svc.nomad.hcl")',
          '  vars = { pw = data.onepassword_item.db.password }',
          '}',
          'resource "nomad_job" "svc" {',
          '  jobspec = data.template_file.job.rendered',
          '}',
          '',
        ].join('\n'),
        'svc.nomad.hcl': 'job "svc" {\n  meta {\n    pw = "${pw}"\n  }\n}\n',
      },
      /\$\{pw\} cannot be computed statically[\s\S]*a secret must not be rendered into the jobspec/,
    );
  });

  test('a number variable quoted alone in driver config names where the job would differ, and the fix works', async () => {
    const files = (type: string, dflt: string): Record<string, string> => ({
      'main.tf':
        'resource "nomad_job" "svc" {\n  jobspec = templatefile("${path.module}/svc.nomad.hcl", { port = var.port })\n}\n',
      'variables.tf': `variable "port" {\n  type    = ${type}\n  default = ${dflt}\n}\n`,
      'svc.nomad.hcl': [
        'job "svc" {',
        '  group "g" {',
        '    network {',
        '      port "http" { to = ${port} }',
        '    }',
        '    task "t" {',
        '      driver = "podman"',
        '      config {',
        '        image = "docker.io/library/nginx:1.27"',
        '        args  = ["--port", "${port}"]',
        '      }',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    await refused(
      files('number', '8080'),
      /svc\/svc\.nomad\.hcl: import could not reproduce this job exactly: its API JSON differs at Job\.TaskGroups\[0\]\.Tasks\[0\]\.Config\.args\[1\] \(today: string; generated: number\)[\s\S]*fix: .*give that module variable type = string/,
    );
    // The fix the error gives imports to the same job.
    const dir = path.join(tmpDir('oc-import-fixed-'), 'svc');
    fs.mkdirSync(dir);
    for (const [f, c] of Object.entries(files('string', '"8080"')))
      fs.writeFileSync(path.join(dir, f), c);
    const { before, after } = await importThenSynth(dir);
    expect(JSON.parse(after.job)).toEqual(JSON.parse(before.job));
  });

  const MAIN_TF =
    'resource "nomad_job" "svc" {\n  jobspec = templatefile("${path.module}/svc.nomad.hcl", {})\n}\n';
  const JOB =
    'job "svc" {\n  group "g" {\n    task "t" {\n      driver = "podman"\n      config {\n        image = "docker.io/library/nginx:1.27"\n      }\n    }\n  }\n}\n';

  test('a variable block with an argument Terraform does not know (a typo)', async () => {
    await refused(
      {
        'main.tf': MAIN_TF,
        'variables.tf': 'variable "nomad" {\n  type    = string\n  defualt = "x"\n}\n',
        'svc.nomad.hcl': JOB,
      },
      /svc\/variables\.tf:1: an argument named "defualt" is not expected in a variable block[\s\S]*fix: .*a typo of "default"/,
    );
  });

  test('a variable whose name is no Terraform name', async () => {
    await refused(
      {
        'main.tf': MAIN_TF,
        'variables.tf': 'variable "1port" {\n  type = number\n}\n',
        'svc.nomad.hcl': JOB,
      },
      /svc\/variables\.tf:1: variable "1port" is not a Terraform name/,
    );
  });

  test("a job that breaks Nomad's rules is refused with the validator's findings", async () => {
    await refused(
      {
        'main.tf': MAIN_TF,
        'svc.nomad.hcl': JOB.replace(
          '  group "g" {\n',
          '  group "g" {\n    volume "data" {\n      type   = "hots"\n      source = "data"\n    }\n',
        ),
      },
      /svc\/svc\.nomad\.hcl: the job breaks Nomad's rules[\s\S]*job\[svc\]\.group\[g\]\.volume\[data\]\.type: volume type 'hots' is not "host" or "csi" \[volume-type-invalid\]/,
    );
  });

  test('a file beside the module named like a file synth generates', async () => {
    await refused(
      // The job is read from job.nomad.hcl; svc.nomad.hcl is the name synth gives the service's.
      {
        'main.tf': MAIN_TF.replace('svc.nomad.hcl', 'job.nomad.hcl'),
        'job.nomad.hcl': JOB,
        'svc.nomad.hcl': '# an old copy\n',
      },
      /svc\/svc\.nomad\.hcl: would be copied into the generated module as svc\.nomad\.hcl: svc\.nomad\.hcl is a file the generator writes into the module/,
    );
  });

  test('an existing site file is not overwritten without --force', async () => {
    const dir = copyModule(path.join(FIXTURES, 'notes'));
    const out = path.join(tmpDir('oc-import-out-'), 'site.yaml');
    fs.writeFileSync(out, 'keep me\n');
    const t = cliIo();
    expect(await main(['import', dir, '--out', out], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/already exists; import does not overwrite files/);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['site.yaml']);
  });
});

describe('import: a credential written into the jobspec', () => {
  test('an env literal becomes that env variable, set by a nomadVar template; the site synthesizes', async () => {
    const dir = path.join(tmpDir('oc-import-lit-'), 'svc');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      'resource "nomad_job" "svc" {\n  jobspec = file("${path.module}/svc.nomad.hcl")\n}\n',
    );
    fs.writeFileSync(
      path.join(dir, 'svc.nomad.hcl'),
      'job "svc" {\n  group "g" {\n    task "t" {\n      driver = "podman"\n      config {\n        image = "x:1"\n      }\n      env {\n        API_TOKEN = "abcdefgh12345678XYZ"\n        MODE = "prod"\n      }\n    }\n  }\n}\n',
    );
    const siteFile = path.join(tmpDir('oc-import-lit-out-'), 'site.yaml');
    const r = await importModule(dir, { siteFile });
    expect(r.warnings).toContainEqual(
      expect.stringMatching(
        /^secret: a literal credential \(api_token\) in svc\/svc\.nomad\.hcl \(task "t"\) -> env API_TOKEN from nomad\/jobs\/svc:api_token/,
      ),
    );
    const written = [...r.files.values()].map(String).join('\n');
    expect(written).not.toContain('abcdefgh12345678XYZ');
    const jobspec = String(r.files.get(path.join(path.dirname(siteFile), 'svc.nomad.hcl')));
    expect(jobspec).toContain('MODE = "prod"');
    expect(jobspec).toMatch(/API_TOKEN='\{\{ \.api_token\.Value/);
    // What import writes, synth takes (it refuses a literal credential in a jobspec).
    writeFilesAtomic(r.files);
    const out = tmpDir('oc-import-lit-synth-');
    const c = cliIo();
    const args = [
      'synth',
      '--site',
      siteFile,
      '--out',
      path.join(out, 'o'),
      '--jobs-dir',
      path.join(out, 'j'),
    ];
    expect([await main(args, c.io), c.err.join('')]).toEqual([0, '']);
  });
});

describe('synth -> import -> synth is a fixed point for our own modules', () => {
  const root = projectRoot(__dirname);
  test.each([
    ['default site', undefined, 'openclaw'],
    [
      'multi-agent example',
      path.join(root, 'homelab', 'examples', 'multi-agent.site.yaml'),
      undefined,
    ],
  ])('%s', async (_label, sitePath, only) => {
    const work = tmpDir('oc-fixed-');
    // import reads the data-source form (terraform.stateSecrets: legacy), not the ephemeral one.
    const legacySite = path.join(work, 'legacy.site.yaml');
    fs.writeFileSync(
      legacySite,
      fs.readFileSync(sitePath ?? path.join(root, 'homelab', 'default.site.yaml'), 'utf8') +
        '\nterraform: { stateSecrets: legacy }\n',
    );
    await synth({
      sitePath: legacySite,
      outDir: path.join(work, 'out'),
      projectRoot: work,
      jobsDir: path.join(work, 'jobs'),
    });
    const modulesDir = path.join(work, 'out', 'octant', 'terraform');
    const names = only ? [only] : fs.readdirSync(modulesDir);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const first = path.join(modulesDir, name);
      const once = await importThenSynth(first, { legacy: true });
      const original = await wiringOfGenerated(first);
      expect(JSON.parse(once.after.job)).toEqual(JSON.parse(original.job));
      expect(once.after.items).toEqual(original.items);
      expect(once.after.variablePath).toEqual(original.variablePath);
      expect(once.after.variables).toEqual(original.variables);
      // From the first regenerated module on, import gives the same site and files. (The first
      // import reads our own module, whose backup job and Containerfile a service leaves out.)
      const twice = await importThenSynth(once.moduleDir, { legacy: true });
      const thrice = await importThenSynth(twice.moduleDir, { legacy: true });
      const text = (r: typeof once): string[] =>
        [...r.imported.files.values()].map((c) => Buffer.from(c).toString('utf8'));
      expect(text(thrice)).toEqual(text(twice));
      expect(JSON.parse(twice.after.job)).toEqual(JSON.parse(original.job));
    }
  });
});

describe('literal secret detection', () => {
  test('keys by setting name and by token shape; references are left alone', () => {
    const input = [
      'apiKey: "abcdefgh12345678"',
      'token: ${TELEGRAM_TOKEN}',
      'api_key: os.environ/OPENAI_API_KEY',
      'note: uses sk-proj-ABCDEFGHIJKLMNOPQRSTUV in text',
      'password: short',
      'DB_PASSWORD = var.DB_PASSWORD',
    ].join('\n');
    const { text, found } = redactLiteralSecrets(input);
    expect(found.map((f) => [f.line, f.name, f.env])).toEqual([
      [1, 'apiKey', 'API_KEY'],
      [4, 'openai_key', 'OPENAI_KEY'],
    ]);
    expect(text).not.toContain('abcdefgh12345678');
    expect(text).not.toContain('sk-proj-');
    expect(text).toContain('token: ${TELEGRAM_TOKEN}');
    expect(text).toContain('password: short');
    expect(text).toContain('DB_PASSWORD = var.DB_PASSWORD');
  });
});
