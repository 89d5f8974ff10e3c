import { defineRule } from './diagnostic';
import { TaskCtx } from './context';
import { arrayOf, duration, entries, signedDuration, text } from './values';

const CHANGE_MODES = ['noop', 'restart', 'signal', 'script'];
/**
 * Job meta key that says the job reads Nomad variables outside its own `nomad/jobs/<job>` tree
 * through an ACL policy attached to it, so the template path check is skipped.
 */
export const VARIABLES_ACCESS_META = 'nomad_variables_access';

// Template.Validate refuses neither; both reach the client, whose consul-template refuses them
// too (template.NewTemplate: "cannot specify both 'source' and 'contents'").
const SOURCE_DATA = defineRule(
  'template-source-data',
  'error',
  'template#data',
  'A template has exactly one of data and source.',
);
const DESTINATION = defineRule(
  'template-destination',
  'error',
  'template#destination',
  'A template has a destination, and it does not climb out of the allocation directory with "..".',
);
const DESTINATION_DUPLICATE = defineRule(
  'template-destination-duplicate',
  'error',
  'template#destination',
  'The templates of a task have different destinations (compared as written).',
);
// A warning: Template.Validate accepts it, but the client writes it under the task directory.
const ABSOLUTE = defineRule(
  'template-destination-absolute',
  'warning',
  'template#destination',
  'A template destination is relative to the task dir or under ${NOMAD_TASK_DIR}, ${NOMAD_SECRETS_DIR} or ${NOMAD_ALLOC_DIR}.',
);
const CHANGE_MODE = defineRule(
  'template-change-mode',
  'error',
  'template#change_mode',
  `template change_mode is one of ${CHANGE_MODES.join(', ')}.`,
);
const CHANGE_SIGNAL = defineRule(
  'template-change-signal-missing',
  'error',
  'template#change_signal',
  'change_mode "signal" has a change_signal that is not empty (unset means SIGHUP).',
);
// Template.Validate: an env template is read once, at task start; a signal cannot reload it.
const ENV_SIGNAL = defineRule(
  'template-env-signal',
  'error',
  'template#env',
  'A template with env = true does not use change_mode "signal".',
);
// Template.Validate / ChangeScript.Validate
const CHANGE_SCRIPT = defineRule(
  'template-change-script',
  'error',
  'template#change_script',
  'change_mode "script" has a change_script block with a command.',
);
// WaitConfig.Validate
const WAIT = defineRule(
  'template-wait-range',
  'error',
  'template#wait',
  'A template wait block has min not above max.',
);
// Template.Warnings: Nomad accepts vault_grace and ignores it.
const VAULT_GRACE = defineRule(
  'template-vault-grace-ignored',
  'warning',
  'template#vault_grace',
  'A template does not set vault_grace (deprecated, ignored).',
);
const PERMS = defineRule(
  'template-perms-octal',
  'error',
  'template#perms',
  'perms is an octal file mode of at most 12 bits, such as "0640" or "4755".',
);
// A warning: Nomad accepts the job, and without ACLs (or with a policy) the read works.
const NOMAD_VAR = defineRule(
  'template-nomadvar-path',
  'warning',
  'template#nomad-variables',
  'A template reads Nomad variables only under nomad/jobs[/<job>[/<group>[/<task>]]] (what its workload identity may read) unless the job declares other access.',
);
// A warning: Task.Validate does not look into template text; the template cannot render
// without a Vault token, so the task blocks.
const VAULT = defineRule(
  'template-vault-missing',
  'warning',
  'vault',
  'A template that reads `secret` (Vault) needs a vault block on its task.',
);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Template = NonNullable<TaskCtx['task']['template']>[number];

export function checkTemplates(c: TaskCtx): void {
  const { job } = c;
  const access = entries(job.meta).some(([k, v]) => k === VARIABLES_ACCESS_META && text(v) !== '');
  const destinations = new Map<string, number>();
  arrayOf(c.task.template).forEach((t, i) => {
    const at = `${c.taskAt}.template[${i}]`;
    checkDuplicate(c, text(t.destination), i, destinations);
    checkSourceAndDestination(c, t, at);
    checkModeAndPerms(c, t, at);
    checkTemplateData(c, t, at, access);
    checkScriptAndWait(c, t, at);
    // Template.Validate refuses a negative splay.
    duration(c.r, t.splay, `${at}.splay`);
  });
}

