import { main } from '../../cli/main';
import { FakeOp, FakeState, capture, installFakeOp } from './fake-op';
import { writeSite } from './site-fixture';

/**
 * `secrets provision --dry-run` works where `op` is missing or signed out: it lists what would be
 * created and the references that must exist, says they were not checked, and asks op nothing
 * beyond the preflight. Where op works, the dry run checks as before.
 */
const CANARY = 'CANARY-DRYRUN-93c1e7-DO-NOT-LEAK';

const STATE: FakeState = {
  vaults: [
    {
      name: 'Homelab',
      items: [
        {
          title: 'Discord Bot',
          fields: [{ label: 'token', value: CANARY, section: { id: 's1', label: 'Bot' } }],
        },
      ],
    },
  ],
};

let op: FakeOp | undefined;
afterEach(() => {
  op?.restore();
  op = undefined;
});

async function dryRun(state: FakeState, withOp: boolean, extra: string[] = ['--dry-run']) {
  op = installFakeOp(state, { withOp });
  const site = writeSite(op.dir, {
    discord_token: { op: 'op://Homelab/Discord Bot/Bot/token', description: 'Discord bot token' },
  });
  const c = capture(op.dir);
  const code = await main(['secrets', 'provision', ...extra, '--site', site], c.io);
  return { code, out: c.out(), err: c.err(), state: withOp ? op.read() : undefined };
}

function expectUnchecked(out: string): void {
  expect(out).toMatch(/existence was not checked/);
  expect(out).toMatch(
    /^would create +gateway_token {2}op:\/\/Homelab\/openclaw\/gateway_token {2}\(32 random bytes, hex, if missing; not checked\)$/m,
  );
  expect(out).toMatch(
    /^must exist +discord_token {2}op:\/\/Homelab\/Discord Bot\/Bot\/token {2}\(a person supplies it; not checked\)$/m,
  );
  expect(out).toMatch(/^dry run: nothing was changed and nothing was checked/m);
  expect(out).not.toContain(CANARY);
}

test('without op on PATH: what would be created, what must exist, and that nothing was checked', async () => {
  const r = await dryRun(STATE, false);
  expect(r.err).toBe('');
  expect(r.out).toMatch(
    /^op is unavailable \(the 1Password CLI \(`op`\) is not on PATH\): existence was not checked$/m,
  );
  expectUnchecked(r.out);
  expect(r.code).toBe(0);
});

test('op installed but not signed in: the same, and op is asked nothing but the preflight', async () => {
  const r = await dryRun({ ...STATE, signedIn: false }, true);
  expect(r.err).toBe('');
  expect(r.out).toMatch(/^op is unavailable \(`op` is not signed in \(/m);
  expectUnchecked(r.out);
  expect(r.code).toBe(0);
  const asked = (r.state?.calls ?? []).map((c) => c.argv.slice(0, 2).join(' '));
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.every((a) => a === '--version' || a.startsWith('whoami'))).toBe(true);
  expect(r.state?.vaults[0].items.map((i) => i.title)).toEqual(['Discord Bot']);
});

test('op signed in: the dry run checks existence as before', async () => {
  const r = await dryRun({ ...STATE, signedIn: true }, true);
  expect(r.out).not.toMatch(/not checked/);
  expect(r.out).toMatch(/^would create +gateway_token .*\(32 random bytes, hex\)$/m);
  expect(r.out).toMatch(/^exists +discord_token/m);
  expect(r.out).toContain('dry run: nothing was changed\n');
  expect(r.out).not.toContain(CANARY);
  expect((r.state?.calls ?? []).some((c) => c.argv[0] === 'item' && c.argv[1] === 'get')).toBe(
    true,
  );
  expect((r.state?.calls ?? []).some((c) => c.argv[1] === 'create')).toBe(false);
  expect(r.code).toBe(0);
});

test('a real provision still needs op', async () => {
  const r = await dryRun(STATE, false, []);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/`op`\) is not on PATH\n {2}fix: install 1Password CLI/);
  expect(r.out).toBe('');
});
