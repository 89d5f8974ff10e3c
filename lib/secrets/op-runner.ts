import { spawnSync } from 'child_process';
import { UserError } from '../util/errors';

/*
 * The one way this project runs the 1Password CLI. `op` is spawned directly (no shell) with an
 * argv, input goes on stdin, every call has a timeout, and what `op` prints on stdout is parsed
 * strictly and NEVER shown: `op item get` output holds field values. A failure is told apart
 * from "not found" by op's own words; a failure that says nothing is a failure, not "missing".
 */

const INSTALL = 'https://developer.1password.com/docs/cli/get-started/';

/** Seconds an `op` call may take, unless OPENCLAW_OCTANT_OP_TIMEOUT (seconds) says otherwise. */
export const DEFAULT_OP_TIMEOUT_S = 60;

/** Who is calling, as 1Password's integrations expect (shown in its activity log). */
export interface ClientInfo {
  readonly name: string;
  readonly id: string;
  readonly build: string;
}

export interface OpRunOptions {
  /** Text written to op's stdin (a JSON item template: values stay out of argv). */
  readonly stdin?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly client?: ClientInfo;
}

/** What op said when it failed: stderr's message, never stdout. */
export interface OpFailure {
  readonly code: number | null;
  /** op's `[ERROR] <date> <message>` reduced to the message; '' if it said nothing. */
  readonly message: string;
}

export type OpOutcome =
  { readonly ok: true; readonly stdout: string } | ({ readonly ok: false } & OpFailure);

function timeoutSeconds(env: NodeJS.ProcessEnv): number {
  const v = Number(env.OPENCLAW_OCTANT_OP_TIMEOUT);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_OP_TIMEOUT_S;
}

/** `op a b` for messages: the sub-command only, never an argument that could be a value. */
const shown = (args: readonly string[]): string =>
  `op ${args
    .filter((a) => /^[a-z]+$/.test(a) || a === '--version')
    .slice(0, 2)
    .join(' ')}`;

/** op's error line without the `[ERROR] 2024/01/01 00:00:00` prefix, printable, one line. */
function errorMessage(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (line === undefined) return '';
  const msg = line.replace(/^\[ERROR\]\s+\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s+/, '');
  // eslint-disable-next-line no-control-regex
  const clean = msg.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}...` : clean;
}

/**
 * Runs `op ARGS`. Throws a UserError (exit 2) when op is not installed or does not answer in
 * time; returns its stdout on success and its error message on failure.
 */
export function runOp(args: readonly string[], opts: OpRunOptions = {}): OpOutcome {
  const env = { ...(opts.env ?? process.env) };
  if (opts.client) {
    env.OP_INTEGRATION_NAME = opts.client.name;
    env.OP_INTEGRATION_ID = opts.client.id;
    env.OP_INTEGRATION_BUILDNUMBER = opts.client.build;
  }
  const seconds = timeoutSeconds(env);
  const r = spawnSync('op', [...args], {
    input: opts.stdin ?? '',
    env,
    encoding: 'utf8',
    timeout: seconds * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
    shell: false,
    windowsHide: true,
  });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    throw new UserError(
      'op',
      'the 1Password CLI (`op`) is not on PATH',
      `install 1Password CLI 2.18 or newer (${INSTALL}) and make sure \`op --version\` works`,
      2,
    );
  }
  if (code === 'ETIMEDOUT') {
    throw new UserError(
      shown(args),
      `did not answer within ${seconds} s (stopped)`,
      'check the network and that `op` is signed in (try `op whoami`); set OPENCLAW_OCTANT_OP_TIMEOUT=<seconds> for a slower connection',
      2,
    );
  }
  if (r.error !== undefined) {
    throw new UserError(
      shown(args),
      `could not be run (${code ?? r.error.name})`,
      'check that `op --version` works in a shell',
      2,
    );
  }
  if (r.status === 0) return { ok: true, stdout: r.stdout };
  return { ok: false, code: r.status, message: errorMessage(r.stderr ?? '') };
}

/** Describes a failure for a UserError: op's message, or that it said nothing. */
export function describeFailure(args: readonly string[], f: OpFailure): string {
  const how = f.code === null ? 'was stopped by a signal' : `exited with status ${f.code}`;
  return f.message === ''
    ? `\`${shown(args)}\` ${how} without saying why`
    : `\`${shown(args)}\` ${how}: ${f.message}`;
}

/**
 * Parses op's `--format=json` output strictly. Anything else is a UserError that says how much
 * op printed but not what: that text may hold secret values.
 */
export function parseOpJson(args: readonly string[], stdout: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(stdout);
  } catch {
    v = undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new UserError(
      shown(args),
      `printed something that is not a JSON object (${Buffer.byteLength(stdout)} bytes; not shown, it may hold secret values)`,
      'update the 1Password CLI (`op update`) and check that `op` on PATH is the real one',
      2,
    );
  }
  return v as Record<string, unknown>;
}
