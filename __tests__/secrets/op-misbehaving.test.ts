import { main } from '../../cli/main';
import { parseOpVersion } from '../../lib/secrets/onepassword-cli';
import { FakeOp, FakeState, capture, installFakeOp } from './fake-op';
import { writeSite } from './site-fixture';

/**
 * `op` misbehaving: a broken answer, no answer, a failure with or without words. Each gives one
 * clear error (no stack trace), nothing op printed reaches the user, and nothing is created on a
 * guess. Field values are canaries.
 */
const CANARY = 'CANARY-OPVALUE-93e1-DO-NOT-LEAK';

const STATE: FakeState = {
  signedIn: true,
  vaults: [
    {
      name: 'Homelab',
      items: [
        {
          title: 'openclaw',
          fields: [{ label: 'gateway_token', value: CANARY, section: { id: 's', label: 's' } }],
        },
      ],
    },
  ],
};

let op: FakeOp | undefined;
afterEach(() => {
  op?.restore();
  op = undefined;
  delete process.env.OPENCLAW_OCTANT_OP_TIMEOUT;
});

/** Runs `secrets <sub>` with `misbehave`; catches everything written anywhere, console included. */
async function run(sub: string, misbehave: FakeState['misbehave'], state: FakeState = STATE) {
  op = installFakeOp({ ...state, misbehave });
  // Short enough to keep the suite fast, long enough for the calls before a hang on a busy machine.
  if (Object.values(misbehave ?? {}).includes('hang')) process.env.OPENCLAW_OCTANT_OP_TIMEOUT = '1';
  const site = writeSite(op.dir, {});
  const c = capture(op.dir);
  const written: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a) => void written.push(a.join(' '))),
    jest.spyOn(console, 'error').mockImplementation((...a) => void written.push(a.join(' '))),
    jest.spyOn(process.stdout, 'write').mockImplementation((t) => !!written.push(String(t))),
  ];
  const started = Date.now();
  let code: number;
  try {
    code = await main(['secrets', sub, '--site', site], c.io);
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  const all = c.out() + c.err() + written.join('');
  return { code, out: c.out(), err: c.err(), all, ms: Date.now() - started, state: op.read() };
}

describe('a broken answer from op is refused, never shown', () => {
  test('malformed JSON from `op item get` (holding values): exit 2, no value anywhere', async () => {
    const r = await run('check', { 'item get': 'garbage' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /op item get: printed something that is not a JSON object \(\d+ bytes; not shown/,
    );
    expect(r.all).not.toContain(CANARY);
    expect(r.all).not.toContain('"fields"');
  });

  test('garbage from `op --version` is a clear error, not "op banana is too old"', async () => {
    const r = await run('check', { '--version': 'garbage' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('`op --version` did not print a version');
    expect(r.all).not.toContain('banana');
  });

  test('garbage from `op whoami` is a clear error; the account is not echoed', async () => {
    const r = await run('check', { whoami: 'garbage' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/op whoami: printed something that is not a JSON object/);
    expect(r.all).not.toContain('homelab@example.com');
    expect(r.all).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('op that never answers is stopped', () => {
  test.each(['whoami', 'item get'])('hanging `%s`: exit 2 after the timeout', async (cmd) => {
    const r = await run('check', { [cmd]: 'hang' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('did not answer within 1 s (stopped)');
    expect(r.ms).toBeLessThan(15000);
  });

  test('hanging `op item create`: the generated token is not printed', async () => {
    const r = await run(
      'provision',
      { 'item create': 'hang' },
      { signedIn: true, vaults: [{ name: 'Homelab', items: [] }] },
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('op item create: did not answer within 1 s');
    const sent = (r.state.calls ?? []).find((c) => c.argv.includes('create'))?.stdin ?? '';
    const token = /"value":"([0-9a-f]{64})"/.exec(sent)?.[1];
    expect(token).toBeDefined();
    expect(r.all).not.toContain(token);
  });
});

describe('a failure is not "missing"', () => {
  test('`op item get` failing without a word: provision stops, creates nothing', async () => {
    const r = await run(
      'provision',
      { 'item get': 'silent-fail' },
      { signedIn: true, vaults: [{ name: 'Homelab', items: [] }] },
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('`op item get` exited with status 1: op said nothing about why');
    expect((r.state.calls ?? []).some((c) => c.argv.includes('create'))).toBe(false);
    expect(r.state.vaults[0].items).toEqual([]);
  });

  test("`op item get` failing with a message: its kind is named, op's words are not, provision creates nothing", async () => {
    const r = await run(
      'provision',
      { 'item get': 'fail' },
      { signedIn: true, vaults: [{ name: 'Homelab', items: [] }] },
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "exited with status 1: op could not reach 1Password (network error) (op's message is not shown",
    );
    expect(r.all).not.toContain('connection reset by peer');
    expect((r.state.calls ?? []).some((c) => c.argv.includes('create'))).toBe(false);
  });

  test('a failing `op item create` names the failure; the generated value is not printed', async () => {
    const r = await run(
      'provision',
      { 'item create': 'fail' },
      { signedIn: true, vaults: [{ name: 'Homelab', items: [] }] },
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('`op item create` exited with status 1: op could not reach 1Password');
    const sent = (r.state.calls ?? []).find((c) => c.argv.includes('create'))?.stdin ?? '';
    const token = /"value":"([0-9a-f]{64})"/.exec(sent)?.[1] ?? 'unset';
    expect(token).not.toBe('unset');
    expect(r.all).not.toContain(token);
  });

  test('a title starting with a dash reaches op as a title, not a flag', async () => {
    op = installFakeOp({
      ...STATE,
      vaults: [{ name: 'Homelab', items: [{ title: '--reveal', fields: [] }] }],
    });
    const site = writeSite(op.dir, { x: { op: 'op://Homelab/--reveal/field' } });
    const c = capture(op.dir);
    await main(['secrets', 'check', '--site', site], c.io);
    expect(c.out()).toMatch(/^missing field +x /m);
  });
});

describe('op versions', () => {
  test('real version strings parse; anything else does not', () => {
    expect(parseOpVersion('2.30.0\n')).toEqual([2, 30, 0]);
    expect(parseOpVersion('2.19.0-beta.01')).toEqual([2, 19, 0]);
    for (const bad of [
      'op banana 2.30.0',
      '',
      '2.30',
      'v2.30.0',
      '2.30.0 extra',
      '2.30.0\n{"x":1}',
    ]) {
      expect([bad, parseOpVersion(bad)]).toEqual([bad, undefined]);
    }
  });

  test('too old is told as such', async () => {
    const r = await run('check', undefined, { ...STATE, version: '2.17.9' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('op 2.17.9 is too old (openclaw-octant needs 2.18.0 or newer)');
  });
});
