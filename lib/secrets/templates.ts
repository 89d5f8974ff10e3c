import type { ChangeMode, Template, Vault } from '../nomad/model';
import { UserError } from '../util/errors';
import { DEFAULT_VAULT_PATH } from './schema';

/**
 * Nomad `template` blocks that put secrets into a task's environment.
 *
 * Each writes an env file into the secrets dir (`env = true`): Nomad reads it with
 * hashicorp/go-envparse and exports the variables to the task. That parser's rules decide the
 * quoting, so every value is written single-quoted:
 * - inside '...' every character is literal (no `#` comments, no `$` or `\` escapes);
 * - a `'` in the value closes the quotes, adds `"'"` and reopens them (the parser concatenates
 *   quoted runs, like a shell);
 * - a newline or tab (control characters are refused inside quotes) becomes `"\n"` / `"\t"`,
 *   the only escapes the parser knows besides `\"` and `\\`.
 * Other control characters (CR, NUL, ...) cannot be expressed in an env file at all.
 * `toJSON` is not used: Go's JSON encoder writes `&`, `<`, `>` as `\u0026`..., which the env
 * parser rejects as an invalid escape.
 *
 * `error_on_missing_key` is set so a key missing from the store fails the render instead of
 * starting the task with an empty variable.
 */

/** Nomad variable path a job's tasks may read without an ACL policy. */
export function nomadVarPath(job: string): string {
  return `nomad/jobs/${job}`;
}

/** consul-template pipeline that renders a string expression as one single-quoted env value. */
export function envFileValue(expr: string): string {
  return (
    `'{{ ${expr}` +
    ` | replaceAll "'" "'\\"'\\"'"` +
    ` | replaceAll "\\n" "'\\"\\\\n\\"'"` +
    ` | replaceAll "\\t" "'\\"\\\\t\\"'" }}'`
  );
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TEMPLATE_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JOB_NAME = /^[A-Za-z0-9_~-]+$/;
const FILE_NAME = /^[A-Za-z0-9_.-]+$/;

/** `.key` when it is a Go template identifier, else `(index . "key")`. */
function lookup(base: string, key: string): string {
  if (TEMPLATE_FIELD.test(key)) return `${base === '.' ? '' : base}.${key}`;
  return `(index ${base} ${JSON.stringify(key)})`;
}

function envLines(
  env: Readonly<Record<string, string>>,
  expr: (key: string) => string,
  where: string,
): string[] {
  const entries = Object.entries(env);
  if (entries.length === 0) {
    throw new Error(`${where}: no secret variables; emit no template instead`);
  }
  return entries.map(([name, key]) => {
    if (!ENV_NAME.test(name)) {
      throw new UserError(
        `${where}.${name}`,
        'an env file variable name must match [A-Za-z_][A-Za-z0-9_]*',
        'rename the variable',
      );
    }
    return `${name}=${envFileValue(expr(key))}`;
  });
}

function checkFileName(fileName: string, where: string): void {
  if (!FILE_NAME.test(fileName)) {
    throw new UserError(
      where,
      `file name ${JSON.stringify(fileName)} is not a plain name`,
      'use letters, digits, ".", "_" or "-"',
    );
  }
}

export interface NomadVarEnvTemplateOptions {
  /** Job name: the template reads `nomad/jobs/<job>`. */
  readonly job: string;
  /** Env variable -> key in `nomad/jobs/<job>` (the secret name). Kept as written. */
  readonly env: Readonly<Record<string, string>>;
  /** Env file name in the secrets dir, without `.env`. @default - the job name */
  readonly fileName?: string;
  /** @default 'restart' */
  readonly changeMode?: ChangeMode;
}

/**
 * Backend 1 (Octant, the default): Terraform writes the 1Password values into the Nomad variable
 * `nomad/jobs/<job>`; this template reads them into the task environment.
 */
export function nomadVarEnvTemplate(options: NomadVarEnvTemplateOptions): Template {
  const where = `template(nomad/jobs/${options.job})`;
  if (!JOB_NAME.test(options.job)) {
    throw new UserError(
      where,
      `job name ${JSON.stringify(options.job)} cannot be a Nomad variable path segment`,
      'use letters, digits, "-", "_" or "~"',
    );
  }
  const fileName = options.fileName ?? options.job;
  checkFileName(fileName, `${where}.fileName`);
  const lines = envLines(options.env, (key) => `${lookup('.', key)}.Value`, where);
  return {
    data: [
      `{{ with nomadVar ${JSON.stringify(nomadVarPath(options.job))} }}`,
      ...lines,
      '{{ end }}',
      '',
    ].join('\n'),
    destination: `\${NOMAD_SECRETS_DIR}/${fileName}.env`,
    changeMode: options.changeMode ?? 'restart',
    env: true,
    perms: '0400',
    errorOnMissingKey: true,
  };
}

export interface VaultTemplatesOptions {
  /** KV v2 API path, including `data/`. @default 'kv/data/openclaw' */
  readonly path?: string;
  /** Env variable -> key in the KV secret. Kept as written. */
  readonly env: Readonly<Record<string, string>>;
  /** Vault role (workload identity). @default - the cluster's default role */
  readonly role?: string;
  /** Legacy token workflow policies. @default - none */
  readonly policies?: readonly string[];
  /** What the task does when its Vault token changes. @default 'restart' */
  readonly changeMode?: ChangeMode;
  /** Env file name in the secrets dir, without `.env`. @default 'vault' */
  readonly fileName?: string;
}

/** Backend 2 (the deployment plan's Phase 3): the task reads Vault KV v2 itself. */
export function vaultTemplates(options: VaultTemplatesOptions): {
  readonly template: Template;
  readonly vault: Vault;
} {
  const path = options.path ?? DEFAULT_VAULT_PATH;
  const where = `template(${path})`;
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(path)) {
    throw new UserError(
      where,
      `Vault path ${JSON.stringify(path)} is not an API path`,
      'write it like "kv/data/openclaw"',
    );
  }
  if (options.role !== undefined && options.policies?.length) {
    throw new UserError(
      where,
      'set either a Vault role or policies, not both',
      'keep role (workload identity) unless the cluster is older than Nomad 1.7',
    );
  }
  const fileName = options.fileName ?? 'vault';
  checkFileName(fileName, `${where}.fileName`);
  const lines = envLines(options.env, (key) => lookup('.Data.data', key), where);
  const changeMode = options.changeMode ?? 'restart';
  return {
    template: {
      data: [`{{ with secret ${JSON.stringify(path)} }}`, ...lines, '{{ end }}', ''].join('\n'),
      destination: `\${NOMAD_SECRETS_DIR}/${fileName}.env`,
      changeMode: 'restart',
      env: true,
      perms: '0400',
      errorOnMissingKey: true,
    },
    vault: {
      ...(options.role !== undefined ? { role: options.role } : {}),
      ...(options.policies?.length ? { policies: [...options.policies] } : {}),
      changeMode,
    },
  };
}

