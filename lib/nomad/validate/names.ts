import { defineRule, Report } from './diagnostic';
import { entries } from './values';

// What Job.Validate, TaskGroup.Validate and Task.Validate refuse in a name, and no more: a
// group or task name may hold spaces, and no name has a length limit.
const NAME_INVALID = defineRule(
  'name-invalid',
  'error',
  'job',
  'Job, group and task names are not empty and have no NUL; a job name has no space.',
);
const NAME_DUPLICATE = defineRule(
  'name-duplicate',
  'error',
  'group',
  'Group names are unique in a job and task names unique in a group.',
);
// A warning: Nomad passes env keys through unchecked; a shell just cannot read odd ones.
const ENV_KEY = defineRule(
  'env-key-invalid',
  'warning',
  'env',
  'env keys are environment variable names: letters, digits, "_" and "." , not starting with a digit.',
);
// A warning: Nomad's server does not check meta keys; an odd one cannot be read back as
// NOMAD_META_<key> or ${meta.<key>}.
const META_KEY = defineRule(
  'meta-key-invalid',
  'warning',
  'meta',
  'meta keys are non-empty and contain no whitespace, "=" or NUL.',
);

export type NameKind = 'job' | 'group' | 'task';

/** Checks a block label; `at` is the path of the block. */
export function checkName(r: Report, kind: NameKind, name: unknown, at: string): void {
  const n = typeof name === 'string' ? name : '';
  let why: string | undefined;
  if (n === '') why = 'is empty';
  else if (n.includes('\0')) why = 'contains a NUL character';
  else if (kind === 'job' && n.includes(' ')) why = 'contains a space';
  if (why) {
    r.add(
      NAME_INVALID,
      at,
      `${kind} name '${n}' ${why}`,
      `name the ${kind} with letters, digits, "-" and "_", e.g. "openclaw"`,
    );
  }
}

/** Reports every name that repeats an earlier sibling's. */
export function checkUnique(
  r: Report,
  kind: NameKind,
  names: readonly string[],
  pathOf: (name: string) => string,
): void {
  for (const i of repeatedAt(names)) {
    r.add(
      NAME_DUPLICATE,
      pathOf(names[i]),
      `${kind} name '${names[i]}' is used more than once`,
      `give each ${kind} a different name`,
    );
  }
}

/** The indexes of the names an earlier one already has. */
export function repeatedAt(names: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  names.forEach((n, i) => {
    if (seen.has(n)) repeated.push(i);
    seen.add(n);
  });
  return repeated;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const META_NAME = /^[^\s=\0]+$/;

export function checkEnv(r: Report, env: unknown, at: string): void {
  for (const [k] of entries(env)) {
    if (!ENV_NAME.test(k)) {
      r.add(
        ENV_KEY,
        `${at}.env.${k}`,
        `env key '${k}' is not a valid environment variable name`,
        'use letters, digits and "_" (not starting with a digit), e.g. OPENCLAW_PORT',
      );
    }
  }
}

export function checkMeta(r: Report, meta: unknown, at: string): void {
  for (const [k] of entries(meta)) {
    if (!META_NAME.test(k)) {
      r.add(
        META_KEY,
        `${at}.meta.${k}`,
        `meta key '${k}' is empty or contains whitespace, "=" or NUL`,
        'use a key such as "version" or "octant_owner"',
      );
    }
  }
}
