import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { defaultSiteFile } from '../../homelab/load';
import { main } from '../../cli/main';
import type { Io } from '../../cli/io';
import { FakeState, installFakeOp } from '../secrets/fake-op';

/**
 * Hostile inputs at the secrets boundary: literal credentials wherever a site would write them
 * out, templates and overrides aimed at the gateway's own secret env file, and an `op` that
 * prints secrets. Each ends in one clean error (exit 1 or 2, a fix, no stack trace), writes
 * nothing, and no canary appears in any output.
 */
const CANARY = 'CANARYq7Rz2XkP9mWv4Ls8Tn3Bh6Yc';

type Site = Record<string, unknown> & { gateways: Record<string, unknown>[] };
type Mutate = (site: Site, dir: string) => void;

const gw = (site: Site): Record<string, unknown> => site.gateways[0];
const JOB = (env: string): string =>
  `job "svc" {\n  group "g" {\n    task "t" {\n      driver = "podman"\n      config {\n        image = "x:1.0"\n      }\n      env {\n${env}\n      }\n    }\n  }\n}\n`;

// [label, how the site is made hostile, the field path the error must name]
const SITES: [string, Mutate, string][] = [
  [
    'deep apiKey in configOverrides',
    (s) => void (gw(s).configOverrides = { tools: { web: { search: { apiKey: CANARY } } } }),
    'configOverrides.tools.web.search.apiKey',
  ],
  [
    'x-api-key header in configOverrides',
    (s) =>
      void (gw(s).configOverrides = {
        models: { providers: { x: { headers: { 'x-api-key': CANARY } } } },
      }),
    'headers.x-api-key',
  ],
  [
    'array of tokens in configOverrides',
    (s) => void (gw(s).configOverrides = { hooks: { tokens: [CANARY] } }),
    'hooks.tokens[0]',
  ],
  [
    'nested value in configOverrides',
    (s) => void (gw(s).configOverrides = { x: { apiKey: { value: CANARY } } }),
    'x.apiKey.value',
  ],
  [
    'DSN in configOverrides',
    (s) => void (gw(s).configOverrides = { memory: { url: `postgres://u:${CANARY}@db/m` } }),
    'memory.url',
  ],
  [
    'plain env *_API_KEY',
    (s) => void (gw(s).env = { OPENAI_API_KEY: CANARY }),
    'env.OPENAI_API_KEY',
  ],
  ['plain env GITHUB_PAT', (s) => void (gw(s).env = { GITHUB_PAT: CANARY }), 'env.GITHUB_PAT'],
  ['plain env *_PASS', (s) => void (gw(s).env = { SMTP_PASS: CANARY }), 'env.SMTP_PASS'],
  [
    'template data with a password',
    (s) =>
      void (gw(s).templates = [{ destination: 'local/x.env', data: `DB_PASSWORD="${CANARY}"\n` }]),
    'templates[0].data',
  ],
  [
    'template data with a YAML block scalar',
    (s) =>
      void (gw(s).templates = [
        { destination: 'local/x.yaml', data: `private_key: |\n  ${CANARY}\n` },
      ]),
    'templates[0].data',
  ],
  [
    'override setting task env',
    (s) =>
      void (gw(s).overrides = [
        { path: 'group.openclaw.task.openclaw.env.DISCORD_TOKEN', value: CANARY },
      ]),
    'overrides[0].value',
  ],
  [
    'override with template data',
    (s) =>
      void (gw(s).overrides = [
        {
          path: 'group.openclaw.task.openclaw.template',
          value: [{ destination: 'local/a', data: `url = "redis://:${CANARY}@r"` }],
        },
      ]),
    'overrides[0].value',
  ],
  [
    'copied file with a token',
    (s, d) => {
      fs.writeFileSync(path.join(d, 'extra.yaml'), `api_key: ${CANARY}\n`);
      gw(s).files = { 'extra.yaml': 'extra.yaml' };
    },
    'files.extra.yaml',
  ],
  [
    'sensitive variable with a default',
    (s) => void (gw(s).variables = [{ name: 'webhook', sensitive: true, default: CANARY }]),
    'variables[0].default',
  ],
  [
    'credential-looking variable default',
    (s) => void (gw(s).variables = [{ name: 'api_token', default: CANARY }]),
    'variables[0].default',
  ],
  [
    'template onto the secret env file',
    (s) =>
      void (gw(s).templates = [{ destination: 'secrets/openclaw.env', data: 'X=1\n', env: true }]),
    'templates[0].destination',
  ],
  [
    'template onto the secret env file, spelled with the variable',
    (s) =>
      void (gw(s).templates = [
        { destination: '${NOMAD_SECRETS_DIR}/openclaw.env', data: 'X=1\n' },
      ]),
    'templates[0].destination',
  ],
  [
    'override onto the secret env file',
    (s) =>
      void (gw(s).overrides = [
        { path: 'group.openclaw.task.openclaw.template.0.data', value: `TOKEN=${CANARY}\n` },
      ]),
    'overrides[0]',
  ],
  [
    'override moving a further template onto the secret env file',
    (s) => {
      gw(s).templates = [{ destination: 'local/x.env', data: 'X=1\n' }];
      gw(s).overrides = [
        {
          path: 'group.openclaw.task.openclaw.template.2.destination',
          value: 'secrets/openclaw.env',
        },
      ];
    },
    'overrides[0]: writes to "secrets/openclaw.env"',
  ],
  [
    'service jobspec with a literal token',
    (s, d) => {
      fs.writeFileSync(path.join(d, 'svc.nomad.hcl'), JOB(`        API_TOKEN = "${CANARY}"`));
      s.services = [{ name: 'svc', jobspec: 'svc.nomad.hcl' }];
    },
    'services[0].jobspec (line 9)',
  ],
  [
    'service file with a DSN',
    (s, d) => {
      fs.writeFileSync(path.join(d, 'svc.nomad.hcl'), JOB('        A = "1"'));
      fs.writeFileSync(path.join(d, 'c.ini'), `dsn = mysql://root:${CANARY}@db/x\n`);
      s.services = [{ name: 'svc', jobspec: 'svc.nomad.hcl', files: { 'c.ini': 'c.ini' } }];
    },
    'services[0].files.c.ini',
  ],
];

