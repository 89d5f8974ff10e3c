import * as fs from 'fs';
import { main } from '../../cli/main';
import { FakeOp, FakeState, capture, installFakeOp } from './fake-op';
import { writeSite } from './site-fixture';

const HOMELAB: FakeState = {
  vaults: [
    {
      name: 'Homelab',
      items: [
        {
          title: 'openclaw',
          fields: [
            {
              label: 'gateway_token',
              value: 'f'.repeat(64),
              section: { id: 'main', label: 'main' },
            },
          ],
        },
        {
          title: 'Discord Bot',
          fields: [{ label: 'token', value: 'discord-value', section: { id: 's1', label: 'Bot' } }],
        },
      ],
    },
  ],
  signedIn: true,
};

let op: FakeOp | undefined;
afterEach(() => {
  op?.restore();
  op = undefined;
});

async function run(args: string[], state: FakeState, opts: { withOp?: boolean } = {}) {
  op = installFakeOp(state, opts);
  const site = writeSite(op.dir, {
    discord_token: { op: 'op://Homelab/Discord Bot/Bot/token', description: 'Discord bot token' },
  });
  const c = capture(op.dir);
  const code = await main(['secrets', ...args, '--site', site], c.io);
  return { code, out: c.out(), err: c.err(), state: op.read() };
}

describe('secrets check', () => {
  test('every secret present: one ok line each, exit 0', async () => {
    const r = await run(['check'], HOMELAB);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^ok +gateway_token {2}op:\/\/Homelab\/openclaw\/gateway_token$/m);
    expect(r.out).toMatch(/^ok +discord_token {2}op:\/\/Homelab\/Discord Bot\/Bot\/token$/m);
    expect(r.code).toBe(0);
    // The runner tells op who is calling (client info).
    const calls = r.state.calls ?? [];
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.integration === 'openclaw-octant')).toBe(true);
  });

  test('a custom field outside any section is ok for op but flagged for Terraform', async () => {
    op = installFakeOp({
      signedIn: true,
      vaults: [
        {
          name: 'Homelab',
          items: [{ title: 'openclaw', fields: [{ label: 'gateway_token', value: 'x' }] }],
        },
      ],
    });
    const c = capture(op.dir);
    const code = await main(['secrets', 'check', '--site', writeSite(op.dir, {})], c.io);
    expect(c.out()).toMatch(
      /^ok +gateway_token .*\(the field is outside any section: the Terraform 1Password provider cannot read it/m,
    );
    expect(c.out()).toContain('1 secrets: 1 ok, 0 missing, 1 with a warning');
    expect(code).toBe(0);
  });

  test('missing vault, item and field are told apart; exit 1', async () => {
    op = installFakeOp({
      signedIn: true,
      vaults: [
        {
          name: 'Homelab',
          items: [{ title: 'openclaw', fields: [{ label: 'other', value: 'x' }] }],
        },
      ],
    });
    const site = writeSite(op.dir, {
      discord_token: { op: 'op://Homelab/Discord Bot/token' },
      elsewhere: { op: 'op://Nope/thing/field' },
      also_elsewhere: { op: 'op://Nope/other/field' },
      wrong_section: { op: 'op://Homelab/openclaw/Other/other' },
    });
    const c = capture(op.dir);
    const code = await main(['secrets', 'check', '--site', site], c.io);
    expect(c.out()).toMatch(
      /^missing field +gateway_token {2}op:\/\/Homelab\/openclaw\/gateway_token$/m,
    );
    expect(c.out()).toMatch(/^missing item +discord_token {2}op:\/\/Homelab\/Discord Bot\/token$/m);
    expect(c.out()).toMatch(/^missing vault +elsewhere {2}op:\/\/Nope\/thing\/field$/m);
    expect(c.out()).toMatch(/^missing vault +also_elsewhere/m);
    // A field with the right label but in another section does not count.
    expect(c.out()).toMatch(/^missing field +wrong_section/m);
    expect(c.out()).toContain('5 secrets: 0 ok, 5 missing');
    expect(code).toBe(1);
  });
});

