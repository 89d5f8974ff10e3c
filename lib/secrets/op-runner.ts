import { spawnSync } from 'child_process';
import { UserError } from '../util/errors';

/*
 * The one way this project runs the 1Password CLI. `op` is spawned directly (no shell) with an
 * argv, input goes on stdin, every call has a timeout, and what `op` prints on stdout is parsed
 * strictly and NEVER shown: `op item get` output holds field values. Nor is stderr: it can quote
 * the service-account token or a value. A failure is classified by pattern (classifyOpError),
 * so "not found" is told apart from a failure; a failure that says nothing is not "missing".
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

/**
 * What kind of failure op reported, decided from its stderr by pattern. op's own words are never
 * kept: they can quote the service-account token, a field value or a value we just generated.
 */
export type OpErrorKind =
  | 'not signed in'
  | 'vault not found'
  | 'item not found'
  | 'field not found'
  | 'rate limited'
  | 'timeout'
  | 'network'
  | 'silent'
  | 'unknown';

/** How op failed: its exit status and the kind of error, never its text. */
export interface OpFailure {
  readonly code: number | null;
  readonly kind: OpErrorKind;
}

export type OpOutcome =
  { readonly ok: true; readonly stdout: string } | ({ readonly ok: false } & OpFailure);

/** First match wins: "not found" phrases before the generic network and auth words. */
const KINDS: readonly [RegExp, OpErrorKind][] = [
  [/isn't a vault|vault .*(not found|does not exist)|no vault/i, 'vault not found'],
  [/isn't an item|item .*(not found|does not exist)|no item/i, 'item not found'],
  [
    /isn't a field|field .*(not found|does not exist)|no field|does not have a field/i,
    'field not found',
  ],
  [/rate.?limit|too many requests|\b429\b/i, 'rate limited'],
  [/timed? ?out|deadline exceeded/i, 'timeout'],
  [
    /not (currently )?signed in|sign ?in|no accounts?|session (has )?expired|unauthori[sz]ed|authenticat|service account|invalid token|\b401\b|\b403\b/i,
    'not signed in',
  ],
  [
    /connection|network|dial tcp|no such host|\bEOF\b|\bTLS\b|certificate|unreachable|DNS/i,
    'network',
  ],
];

/** The kind of op's failure, from its stderr (read here and dropped). */
export function classifyOpError(stderr: string): OpErrorKind {
  if (stderr.trim() === '') return 'silent';
  return KINDS.find(([re]) => re.test(stderr))?.[1] ?? 'unknown';
}

/** What each kind means, in our words. */
const MEANING: Readonly<Record<OpErrorKind, string>> = {
  'not signed in': 'op is not signed in or has no account',
  'vault not found': 'op did not find the vault',
  'item not found': 'op did not find the item',
  'field not found': 'op did not find the field',
  'rate limited': '1Password rate-limited the request',
  timeout: 'op timed out talking to 1Password',
  network: 'op could not reach 1Password (network error)',
  silent: 'op said nothing about why',
  unknown: 'op reported an error of a kind not recognised',
};

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

/**
 * Runs `op ARGS`. Throws a UserError (exit 2) when op is not installed or does not answer in
 * time; returns its stdout on success and the kind of its failure otherwise.
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
  return { ok: false, code: r.status, kind: classifyOpError(r.stderr ?? '') };
}

/**
 * Describes a failure for a UserError: the exit status and the kind of error. op's message is
 * not shown (it may hold a token or a value); `op ... ` by hand shows it to whoever runs it.
 */
export function describeFailure(args: readonly string[], f: OpFailure): string {
  const how = f.code === null ? 'was stopped by a signal' : `exited with status ${f.code}`;
  return `\`${shown(args)}\` ${how}: ${MEANING[f.kind]} (op's message is not shown: it may hold a secret)`;
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
