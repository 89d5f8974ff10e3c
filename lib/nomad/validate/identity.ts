import { defineRule } from './diagnostic';
import { TaskCtx } from './context';
import { arrayOf, signedDuration, text, textList } from './values';

// A task's identity blocks. jobspec2 and Task.Canonicalize each move one identity named "" or
// "default" out of the list into the task's default identity; the rest are checked as named.

const IDENTITY = defineRule(
  'identity-invalid',
  'error',
  'identity',
  'An identity has a name of letters, digits, "-" and "_", no empty aud, a known change_mode (change_signal only with "signal"), a ttl of 0 or more (none on the default identity), filepath only with file = true, and the default identity is given at most twice.',
);
// Warnings: Task.Warnings / WorkloadIdentity.Warnings, on identities other than the default.
const INSECURE = defineRule(
  'identity-insecure',
  'warning',
  'identity#ttl',
  'A named identity has exactly one aud and a ttl.',
);
const ENV_MODE = defineRule(
  'identity-env-not-restart',
  'warning',
  'identity#env',
  'A named identity with env = true uses change_mode "restart" (the environment is read at start).',
);
// A warning: with two, Nomad keeps the second and drops the first without a word.
const DEFAULT_TWICE = defineRule(
  'identity-default-repeated',
  'warning',
  'identity',
  'A task has at most one default identity (no name, or name "default").',
);
// jobValidate.validateVaultIdentity: a warning.
const VAULT_UNUSED = defineRule(
  'identity-vault-without-vault',
  'warning',
  'identity',
  'An identity named vault_<cluster> sits on a task with a vault block.',
);

const NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const MODES = ['noop', 'restart', 'signal'];

type Identity = NonNullable<TaskCtx['task']['identity']>[number];

export function checkIdentities(c: TaskCtx): void {
  const ids = arrayOf(c.task.identity);
  const defaults = ids.filter((w) => isDefault(w));
  ids.forEach((w, i) => {
    const at = `${c.taskAt}.identity[${i}]`;
    checkIdentity(c, w, at);
    if (!isDefault(w)) checkWarnings(c, w, at);
  });
  // Task.Validate: "Duplicate default identities found" (two are moved out, a third stays).
  if (defaults.length >= 2) {
    const three = defaults.length > 2;
    c.r.add(
      three ? IDENTITY : DEFAULT_TWICE,
      `${c.taskAt}.identity[${ids.indexOf(defaults[three ? 2 : 1])}]`,
      three
        ? `task '${c.task.name}' has ${defaults.length} default identities`
        : `task '${c.task.name}' has two default identities: Nomad keeps the second and drops the first`,
      'keep one identity block without a name (or named "default"); name the others',
    );
  }
}

function isDefault(w: Identity): boolean {
  const name = text(w.name);
  return w.name === undefined || name === '' || name === 'default';
}

/** WorkloadIdentity.Validate */
function checkIdentity(c: TaskCtx, w: Identity, at: string): void {
  const { r } = c;
  const fail = (field: string, message: string, hint: string): void =>
    r.add(IDENTITY, `${at}${field}`, message, hint);
  const name = text(w.name);
  if (name !== undefined && name !== '' && !NAME.test(name))
    fail(
      '.name',
      `identity name '${name}' is not letters, digits, "-" and "_"`,
      'rename it, e.g. "vault_default" or "aws"',
    );
  // Canonicalize gives the default identity the aud "nomad.io", whatever is written.
  (isDefault(w) ? [] : (textList(w.aud) ?? [])).forEach((a, i) => {
    if (a === '')
      fail(`.aud[${i}]`, 'identity aud holds an empty string', 'remove the empty audience');
  });
  const mode = text(w.changeMode) ?? '';
  const signal = text(w.changeSignal) ?? '';
  if (!MODES.includes(mode) && mode !== '')
    fail(
      '.change_mode',
      `identity change_mode '${mode}' is not one of ${MODES.join(', ')}`,
      'use "noop" (default), "restart" or "signal"',
    );
  else if (mode === 'signal' && signal === '')
    fail(
      '.change_signal',
      'identity change_mode is "signal" but change_signal is not set',
      'set change_signal = "SIGHUP"',
    );
  else if (mode !== 'signal' && signal !== '')
    fail(
      '.change_signal',
      `change_signal '${signal}' is set but change_mode is not "signal"`,
      'set change_mode = "signal", or remove change_signal',
    );
  const ttl = signedDuration(r, w.ttl, `${at}.ttl`);
  if (ttl !== undefined && ttl < 0)
    fail(
      '.ttl',
      `identity ttl '${String(w.ttl)}' is negative`,
      'write a ttl of 0 or more, e.g. "1h"',
    );
  else if (ttl !== undefined && ttl > 0 && isDefault(w))
    fail(
      '.ttl',
      'the default identity cannot have a ttl',
      'remove ttl, or give the identity a name',
    );
  if (w.filepath !== undefined && w.filepath !== '' && w.file !== true)
    fail('.filepath', 'identity filepath is set but file is not true', 'add file = true');
}

/** WorkloadIdentity.Warnings, and the Vault identity warning of the job-register hook. */
function checkWarnings(c: TaskCtx, w: Identity, at: string): void {
  const { r } = c;
  const aud = textList(w.aud);
  if (w.aud === undefined || (aud !== undefined && aud.length !== 1)) {
    r.add(
      INSECURE,
      `${at}.aud`,
      aud === undefined || aud.length === 0
        ? 'an identity without an audience is insecure'
        : 'an identity with several audiences is less secure than one per identity',
      'give the identity exactly one aud, e.g. aud = ["vault.io"]',
    );
  }
  if (w.ttl === undefined || signedDuration(r, w.ttl, `${at}.ttl`) === 0) {
    r.add(
      INSECURE,
      `${at}.ttl`,
      'an identity without an expiration (ttl) is insecure',
      'set ttl, e.g. ttl = "1h"',
    );
  }
  if (w.env === true && text(w.changeMode) !== 'restart') {
    r.add(
      ENV_MODE,
      `${at}.change_mode`,
      'an identity in env without change_mode "restart" leaves the task with an old token',
      'set change_mode = "restart"',
    );
  }
  const name = text(w.name) ?? '';
  if (name.startsWith('vault_') && c.task.vault === undefined) {
    r.add(
      VAULT_UNUSED,
      `${at}.name`,
      `task '${c.task.name}' has an identity called ${name} but no vault block`,
      'add a vault block to the task, or remove the identity',
    );
  }
}