/** Task.Validate compares destinations as written: "local/x" and "./local/x" differ. */
function checkDuplicate(
  c: TaskCtx,
  dest: string | undefined,
  i: number,
  seen: Map<string, number>,
): void {
  if (dest === undefined || dest === '') return;
  const first = seen.get(dest);
  if (first === undefined) {
    seen.set(dest, i);
    return;
  }
  c.r.add(
    DESTINATION_DUPLICATE,
    `${c.taskAt}.template[${i}].destination`,
    `destination '${dest}' is already written by template[${first}]`,
    'give each template its own destination file',
  );
}

/** Exactly one of data and source, and a destination inside the task dir. */
function checkSourceAndDestination(c: TaskCtx, t: Template, at: string): void {
  const { r } = c;
  // Template.Validate reads an empty data or source as unset.
  const hasData = t.data !== undefined && t.data !== '';
  const hasSource = t.source !== undefined && t.source !== '';
  if (hasData === hasSource) {
    r.add(
      SOURCE_DATA,
      at,
      hasData ? 'template has both data and source' : 'template has neither data nor source',
      'give inline text in data, or a file path in source, not both',
    );
  }
  const dest = text(t.destination);
  if (t.destination === undefined || dest === '') {
    r.add(
      DESTINATION,
      `${at}.destination`,
      'template has no destination',
      'set destination = "secrets/app.env" (relative to the task dir)',
    );
  } else if (dest !== undefined) {
    if (escapesAlloc(dest)) {
      r.add(
        DESTINATION,
        `${at}.destination`,
        `destination '${dest}' climbs out of the allocation directory with ".."`,
        'keep the file inside the task dir, e.g. "local/config.json"',
      );
    } else if (dest.startsWith('/')) {
      r.add(
        ABSOLUTE,
        `${at}.destination`,
        `destination '${dest}' is an absolute path: Nomad writes it under the task directory, not at that path`,
        'write it relative to the task dir ("local/x", "secrets/x") or under ${NOMAD_SECRETS_DIR}',
      );
    }
  }
}

/**
 * Nomad's escape check (PathEscapesAllocViaRelative): the path joined to `<alloc dir>/<prefix>`
 * must stay inside the allocation directory (two levels: the alloc dir and the alloc id).
 */
export function escapesAlloc(dest: string, prefix: readonly string[] = ['task']): boolean {
  const parts: string[] = ['alloc-dir', 'alloc-id', ...prefix];
  for (const seg of dest.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '' && seg !== '.') parts.push(seg);
  }
  return parts[0] !== 'alloc-dir' || parts[1] !== 'alloc-id';
}

/** A change mode Nomad knows (a signal for "signal"), and an octal file mode. */
function checkModeAndPerms(c: TaskCtx, t: Template, at: string): void {
  const { r } = c;
  const mode = text(t.changeMode);
  if (mode !== undefined && !CHANGE_MODES.includes(mode)) {
    r.add(
      CHANGE_MODE,
      `${at}.change_mode`,
      `change_mode '${mode}' is not one of ${CHANGE_MODES.join(', ')}`,
      'use "restart" (default), "signal" with change_signal, or "noop"',
    );
  }
  // api Template.Canonicalize gives an unset change_signal SIGHUP; only an empty one is refused.
  if (mode === 'signal' && t.changeSignal === '') {
    r.add(
      CHANGE_SIGNAL,
      `${at}.change_signal`,
      'change_mode is "signal" but change_signal is empty',
      'set change_signal = "SIGHUP" (or the signal the program reloads on), or remove it for SIGHUP',
    );
  }
  if (mode === 'signal' && t.env === true) {
    r.add(
      ENV_SIGNAL,
      `${at}.change_mode`,
      'change_mode is "signal" on an env template: environment variables are read only at task start',
      'use change_mode = "restart" (or "noop") for env = true templates',
    );
  }
  const perms = text(t.perms);
  // Template.Validate parses perms as an octal number of at most 12 bits; "" is skipped.
  if (perms && !(/^[0-7]+$/.test(perms) && parseInt(perms, 8) < 0o10000)) {
    r.add(
      PERMS,
      `${at}.perms`,
      `perms '${t.perms}' is not an octal file mode`,
      'write an octal mode, e.g. "0640" or "600"',
    );
  }
}

