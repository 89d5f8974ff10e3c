import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml, stringify } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { defaultSiteFile, parseSite } from '../../../homelab/load';
import { validate } from '../../../lib/nomad/validate';
import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { buildSite } from '../../../homelab/build';
import { DEFAULT_OPENCLAW_VERSION } from '../../../lib/openclaw/versions';
import { INFRA_TOOLS } from '../../../lib/openclaw/image/tools';
import { renderBackupScript } from '../../../lib/openclaw/backup/script';
import { synth } from '../../../cli/synth';
import { projectRoot } from '../../../lib/util/project-root';
import { UserError } from '../../../lib/util/errors';

const root = projectRoot(__dirname);
const MULTI = path.join(root, 'homelab', 'examples', 'multi-agent.site.yaml');

type Data = Record<string, unknown>;

function defaultData(): Data {
  return parseYaml(fs.readFileSync(defaultSiteFile(), 'utf8')) as Data;
}

/** The default site with the first gateway's fields overridden. */
function siteWith(gateway: Data, top: Data = {}): ReturnType<typeof parseSite> {
  const data = defaultData();
  const gateways = data.gateways as Data[];
  gateways[0] = { ...gateways[0], ...gateway };
  return parseSite(stringify({ ...data, ...top }), 'site.yaml');
}

