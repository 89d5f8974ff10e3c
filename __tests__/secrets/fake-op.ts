import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Io } from '../../cli/io';

/** State of the fake `op` (see __tests__/fixtures/fake-op/op.pl and op.js). */
export interface FakeField {
  readonly id?: string;
  readonly type?: string;
  readonly purpose?: string;
  readonly label: string;
  readonly value: string;
  readonly section?: { readonly id: string; readonly label?: string };
}
export interface FakeItem {
  readonly id?: string;
  readonly title: string;
  readonly category?: string;
  readonly fields: FakeField[];
}
export interface FakeVault {
  readonly id?: string;
  readonly name: string;
  readonly items: FakeItem[];
}
export interface FakeCall {
  readonly argv: string[];
  readonly stdin: string;
  readonly integration: string | null;
}
export interface FakeState {
  readonly version?: string;
  readonly signedIn?: boolean;
  readonly vaults: FakeVault[];
  readonly calls?: FakeCall[];
  /** Commands ('--version', 'whoami', 'item get', 'item create') that misbehave, and how. */
  readonly misbehave?: Readonly<
    Record<string, 'garbage' | 'hang' | 'silent-fail' | 'fail' | 'token-fail'>
  >;
  /** A canary a misbehaving command prints on stdout and stderr (with the token). @default - none */
  readonly leak?: string;
}

export interface FakeOp {
  readonly dir: string;
  read(): FakeState;
  restore(): void;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'fake-op');

/**
 * The fake to install: the Perl one (starts in a few ms; the secrets tests run `op` hundreds of
 * times), or the node one where Perl or its JSON::PP is missing. Its shebang names the Perl
 * found now, as PATH is narrowed to the fake's folder while it runs.
 */
let chosen: { source: string; shebang?: string } | undefined;
function fakeSource(): { source: string; shebang?: string } {
  if (chosen) return chosen;
  // FAKE_OP=node runs the node fake, to check that both behave the same.
  const perl =
    process.env.FAKE_OP === 'node'
      ? undefined
      : spawnSync('perl', ['-MJSON::PP', '-e', 'print $^X'], { encoding: 'utf8' });
  chosen =
    perl !== undefined && perl.status === 0 && perl.stdout.startsWith('/')
      ? { source: path.join(FIXTURES, 'op.pl'), shebang: `#!${perl.stdout}` }
      : { source: path.join(FIXTURES, 'op.js') };
  return chosen;
}

/**
 * Copies the fake `op` into a temp dir and makes it the only `op` on PATH (PATH = that dir +
 * node's own dir). The op runner spawns `op` with process.env, so the process env is changed; restore()
 * puts it back. `withOp: false` leaves `op` out (the "not installed" case).
 */
export function installFakeOp(state: FakeState, options: { withOp?: boolean } = {}): FakeOp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-op-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  if (options.withOp !== false) {
    const { source, shebang } = fakeSource();
    const text = fs.readFileSync(source, 'utf8');
    const script = shebang === undefined ? text : text.replace(/^#!.*/, shebang);
    fs.writeFileSync(path.join(bin, 'op'), script, { mode: 0o755 });
  }
  const stateFile = path.join(dir, 'state.json');
  fs.writeFileSync(stateFile, JSON.stringify(state));
  const saved = {
    PATH: process.env.PATH,
    FAKE_OP_STATE: process.env.FAKE_OP_STATE,
    OP_SERVICE_ACCOUNT_TOKEN: process.env.OP_SERVICE_ACCOUNT_TOKEN,
  };
  process.env.PATH = [bin, path.dirname(process.execPath)].join(path.delimiter);
  process.env.FAKE_OP_STATE = stateFile;
  delete process.env.OP_SERVICE_ACCOUNT_TOKEN;
  return {
    dir,
    read: () => JSON.parse(fs.readFileSync(stateFile, 'utf8')) as FakeState,
    restore: () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function capture(cwd: string): { io: Io; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: process.env },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
