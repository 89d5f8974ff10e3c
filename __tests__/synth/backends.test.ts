import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { synth } from '../../cli/synth';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { validate } from '../../lib/nomad/validate';
import { defaultSiteFile } from '../../homelab/load';

const MODULE = path.join('cdktf.out', 'octant', 'terraform', 'openclaw');

/** The default site with its secrets section replaced, written as JSON into `dir`. */
function siteWith(dir: string, secrets: unknown, env?: Record<string, unknown>): string {
  const site = parse(fs.readFileSync(defaultSiteFile(), 'utf8')) as {
    secrets: unknown;
    gateways: { env?: Record<string, unknown> }[];
  };
  site.secrets = secrets;
  if (env) site.gateways[0].env = env;
  const file = path.join(dir, 'site.json');
  fs.writeFileSync(file, JSON.stringify(site));
  return file;
}

async function synthSite(secrets: unknown, env?: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-backend-'));
  const sitePath = siteWith(dir, secrets, env);
  await synth({ sitePath, outDir: 'cdktf.out', projectRoot: dir });
  const read = (name: string): string => fs.readFileSync(path.join(dir, MODULE, name), 'utf8');
  return {
    mainTf: JSON.parse(read('main.tf.json')) as Record<string, Record<string, unknown>>,
    stack: fs.readFileSync(
      path.join(dir, 'cdktf.out', 'stacks', 'openclaw', 'cdk.tf.json'),
      'utf8',
    ),
    jobspec: read('openclaw.nomad.hcl'),
    readme: read('README.md'),
    opEnv: fs.existsSync(path.join(dir, MODULE, 'op.env')) ? read('op.env') : '',
  };
}