function errorOf(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('backup job', () => {
  it('is generated on by default, as a periodic batch job that passes the validator', () => {
    const module = buildSite(siteWith({})).modules[0];
    const extra = module.extraJobs ?? [];
    expect(extra).toHaveLength(1);
    const job = extra[0].job;
    expect(job.job.name).toBe('openclaw-backup');
    expect(job.job.type).toBe('batch');
    expect(job.job.periodic).toEqual({ crons: ['15 3 * * *'], prohibitOverlap: true });
    expect(validate(job).filter((d) => d.severity === 'error')).toEqual([]);
    const task = job.job.group[0].task[0];
    expect(task.env).toMatchObject({ BACKUP_DIR: '/backup', RETENTION_DAYS: '30' });
    expect(JSON.stringify(task)).toContain('/mnt/services/backups/openclaw:/backup');
    // The job mounts exactly the gateway's storage (bind mounts by default, Octant's way).
    const mounts = (task.config as { volumes?: string[] }).volumes ?? [];
    expect(mounts.map((m) => m.split(':')[0])).toEqual([
      '/mnt/services/openclaw/config',
      '/mnt/services/openclaw/workspace',
      '/mnt/services/backups/openclaw',
    ]);
  });

  it('takes the typed options; restic reads its password through nomadVar', () => {
    const site = siteWith(
      {
        backup: {
          schedule: '0 4 * * 0',
          retentionDays: 14,
          restic: {
            repository: 'rest:http://restic.service.consul:8000/',
            passwordSecret: 'restic_password',
          },
        },
      },
      {
        secrets: {
          backend: 'onepassword',
          items: {
            gateway_token: { op: 'op://Homelab/openclaw/gateway_token', generate: 'hex32' },
            restic_password: { op: 'op://Homelab/restic/password' },
          },
        },
      },
    );
    const extra = (buildSite(site).modules[0].extraJobs ?? [])[0];
    expect(extra.job.job.periodic?.crons).toEqual(['0 4 * * 0']);
    expect(extra.secrets?.map((s) => s.name)).toEqual(['restic_password']);
    const task = extra.job.job.group[0].task[0];
    expect(task.env).toMatchObject({
      RESTIC_REPOSITORY: 'rest:http://restic.service.consul:8000/',
      RETENTION_DAYS: '14',
    });
    expect(String(task.template?.[0].data)).toContain('nomadVar "nomad/jobs/openclaw-backup"');
    expect(validate(extra.job).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('module: the restic password goes to nomad/jobs/<service>-backup, from the same 1Password reads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-ops-'));
    const data = defaultData();
    (data.gateways as Data[])[0].backup = {
      restic: {
        repository: 'rest:http://restic.service.consul:8000/',
        passwordSecret: 'restic_password',
      },
    };
    data.secrets = {
      backend: 'onepassword',
      items: {
        gateway_token: { op: 'op://Homelab/openclaw/gateway_token', generate: 'hex32' },
        restic_password: { op: 'op://Homelab/openclaw/restic_password' },
      },
    };
    const site = path.join(dir, 'site.yaml');
    fs.writeFileSync(site, stringify(data));
    await synth({
      sitePath: site,
      outDir: path.join(dir, 'out'),
      projectRoot: dir,
      jobsDir: path.join(dir, 'jobs'),
    });
    const main = JSON.parse(
      fs.readFileSync(path.join(dir, 'out/octant/terraform/openclaw/main.tf.json'), 'utf8'),
    ) as {
      data?: unknown;
      resource: {
        nomad_variable: Record<string, { path: string; items_wo: string }>;
        nomad_job: Record<string, { depends_on?: string[] }>;
      };
    };
    const vars = main.resource.nomad_variable;
    const keys = (items: string): string[] => [...items.matchAll(/"(\w+)" = /g)].map((m) => m[1]);
    expect(vars.openclaw_backup_secrets.path).toBe('nomad/jobs/openclaw-backup');
    expect(keys(vars.openclaw_backup_secrets.items_wo)).toEqual(['restic_password']);
    expect(keys(vars.openclaw_secrets.items_wo)).toEqual(['gateway_token']);
    // Both are custom fields of one item: ephemeral inputs op.env fills, no data source.
    expect(main.data).toBeUndefined();
    expect(vars.openclaw_backup_secrets.items_wo).toContain('var.op_restic_password');
    expect(
      fs.readFileSync(path.join(dir, 'out/octant/terraform/openclaw/op.env'), 'utf8'),
    ).toContain('TF_VAR_op_restic_password="op://Homelab/openclaw/restic_password"');
    expect(main.resource.nomad_job.openclaw_backup.depends_on).toEqual([
      'nomad_variable.openclaw_backup_secrets',
    ]);
  });

  it.each([
    [
      'schedule',
      { schedule: 'every night' },
      /gateways\[0\]\.backup\.schedule/,
      /not a schedule Nomad accepts/,
    ],
    [
      'retention 0',
      { retentionDays: 0 },
      /gateways\[0\]\.backup\.retentionDays/,
      /from 1 to 3650, got number 0/,
    ],
    [
      'folder outside /mnt/services',
      { folder: '/tmp/backups' },
      /gateways\[0\]\.backup\.folder/,
      /under \/mnt\/services/,
    ],
    [
      'folder escaping',
      { folder: '/mnt/services/../etc' },
      /gateways\[0\]\.backup\.folder/,
      /without "\.\."/,
    ],
  ])('refuses a bad %s with the field path and a fix', (_name, backup, where, rule) => {
    const e = errorOf(() => siteWith({ backup }));
    expect(e.message).toMatch(where);
    expect(e.message).toMatch(rule);
    expect(e.message).toContain('fix:');
  });

  it('refuses a restic password that is not a declared secret', () => {
    const site = siteWith({ backup: { restic: { repository: 'r', passwordSecret: 'nope' } } });
    const e = errorOf(() => buildSite(site));
    expect(e.where).toBe('gateways[0].backup.restic.passwordSecret');
  });

  it('writes nothing when a backup option is bad', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-ops-'));
    const site = path.join(dir, 'site.yaml');
    const data = defaultData();
    (data.gateways as Data[])[0].backup = { retentionDays: 0 };
    fs.writeFileSync(site, stringify(data));
    await expect(
      synth({ sitePath: site, outDir: path.join(dir, 'out'), projectRoot: dir }),
    ).rejects.toThrow(UserError);
    expect(fs.readdirSync(dir)).toEqual(['site.yaml']);
  });

  it('mounts the bind-mounted state folders when the gateway uses them', () => {
    const job = (buildSite(siteWith({ storage: 'bindMount' })).modules[0].extraJobs ?? [])[0].job;
    const config = job.job.group[0].task[0].config as { volumes?: string[] };
    expect(config.volumes).toEqual([
      '/mnt/services/openclaw/config:/state/config',
      '/mnt/services/openclaw/workspace:/state/workspace',
      '/mnt/services/backups/openclaw:/backup',
    ]);
    expect(job.job.group[0].volume).toBeUndefined();
    expect(validate(job).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it("refuses a gateway named like another gateway's backup job, writing nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-ops-'));
    const data = defaultData();
    const gw = (data.gateways as Data[])[0];
    data.gateways = [gw, { ...gw, name: 'openclaw-backup', ports: { http: 18800, canvas: 18801 } }];
    const site = path.join(dir, 'site.yaml');
    fs.writeFileSync(site, stringify(data));
    await expect(
      synth({ sitePath: site, outDir: path.join(dir, 'out'), projectRoot: dir }),
    ).rejects.toThrow(/openclaw-backup\.nomad\.hcl: two jobs of the site have the same name/);
    expect(fs.readdirSync(dir)).toEqual(['site.yaml']);
  });

  it('can be turned off', () => {
    expect(
      buildSite(siteWith({ backup: { enabled: false } })).modules[0].extraJobs,
    ).toBeUndefined();
  });
});

describe('image recipe', () => {
  function containerfileOf(site: ReturnType<typeof parseSite>): string {
    return buildSite(site).modules[0].extraFiles?.Containerfile ?? '';
  }

  it('parses, starts FROM the pinned OpenClaw release and ends as the non-root node user', () => {
    const text = containerfileOf(parseSite(fs.readFileSync(MULTI, 'utf8'), MULTI));
    const df = DockerfileParser.parse(text);
    const from = df.getFROMs();
    expect(from).toHaveLength(1);
    expect(from[0].getImage()).toBe('ghcr.io/openclaw/openclaw:${OPENCLAW_VERSION}');
    // The first declaration of each ARG carries its value (later ones re-declare it after FROM).
    const args = new Map<string | undefined, string | null | undefined>();
    for (const a of df.getARGs()) {
      const name = a.getProperty()?.getName();
      if (!args.has(name)) args.set(name, a.getProperty()?.getValue());
    }
    expect(args.get('OPENCLAW_VERSION')).toBe(DEFAULT_OPENCLAW_VERSION);
    const users = df.getInstructions().filter((i) => i.getKeyword() === 'USER');
    expect(users[users.length - 1].getArgumentsContent()).toBe('node');
    // Every infrastructure CLI at its pinned version, each download verified in the same RUN.
    for (const tool of INFRA_TOOLS) {
      expect(args.get(`${tool.name.toUpperCase()}_VERSION`)).toBe(tool.version);
    }
    for (const run of df.getInstructions().filter((i) => i.getKeyword() === 'RUN')) {
      const body = run.getArgumentsContent() ?? '';
      if (/\.zip/.test(body)) expect(body).toMatch(/gpg --batch --status-fd 1 --verify/);
      if (/releases\.hashicorp\.com/.test(body)) expect(body).toMatch(/sha256sum -c -/);
    }
    for (const bin of ['jq', 'curl', 'openssh-client', 'bind9-dnsutils', 'sqlite3', 'restic']) {
      expect(text).toMatch(new RegExp(`apt-get install[^\\n]* ${bin}( |$)`, 'm'));
    }
    // Every ${VAR} used after FROM is declared after FROM (an ARG before FROM is out of scope
    // there) or is a shell variable the same RUN sets.
    const afterFrom = df
      .getInstructions()
      .filter((i) => i.getRange().start.line > from[0].getRange().start.line);
    const declared = new Set<string>();
    for (const ins of afterFrom) {
      const kw = ins.getKeyword();
      const body = ins.getArgumentsContent() ?? '';
      if (kw === 'ARG') declared.add(body.split('=')[0]);
      const shellSet = new Set([...body.matchAll(/(?:^|[;\s])(\w+)=/g)].map((m) => m[1]));
      for (const m of body.matchAll(/\$\{(\w+)\}/g)) {
        expect({ use: m[1], declared: declared.has(m[1]) || shellSet.has(m[1]) }).toEqual({
          use: m[1],
          declared: true,
        });
      }
    }
    // The site's official channel plugins at the gateway version; Telegram is bundled.
    expect(text).toContain('@openclaw/discord@${OPENCLAW_VERSION}');
    expect(text).toContain('@openclaw/slack@${OPENCLAW_VERSION}');
    expect(text).toContain('@openclaw/whatsapp@${OPENCLAW_VERSION}');
    expect(text).not.toContain('@openclaw/telegram');
    // No secret: no op:// reference, no secret name, no token env.
    expect(text).not.toContain('op://');
    const site = parseSite(fs.readFileSync(MULTI, 'utf8'), MULTI);
    for (const name of [...Object.keys(site.secrets.items), ...Object.keys(site.gateways[0].env)]) {
      expect(text).not.toContain(name);
    }
    expect(text).not.toContain('OPENCLAW_GATEWAY_TOKEN');
  });

  it('carries the channel plugins in the npm cache the gateway installs from; openclaw.json untouched', () => {
    const site = parseSite(fs.readFileSync(MULTI, 'utf8'), MULTI);
    const module = buildSite(site).modules[0];
    const df = DockerfileParser.parse(module.extraFiles?.Containerfile ?? '');
    const env = df
      .getENVs()
      .flatMap((e) => e.getProperties().map((p) => [p.getName(), p.getValue()]));
    expect(env).toEqual([
      ['NPM_CONFIG_CACHE', '/opt/openclaw/npm-cache'],
      ['NPM_CONFIG_PREFER_OFFLINE', 'true'],
    ]);
    const fetch = df
      .getInstructions()
      .find(
        (i) => i.getKeyword() === 'RUN' && (i.getArgumentsContent() ?? '').includes('npm install'),
      );
    expect(fetch?.getArgumentsContent()).toContain('chown -R node:node /opt/openclaw/npm-cache');
    // Loading plugins from a path in the image is refused by OpenClaw (untrusted): not done.
    const config = JSON.parse(module.extraFiles?.['openclaw.json'] ?? '{}') as {
      plugins?: { load?: unknown };
    };
    expect(config.plugins?.load).toBeUndefined();
  });

  it('has no plugin step for a site without channel plugins', () => {
    const text = containerfileOf(siteWith({}));
    expect(DockerfileParser.parse(text).getFROMs()).toHaveLength(1);
    expect(text).not.toContain('npm install');
  });

  it('README builds and pushes exactly the image the job runs', () => {
    const image = 'registry.octant.net/openclaw-homelab:2026.9.6';
    const module = buildSite(siteWith({ image })).modules[0];
    const readme = module.readme.extraSections?.Image ?? '';
    expect(readme).toContain(`podman build -t ${image} -f Containerfile .`);
    expect(readme).toContain(`podman push ${image}`);
    expect(module.job.variables?.find((v) => v.name === 'image')?.default).toBe(image);
    const backup = (module.extraJobs ?? [])[0].job;
    expect(backup.variables?.find((v) => v.name === 'image')?.default).toBe(image);
    // A registry-less local tag (`registry: false`) is built on the client, not pushed.
    const plain = buildSite(siteWith({}, { registry: false })).modules[0];
    const localImage = String(plain.job.variables?.find((v) => v.name === 'image')?.default);
    expect(localImage).not.toContain('/');
    const local = plain.readme.extraSections?.Image ?? '';
    expect(local).toContain(`podman build -t ${localImage} -f Containerfile .`);
    expect(local).not.toContain(`podman push ${localImage}`);
  });
});

describe('synth writes the operations files', () => {
  it('default site: backup job and Containerfile; multi-agent: Quadlet units too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-ops-'));
    const base = await synth({
      outDir: path.join(dir, 'out'),
      projectRoot: dir,
      jobsDir: path.join(dir, 'jobs'),
    });
    const mod = 'out/octant/terraform/openclaw';
    expect(base.files).toEqual(
      expect.arrayContaining([
        `${mod}/Containerfile`,
        `${mod}/openclaw-backup.nomad.hcl`,
        'jobs/openclaw-backup.nomad.hcl',
      ]),
    );
    // The second job is applied by the module: its own nomad_job reading the file beside it.
    const main = JSON.parse(fs.readFileSync(path.join(dir, mod, 'main.tf.json'), 'utf8')) as {
      resource: { nomad_job: Record<string, { jobspec: string }> };
    };
    expect(main.resource.nomad_job.openclaw_backup.jobspec).toBe(
      '${file("${path.module}/openclaw-backup.nomad.hcl")}',
    );
    const hcl = fs.readFileSync(path.join(dir, mod, 'openclaw-backup.nomad.hcl'), 'utf8');
    // The job carries exactly the script the backup/restore test runs.
    const parsed = await parseJobspec(hcl, { filename: 'openclaw-backup.nomad.hcl' });
    const script = parsed.job.group[0].task[0].template?.find(
      (t) => t.destination === 'local/backup.sh',
    );
    expect(script?.data).toBe(renderBackupScript());
    expect(
      validate(await parseJobspec(hcl, { filename: 'openclaw-backup.nomad.hcl' })).filter(
        (d) => d.severity === 'error',
      ),
    ).toEqual([]);

    const multi = await synth({
      sitePath: MULTI,
      outDir: path.join(dir, 'm'),
      projectRoot: dir,
      jobsDir: path.join(dir, 'mj'),
    });
    const q = 'm/stacks/openclaw-podman/quadlet';
    expect(multi.files).toEqual(
      expect.arrayContaining([
        `${q}/openclaw.container`,
        `${q}/openclaw.network`,
        `${q}/openclaw-config.volume`,
        `${q}/local/openclaw.json`,
      ]),
    );
    const unit = fs.readFileSync(path.join(dir, q, 'openclaw.container'), 'utf8');
    expect(unit).toContain('Volume=openclaw-config.volume:/home/node/.openclaw');
    expect(unit).toContain('Secret=discord_bot_token,type=env,target=DISCORD_BOT_TOKEN');
    expect(unit).toContain('WantedBy=default.target');
    const readme = fs.readFileSync(path.join(dir, 'm/stacks/openclaw-podman/README.md'), 'utf8');
    expect(readme).toContain('loginctl enable-linger');
    expect(readme).toContain('ssh -N -L 18789:127.0.0.1:18789');
  });
});