/** change_mode "script" needs its script; wait min not above max; vault_grace is ignored. */
function checkScriptAndWait(c: TaskCtx, t: Template, at: string): void {
  const { r } = c;
  const command = t.changeScript === undefined ? '' : text(t.changeScript.command);
  if (text(t.changeMode) === 'script' && command === '') {
    r.add(
      CHANGE_SCRIPT,
      t.changeScript === undefined ? `${at}.change_mode` : `${at}.change_script.command`,
      t.changeScript === undefined
        ? 'change_mode is "script" but the template has no change_script block'
        : 'change_script has an empty command',
      'add change_script { command = "/local/reload.sh"  fail_on_error = false }',
    );
  }
  if (t.wait) {
    // WaitConfig.Validate compares the two only; a negative one is not refused.
    const min = signedDuration(r, t.wait.min, `${at}.wait.min`);
    const max = signedDuration(r, t.wait.max, `${at}.wait.max`);
    if (min !== undefined && max !== undefined && min > max) {
      r.add(
        WAIT,
        `${at}.wait`,
        `wait min ${String(t.wait.min)} is greater than max ${String(t.wait.max)}`,
        'make min at most max, e.g. min = "5s", max = "30s"',
      );
    }
  }
  const grace = signedDuration(r, t.vaultGrace, `${at}.vault_grace`);
  if (grace !== undefined && grace !== 0) {
    r.add(
      VAULT_GRACE,
      `${at}.vault_grace`,
      'vault_grace is deprecated and Nomad ignores it',
      'remove vault_grace',
    );
  }
}

/**
 * What inline template text reads: Nomad variables outside the job's own tree (unless the job
 * declares other `access`), and Vault secrets, which need a vault block.
 */
function checkTemplateData(c: TaskCtx, t: Template, at: string, access: boolean): void {
  const { r, job, group, task } = c;
  const data = text(t.data);
  if (data === undefined) return;
  const left = escapeRe(text(t.leftDelimiter) ?? '{{');
  const right = escapeRe(text(t.rightDelimiter) ?? '}}');
  const action = new RegExp(`${left}([\\s\\S]*?)${right}`, 'g');
  let usesSecret = false;
  for (const m of data.matchAll(action)) {
    const body = m[1];
    if (/(^|[\s(])secret\s+["`]/.test(body)) usesSecret = true;
    if (access) continue;
    for (const v of body.matchAll(/nomadVar(?:List|ListSafe)?\s+["`]([^"`]*)["`]/g)) {
      const path = v[1].replace(/@.*$/, '');
      if (!allowedVarPath(path, job.name, group.name, task.name)) {
        r.add(
          NOMAD_VAR,
          `${at}.data`,
          `template reads Nomad variable '${path}', outside nomad/jobs/${job.name}: with ACLs on, the task's workload identity may not read it`,
          `store it at nomad/jobs/${job.name} (Octant writes the job's secrets there), or set job meta ${VARIABLES_ACCESS_META} = "<policy name>" when an ACL policy grants access`,
        );
      }
    }
  }
  if (usesSecret && !task.vault) {
    r.add(
      VAULT,
      `${at}.data`,
      'template reads a Vault secret but the task has no vault block',
      'add vault { role = "..." } to the task, or read the value with nomadVar instead',
    );
  }
}

function allowedVarPath(path: string, job: string, group: string, task: string): boolean {
  const base = `nomad/jobs/${job}`;
  return (
    path === 'nomad/jobs' ||
    path === base ||
    path === `${base}/${group}` ||
    path === `${base}/${group}/${task}`
  );
}
