import type { JobFile, Task } from '../../lib/nomad/model';
import { OCTANT_DEFAULTS } from '../../lib/octant/variables';
import { redactLiteralSecrets, scanValue } from '../../lib/secrets/literal-scan';
import { nomadVarEnvTemplate } from '../../lib/secrets/templates';
import type { ImportedSecrets } from './secrets';

/**
 * A literal credential written in a service's jobspec (Jupyter's `--IdentityProvider.token='…'`
 * in its args) is never copied: it becomes `${<SERVICE>_<NAME>}`, read from the job's own
 * Nomad variable by a nomadVar env template, fed from 1Password under Octant's convention
 * (`op://<vault>/service_<service>/<name>`). The job keeps its shape (the same args, now over an
 * env variable Nomad interpolates); the report says which item and field to create.
 */

export interface LiteralSecrets {
  readonly job: JobFile;
  readonly secrets: Record<string, { op: string; description?: string }>;
  /** One line per credential: where it was and which 1Password item/field to create. */
  readonly report: readonly string[];
}

type Json = unknown;

/** Every string of a driver config or env replaced through `fix` (arrays and maps included). */
function mapStrings(v: Json, fix: (s: string) => string): Json {
  if (typeof v === 'string') return fix(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fix));
  if (typeof v === 'object' && v !== null) {
    // A variable reference or interpolation of the model stays what it is.
    if ('ref' in v || 'parts' in v) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, fix)]));
  }
  return v;
}

/**
 * A task's env with each credential-named literal (`API_TOKEN = "…"`) left to the nomadVar
 * template, which sets that variable itself; other values have embedded credentials replaced.
 */
function envWithoutLiterals(
  env: NonNullable<Task['env']>,
  secretFor: (name: string, envName: string) => string,
  fix: (s: string) => string,
): Task['env'] {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === 'string' && scanValue({ [k]: v }, k).length > 0) secretFor(k, k);
    else out[k] = mapStrings(v, fix);
  }
  return out as Task['env'];
}

/** The vault the module's other 1Password reads use, else Octant's. */
function vaultOf(sec: ImportedSecrets): string {
  for (const s of Object.values(sec.secrets)) {
    const m = /^op:\/\/([^/]+)\//.exec(s.op);
    if (m) return m[1];
  }
  return OCTANT_DEFAULTS.opVault;
}

/**
 * The job with every literal credential of its tasks' config and env turned into a secret
 * reference; undefined when it holds none (or its variable is not at the job's own path, which
 * the job's default workload identity could not read).
 */
export function literalsToSecrets(
  job: JobFile,
  service: string,
  sec: ImportedSecrets,
  jobspecFile: string,
): LiteralSecrets | undefined {
  if (sec.variablePath !== undefined) return undefined;
  const jobName = job.job.name;
  const item = `${OCTANT_DEFAULTS.opItemPrefix}${service}`;
  const vault = vaultOf(sec);
  const secrets: Record<string, { op: string; description?: string }> = {};
  const report: string[] = [];
  const prefix = service.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const taskOf = (task: Task): Task => {
    const env: Record<string, string> = {};
    /** A new secret of the job for `name`; `envName` (default: derived) is what the template sets. */
    const secretFor = (name: string, envName?: string): string => {
      const field = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
      let key = field;
      for (let n = 2; key in sec.secrets || key in secrets; n++) key = `${field}_${n}`;
      const variable = envName ?? `${prefix}_${key.toUpperCase()}`;
      env[variable] = key;
      secrets[key] = {
        op: `op://${vault}/${item}/${key}`,
        description: `was written in ${jobspecFile} (task ${task.name})`,
      };
      const becomes = envName === undefined ? `\${${variable}}` : `env ${variable}`;
      report.push(
        `secret: a literal credential (${field}) in ${jobspecFile} (task "${task.name}") -> ${becomes} from nomad/jobs/${jobName}:${key} (secrets.${key}); create the 1Password item "${item}" in vault "${vault}" with the field "${key}" holding it (the value was not copied)`,
      );
      return variable;
    };
    const fix = (s: string): string =>
      redactLiteralSecrets(s, (name) => `\${${secretFor(name)}}`).text;
    const config = mapStrings(task.config, fix) as Task['config'];
    const taskEnv =
      task.env === undefined ? undefined : envWithoutLiterals(task.env, secretFor, fix);
    if (Object.keys(env).length === 0) return task;
    const template = nomadVarEnvTemplate({ job: jobName, env, fileName: `${task.name}-imported` });
    // An env block whose every entry moved into the template goes with them.
    const { env: _env, ...rest } = task;
    void _env;
    return {
      ...rest,
      config,
      ...(taskEnv !== undefined && Object.keys(taskEnv).length > 0 ? { env: taskEnv } : {}),
      template: [...(task.template ?? []), template],
    } as Task;
  };
  const groups = job.job.group.map((g) => ({ ...g, task: g.task.map(taskOf) }));
  if (report.length === 0) return undefined;
  return { job: { ...job, job: { ...job.job, group: groups } }, secrets, report };
}