function io(cwd: string): { io: Io; all: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {} },
    all: () => out.join('') + err.join(''),
    err: () => err.join(''),
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-adv-secrets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('synth refuses a literal credential or a write onto the secret env file', () => {
  test.each(SITES)('%s', async (_label, mutate, at) => {
    const site = parse(fs.readFileSync(defaultSiteFile(), 'utf8')) as Site;
    mutate(site, dir);
    const file = path.join(dir, 'site.json');
    fs.writeFileSync(file, JSON.stringify(site));
    const before = fs.readdirSync(dir).sort();
    const c = io(dir);
    const code = await main(['synth', '--site', file, '--out', 'out', '--jobs-dir', 'jobs'], c.io);
    expect([1, 2]).toContain(code);
    expect(c.err()).toContain(at);
    expect(c.err()).toMatch(/\n {2}fix: /);
    expect(c.err()).not.toMatch(/\n\s+at /);
    expect(c.all()).not.toContain(CANARY);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});

describe('secrets commands against an op that prints secrets', () => {
  const STATE: FakeState = { vaults: [{ name: 'Homelab', items: [] }], leak: CANARY };
  test.each([
    ['whoami', 'token-fail'],
    ['item get', 'fail'],
    ['item get', 'garbage'],
    ['item create', 'token-fail'],
  ] as const)('`op %s` %s', async (command, mode) => {
    // A garbled `op item get` needs an item to garble (a missing one is a clean "not found").
    const vaults =
      mode === 'garbage'
        ? [
            {
              name: 'Homelab',
              items: [{ title: 'openclaw', fields: [{ label: 'gateway_token', value: CANARY }] }],
            },
          ]
        : STATE.vaults;
    const op = installFakeOp({ ...STATE, vaults, misbehave: { [command]: mode } });
    process.env.OP_SERVICE_ACCOUNT_TOKEN = `ops_${CANARY}`;
    try {
      const site = parse(fs.readFileSync(defaultSiteFile(), 'utf8')) as Site;
      site.secrets = {
        backend: 'onepassword',
        items: { gateway_token: { op: 'op://Homelab/openclaw/gateway_token', generate: 'hex32' } },
      };
      const file = path.join(dir, 'site.json');
      fs.writeFileSync(file, JSON.stringify(site));
      const before = fs.readdirSync(dir).sort();
      const c = io(dir);
      const code = await main(['secrets', 'provision', '--site', file], c.io);
      expect([1, 2]).toContain(code);
      expect(c.all()).not.toContain(CANARY);
      expect(c.err()).not.toMatch(/\n\s+at /);
      expect(fs.readdirSync(dir).sort()).toEqual(before);
    } finally {
      op.restore();
    }
  });
});