/** One variable of a secret env-file template: env variable <- key in the store. */
export interface SecretEnvEntry {
  readonly env: string;
  readonly key: string;
}

// `NAME='{{ .key...`, `NAME='{{ (index . "key")...`, `NAME='{{ .Data.data.key...` or
// `NAME='{{ (index .Data.data "key")...`: the line shapes `envLines` writes.
const ENV_LINE =
  /^([A-Za-z_][A-Za-z0-9_]*)='\{\{ (?:\(index (?:\.|\.Data\.data) ("(?:[^"\\]|\\.)*")\)|(?:\.Data\.data)?\.([A-Za-z_][A-Za-z0-9_]*))/;

/**
 * Reads back which env variable gets which key from a template written by
 * `nomadVarEnvTemplate` or `vaultTemplates`, so docs describe the jobspec itself rather than a
 * second list that could drift from it. Returns `[]` for any other template.
 */
export function secretEnvOf(template: Template): SecretEnvEntry[] {
  const data = typeof template.data === 'string' ? template.data : '';
  if (template.env !== true || !/^\{\{ with (nomadVar|secret) /.test(data)) return [];
  const entries: SecretEnvEntry[] = [];
  for (const line of data.split('\n')) {
    const m = ENV_LINE.exec(line);
    if (!m) continue;
    const key = m[2] !== undefined ? (JSON.parse(m[2]) as string) : m[3];
    entries.push({ env: m[1], key });
  }
  return entries;
}
