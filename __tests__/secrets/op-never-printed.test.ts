import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';
import { classifyOpError, describeFailure, type OpErrorKind } from '../../lib/secrets/op-runner';
import { FakeOp, FakeState, capture, installFakeOp } from './fake-op';
import { writeSite } from './site-fixture';

/**
 * Nothing `op` prints reaches the user: in every misbehaving mode the fake prints a canary and
 * the service-account token on its stdout and stderr; the CLI's streams and every file it leaves
 * (the fake's own state file aside) are searched for both.
 */
const LEAK = 'CANARY-OPSTDERR-4b7d-DO-NOT-LEAK';
const TOKEN = 'ops_CANARYTOKEN9f2c0e6a1d5b8c3e7f4a2d9b6c1e8f0a';
const VALUE = 'CANARY-FIELDVALUE-c81e-DO-NOT-LEAK';

const FILLED: FakeState = {
  vaults: [
    {
      name: 'Homelab',
      items: [
        {
          title: 'openclaw',
          fields: [{ label: 'gateway_token', value: VALUE, section: { id: 's', label: 's' } }],
        },
      ],
    },
  ],
};
const EMPTY: FakeState = { vaults: [{ name: 'Homelab', items: [] }] };

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.isFile() ? [p] : [];
  });
}

let op: FakeOp | undefined;
afterEach(() => {
  op?.restore();
  op = undefined;
  delete process.env.OPENCLAW_OCTANT_OP_TIMEOUT;
});

type Mode = NonNullable<FakeState['misbehave']>[string];

async function run(sub: string, command: string, mode: Mode, state: FakeState) {
  op = installFakeOp({ ...state, misbehave: { [command]: mode }, leak: LEAK });
  process.env.OP_SERVICE_ACCOUNT_TOKEN = TOKEN;
  if (mode === 'hang') process.env.OPENCLAW_OCTANT_OP_TIMEOUT = '1';
  const site = writeSite(op.dir, {});
  const c = capture(op.dir);
  const written: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a) => void written.push(a.join(' '))),
    jest.spyOn(console, 'error').mockImplementation((...a) => void written.push(a.join(' '))),
    jest.spyOn(process.stdout, 'write').mockImplementation((t) => !!written.push(String(t))),
    jest.spyOn(process.stderr, 'write').mockImplementation((t) => !!written.push(String(t))),
  ];
  let code: number;
  try {
    code = await main(['secrets', sub, '--site', site], c.io);
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  const stateFile = path.join(op.dir, 'state.json');
  const left = files(op.dir)
    .filter((f) => f !== stateFile && !f.endsWith(`${path.sep}op`))
    .map((f) => fs.readFileSync(f, 'utf8'));
  return { code, err: c.err(), all: [c.out(), c.err(), ...written, ...left].join('\n') };
}

// [sub-command, op command that misbehaves, mode, fake state]
const CASES: [string, string, Mode, FakeState][] = [
  ['check', '--version', 'garbage', FILLED],
  ['check', '--version', 'fail', FILLED],
  ['check', '--version', 'token-fail', FILLED],
  ['check', 'whoami', 'garbage', FILLED],
  ['check', 'whoami', 'token-fail', FILLED],
  ['check', 'whoami', 'fail', FILLED],
  ['check', 'whoami', 'silent-fail', FILLED],
  ['check', 'item get', 'garbage', FILLED],
  ['check', 'item get', 'fail', FILLED],
  ['check', 'item get', 'token-fail', FILLED],
  ['check', 'item get', 'silent-fail', FILLED],
  ['provision', 'item get', 'token-fail', EMPTY],
  ['provision', 'item create', 'garbage', EMPTY],
  ['provision', 'item create', 'fail', EMPTY],
  ['provision', 'item create', 'token-fail', EMPTY],
  ['provision', 'item create', 'hang', EMPTY],
];

describe("op's stdout and stderr never reach the user", () => {
  test.each(CASES)('secrets %s, `op %s` %s', async (sub, command, mode, state) => {
    const r = await run(sub, command, mode, state);
    // `op item create` is judged by its exit status only: garbage after exit 0 is a success.
    if (command === 'item create' && mode === 'garbage') expect(r.code).toBe(0);
    else {
      expect([1, 2]).toContain(r.code);
      expect(r.err).toMatch(/^(op|`op|gateway_token)[^\n]*: /m);
    }
    for (const canary of [LEAK, TOKEN, VALUE]) expect(r.all).not.toContain(canary);
    expect(r.all).not.toMatch(/\n\s+at /);
  });

  test('a failure quoting the token is named as a sign-in problem, exit 1 or 2', async () => {
    const r = await run('check', 'whoami', 'token-fail', FILLED);
    expect(r.code).toBe(2);
    expect(r.err).toContain('op is not signed in or has no account');
  });
});

describe('op errors are classified by pattern, never quoted', () => {
  const KINDS: [string, OpErrorKind][] = [
    ['', 'silent'],
    ['  \n', 'silent'],
    ['[ERROR] 2024/01/01 00:00:00 "x" isn\'t a vault in this account.', 'vault not found'],
    [
      '[ERROR] 2024/01/01 00:00:00 "x" isn\'t an item in the "Homelab" vault. Specify the item',
      'item not found',
    ],
    ['[ERROR] "y" isn\'t a field in the "x" item', 'field not found'],
    ['[ERROR] You are not currently signed in. Please run `op signin --help`', 'not signed in'],
    ['[ERROR] No accounts configured for use with 1Password CLI.', 'not signed in'],
    [`[ERROR] invalid service account token '${TOKEN}'`, 'not signed in'],
    ['[ERROR] 429 Too Many Requests', 'rate limited'],
    ['[ERROR] context deadline exceeded', 'timeout'],
    ['[ERROR] request timed out', 'timeout'],
    ['[ERROR] dial tcp: lookup my.1password.com: no such host', 'network'],
    ['[ERROR] an unexpected error occurred: connection reset by peer', 'network'],
    [`[ERROR] something odd: ${VALUE}`, 'unknown'],
  ];
  test.each(KINDS)('%j -> %s', (stderr, kind) => {
    expect(classifyOpError(stderr)).toBe(kind);
    const text = describeFailure(['item', 'get', `--vault=${VALUE}`], { code: 1, kind });
    expect(text).toMatch(/^`op item get` exited with status 1: /);
    expect(text).not.toContain(VALUE);
    expect(text).not.toContain(TOKEN);
  });
});