describe('secrets backend vault, end to end through synth', () => {
  let out: Awaited<ReturnType<typeof synthSite>>;
  beforeAll(async () => {
    out = await synthSite(
      {
        backend: 'vault',
        vault: { role: 'openclaw' },
        items: { gateway_token: { vaultKey: 'gateway-token' }, anthropic_key: {} },
      },
      { ANTHROPIC_API_KEY: { secret: 'anthropic_key' } },
    );
  });

  test('Terraform gets no 1Password provider, data sources or nomad_variable', () => {
    for (const text of [JSON.stringify(out.mainTf), out.stack]) {
      expect(text).not.toMatch(/onepassword/);
      expect(text).not.toContain('nomad_variable');
    }
    expect(Object.keys(out.mainTf.variable)).not.toContain('op_vault_name');
    expect(out.mainTf.resource).toHaveProperty('nomad_job');
  });

  test('the jobspec has the vault block and one secret template, and validates clean', async () => {
    const job = await parseJobspec(out.jobspec, { filename: 'openclaw.nomad.hcl' });
    const task = job.job.group[0].task[0];
    expect(task.vault).toMatchObject({ role: 'openclaw' });
    const secretTemplates = (task.template ?? []).filter(
      (t) => typeof t.data === 'string' && t.data.includes('{{ with secret "kv/data/openclaw" }}'),
    );
    expect(secretTemplates).toHaveLength(1);
    const data = String(secretTemplates[0].data);
    expect(data).toContain('OPENCLAW_GATEWAY_TOKEN=\'{{ (index .Data.data "gateway-token")');
    expect(data).toContain("ANTHROPIC_API_KEY='{{ .Data.data.anthropic_key");
    expect(out.jobspec).not.toContain('nomadVar');
    expect(validate(job).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('the README tells the Vault keys and the env each fills, not 1Password items', () => {
    const secrets = /## Secrets\n([\s\S]*?)\n## /.exec(out.readme)?.[1] ?? '';
    expect(secrets).toContain(
      '`gateway_token`: key `gateway-token` of `kv/data/openclaw`, env `OPENCLAW_GATEWAY_TOKEN`',
    );
    expect(secrets).toContain('env `ANTHROPIC_API_KEY`');
    expect(secrets).not.toMatch(/1Password item|terraform\.tfstate/);
  });
});

describe('module README of the default (1Password) site', () => {
  let readme = '';
  beforeAll(async () => {
    readme = (
      await synthSite(
        {
          backend: 'onepassword',
          items: {
            gateway_token: { op: 'op://Homelab/openclaw/gateway_token', generate: 'hex32' },
            discord_token: { op: 'op://Homelab/Discord Bot/Bot/token' },
          },
        },
        { DISCORD_BOT_TOKEN: { secret: 'discord_token' } },
      )
    ).readme;
  });

  test('each 1Password field says which key and env variable it becomes', () => {
    expect(readme).toContain(
      'field `gateway_token` → key `gateway_token`, env `OPENCLAW_GATEWAY_TOKEN`',
    );
    expect(readme).toContain(
      '- `Discord Bot` in vault `Homelab`:\n  - field `token` of section `Bot` → key `discord_token`, env `DISCORD_BOT_TOKEN`',
    );
  });

  test('the Secrets section ends with the state warning: no stray list after it', () => {
    const secrets = /## Secrets\n\n([\s\S]*?)\n\n## /.exec(readme)?.[1] ?? '';
    const paragraphs = secrets.split('\n\n');
    // The ephemeral form: the last paragraph says how a changed secret is written again.
    expect(paragraphs[paragraphs.length - 1]).toMatch(/^Terraform cannot see a changed secret/);
    expect(secrets).toContain('**No secret value reaches Terraform state or plans**');
    expect(readme).not.toContain('<- secret');
  });

  test('each bind mount is listed once, with its host path and mount point', () => {
    const volumes = /## Volumes\n\n([\s\S]*?)\n\n## /.exec(readme)?.[1] ?? '';
    const lines = volumes.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^- host `\/mnt\/services\/openclaw\/config` → `\/home\/node\/\.openclaw` in the task \(podman bind mount\)/,
    );
  });

  test('says how the 1Password provider authenticates', () => {
    expect(readme).toContain('OP_SERVICE_ACCOUNT_TOKEN');
    expect(readme).toContain('OP_CONNECT_HOST');
  });
});

describe('a gateway reading several 1Password items, built-in and custom fields (the maintainers module)', () => {
  test('one multi-key nomad_variable; each item read once; env names mapped to keys', async () => {
    const out = await synthSite(
      {
        backend: 'onepassword',
        items: {
          gateway_token: { op: 'op://Octant/OpenClaw Gateway/password' },
          telegram_user: { op: 'op://Octant/Telegram Bot/username' },
          telegram_token: { op: 'op://Octant/Telegram Bot/password' },
          litellm_key: { op: 'op://Octant/LiteLLM/credential' },
          anthropic_key: { op: 'op://Octant/Anthropic/api key' },
        },
      },
      {
        TELEGRAM_BOT_USER: { secret: 'telegram_user' },
        TELEGRAM_BOT_TOKEN: { secret: 'telegram_token' },
        OPENAI_API_KEY: { secret: 'litellm_key' },
        ANTHROPIC_API_KEY: { secret: 'anthropic_key' },
        OPENAI_BASE_URL: 'http://litellm.service.consul:4000/v1',
      },
    );
    // Built-in fields through the ephemeral item; the custom `api key` through op.env.
    const eph = out.mainTf.ephemeral as Record<string, Record<string, { title?: string }>>;
    expect(
      Object.values(eph.onepassword_item)
        .map((i) => i.title)
        .sort(),
    ).toEqual(['LiteLLM', 'OpenClaw Gateway', 'Telegram Bot']);
    expect(out.mainTf.data?.onepassword_item).toBeUndefined();
    const nv = Object.values(
      (
        out.mainTf.resource as Record<
          string,
          Record<string, { path: string; items?: unknown; items_wo: string }>
        >
      ).nomad_variable,
    )[0];
    expect(nv.path).toBe('nomad/jobs/openclaw');
    expect(nv.items).toBeUndefined();
    const items = Object.fromEntries(
      [...nv.items_wo.matchAll(/"(\w+)" = ([^,}]+)/g)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(items).sort()).toEqual([
      'anthropic_key',
      'gateway_token',
      'litellm_key',
      'telegram_token',
      'telegram_user',
    ]);
    expect(items.telegram_user).toMatch(/^ephemeral\.onepassword_item\.\w+\.username$/);
    expect(items.litellm_key).toMatch(/\.credential$/);
    expect(items.anthropic_key).toBe('var.op_anthropic_key');
    expect(out.opEnv).toContain('TF_VAR_op_anthropic_key="op://Octant/Anthropic/api key"');
    for (const env of [
      'TELEGRAM_BOT_USER',
      'TELEGRAM_BOT_TOKEN',
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
    ]) {
      expect(out.jobspec).toMatch(new RegExp(`^${env}='\\{\\{ \\.[a-z_]+\\.Value`, 'm'));
    }
    expect(out.jobspec).toContain('OPENAI_BASE_URL');
  });
});