describe('op preflight: one clear error, exit 2', () => {
  test('no op on PATH', async () => {
    const r = await run(['check'], HOMELAB, { withOp: false });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/`op`\) is not on PATH\n {2}fix: install 1Password CLI 2\.18 or newer/);
    expect(r.out).toBe('');
  });

  test('op too old', async () => {
    const r = await run(['check'], { ...HOMELAB, version: '2.10.1' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /op 2\.10\.1 is too old \(openclaw-octant needs 2\.18\.0 or newer\)\n {2}fix: update it/,
    );
  });

  test('not signed in', async () => {
    const r = await run(['provision'], { ...HOMELAB, signedIn: false });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not signed in[\s\S]*fix: export OP_SERVICE_ACCOUNT_TOKEN=/);
    expect(r.err.split('\n').filter((l) => l.startsWith('openclaw-octant'))).toHaveLength(1);
  });

  test('a service account token counts as signed in', async () => {
    op = installFakeOp({ ...HOMELAB, signedIn: false });
    process.env.OP_SERVICE_ACCOUNT_TOKEN = 'ops_fake';
    const site = writeSite(op.dir, {});
    const c = capture(op.dir);
    expect(await main(['secrets', 'check', '--site', site], c.io)).toBe(0);
  });
});

describe('secrets provision', () => {
  const EMPTY: FakeState = { signedIn: true, vaults: [{ name: 'Homelab', items: [] }] };

  test('creates generated secrets in 1Password via stdin, lists the rest with a command', async () => {
    const r = await run(['provision'], EMPTY);
    const created = r.state.vaults[0].items.find((i) => i.title === 'openclaw');
    expect(created?.category).toBe('PASSWORD');
    const field = created?.fields.find((f) => f.label === 'gateway_token');
    expect(field?.value).toMatch(/^[0-9a-f]{64}$/);
    // In a section, so the Terraform provider can read it through section[].field[].
    expect(field?.section?.label).toBe('openclaw-octant');
    const value = field?.value ?? 'unset';
    // The value went over stdin only: not in any argv, not printed.
    const calls = r.state.calls ?? [];
    expect(calls.some((c) => c.stdin.includes(value))).toBe(true);
    expect(calls.every((c) => !c.argv.join(' ').includes(value))).toBe(true);
    expect(r.out + r.err).not.toContain(value);
    expect(r.out).toMatch(
      /^created +gateway_token {2}op:\/\/Homelab\/openclaw\/gateway_token {2}\(32 random bytes, hex\)$/m,
    );
    // discord_token needs a person: exact command, placeholder, no invented value.
    expect(r.out).toMatch(/^to do +discord_token .*missing item; a person must supply it/m);
    expect(r.out).toContain(
      "  op item create --vault=Homelab --category=password --title='Discord Bot' 'Bot.token[password]=<Discord bot token>'\n",
    );
    expect(r.state.vaults[0].items.map((i) => i.title)).toEqual(['openclaw']);
    expect(r.code).toBe(1);
  });

  test('the printed command, run with a real value, makes check pass', async () => {
    const r = await run(['provision'], EMPTY);
    const command = /^ {2}(op item create .*)$/m.exec(r.out)?.[1] ?? '';
    // Run it through a POSIX shell exactly as printed, with the placeholder filled in.
    const { spawnSync } = await import('child_process');
    const filled = command.replace('<Discord bot token>', 'typed-by-a-person');
    const res = spawnSync('sh', ['-c', filled], { env: process.env, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const c = capture(op?.dir ?? '.');
    const site = writeSite(op?.dir ?? '.', {
      discord_token: { op: 'op://Homelab/Discord Bot/Bot/token', description: 'Discord bot token' },
    });
    const code = await main(['secrets', 'check', '--site', site], c.io);
    expect(c.out()).not.toMatch(/^missing/m);
    expect(code).toBe(0);
  });

  test('a field named password is the built-in password field, generated or by hand', async () => {
    op = installFakeOp(EMPTY);
    const site = writeSite(op.dir, {
      gateway_token: { op: 'op://Homelab/Gateway/password', generate: 'hex32' },
      admin: { op: 'op://Homelab/Admin/password', description: 'admin password' },
    });
    const c = capture(op.dir);
    expect(await main(['secrets', 'provision', '--site', site], c.io)).toBe(1);
    const created = op.read().vaults[0].items.find((i) => i.title === 'Gateway');
    expect(created?.fields).toEqual([
      expect.objectContaining({ label: 'password', purpose: 'PASSWORD', type: 'CONCEALED' }),
    ]);
    expect(c.out()).toContain(
      "  op item create --vault=Homelab --category=password --title=Admin 'password=<admin password>'\n",
    );
  });

  test('generated secrets of one missing item are created together, in one op call', async () => {
    op = installFakeOp(EMPTY);
    const site = writeSite(op.dir, {
      hooks_token: { op: 'op://Homelab/openclaw/hooks_token', generate: 'hex32' },
    });
    const c = capture(op.dir);
    expect(await main(['secrets', 'provision', '--site', site], c.io)).toBe(0);
    const state = op.read();
    expect(state.vaults[0].items).toHaveLength(1);
    const values = state.vaults[0].items[0].fields.map((f) => [f.label, f.value]);
    expect(values.map(([label]) => label).sort()).toEqual(['gateway_token', 'hooks_token']);
    // Two independent draws.
    expect(new Set(values.map(([, v]) => v)).size).toBe(2);
    expect((state.calls ?? []).filter((x) => x.argv[1] === 'create')).toHaveLength(1);
  });

  test('backend vault: no 1Password secrets, nothing to check', async () => {
    op = installFakeOp(EMPTY);
    const c = capture(op.dir);
    const site = writeSite(op.dir, {}, 'vault');
    expect(await main(['secrets', 'check', '--site', site], c.io)).toBe(0);
    expect(c.out()).toContain('nothing to check');
    expect(op.read().calls ?? []).toEqual([]);
  });

  test('a generated secret missing from an existing item is left to a person (no values in argv)', async () => {
    op = installFakeOp({
      signedIn: true,
      vaults: [
        {
          name: 'Homelab',
          items: [{ title: 'openclaw', fields: [{ label: 'other', value: 'x' }] }],
        },
      ],
    });
    const c = capture(op.dir);
    expect(await main(['secrets', 'provision', '--site', writeSite(op.dir, {})], c.io)).toBe(1);
    expect(c.out()).toMatch(/^to do +gateway_token .*\(missing field; a person must supply it\)$/m);
    expect(c.out()).toContain(
      "  op item edit openclaw --vault=Homelab 'openclaw-octant.gateway_token[password]=<32 random bytes, hex: openssl rand -hex 32>'\n",
    );
    expect(
      (op.read().calls ?? []).some((x) => x.argv[1] === 'edit' || x.argv[1] === 'create'),
    ).toBe(false);
  });

  test('nothing missing: exit 0, nothing created', async () => {
    const r = await run(['provision'], HOMELAB);
    expect(r.out).toMatch(/^exists +gateway_token/m);
    expect(r.out).toMatch(/^exists +discord_token/m);
    expect((r.state.calls ?? []).some((c) => c.argv[1] === 'create')).toBe(false);
    expect(r.code).toBe(0);
  });

  test('--dry-run only reports', async () => {
    const r = await run(['provision', '--dry-run'], EMPTY);
    expect(r.out).toMatch(/^would create +gateway_token/m);
    expect(r.out).toContain('dry run: nothing was changed');
    expect(r.state.vaults[0].items).toEqual([]);
    expect((r.state.calls ?? []).some((c) => c.argv[1] === 'create')).toBe(false);
    expect(r.code).toBe(0);
  });

  test('a missing vault is reported with the command to create it', async () => {
    const r = await run(['provision'], { signedIn: true, vaults: [] });
    expect(r.out).toMatch(/^missing vault +gateway_token/m);
    expect(r.out).toContain('  op vault create Homelab');
    expect(r.code).toBe(1);
  });
});

describe('usage', () => {
  test('unknown sub-command and stray flags are usage errors (exit 2)', async () => {
    op = installFakeOp(HOMELAB);
    const c = capture(op.dir);
    expect(await main(['secrets', 'rotate'], c.io)).toBe(2);
    expect(await main(['secrets', 'check', '--force'], c.io)).toBe(2);
    expect(await main(['secrets', 'check', '--dry-run'], c.io)).toBe(2);
    expect(c.err()).toContain("unknown sub-command 'rotate'");
  });
});

describe('secrets check covers the services of the site', () => {
  test('each service key is checked as <service>/<key>', async () => {
    op = installFakeOp(HOMELAB);
    const file = writeSite(op.dir, {});
    const site = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    site.services = [
      {
        name: 'notes',
        jobspec: 'notes.nomad.hcl',
        secrets: {
          token: { op: 'op://Homelab/openclaw/main/gateway_token' },
          gone: { op: 'op://Homelab/Notes/password' },
        },
      },
    ];
    fs.writeFileSync(file, JSON.stringify(site));
    const c = capture(op.dir);
    const code = await main(['secrets', 'check', '--site', file], c.io);
    expect(c.out()).toMatch(/^ok +notes\/token {2}op:\/\/Homelab\/openclaw\/main\/gateway_token$/m);
    expect(c.out()).toMatch(/^missing item +notes\/gone {2}op:\/\/Homelab\/Notes\/password$/m);
    expect(code).toBe(1);
  });
});
