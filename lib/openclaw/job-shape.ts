import type {
  Interpolation,
  JobFile,
  PodmanConfig,
  Str,
  Task,
  VarRef,
  Variable,
} from '../nomad/model';
import type { ModuleVariable } from '../octant/module-spec';
import { UserError } from '../util/errors';

/**
 * Two gateway settings an imported hand-written module needs, applied to the typed job after
 * it is built (so the gateway's own job stays in one place):
 *
 * - `jobShape: module`: only what a hand-written Octant module states. Octant's operating
 *   settings (restart and update policy, kill_timeout, check_restart, shutdown_delay, journald
 *   logging, the start command, HOME/TERM/CONSUL_HTTP_ADDR, the quoted 0400 secret env file)
 *   are left to Nomad's and the image's defaults, as the module left them.
 * - `variableEnv`: env built from module variables (`${litellm_base_url}/v1`), so the jobspec
 *   reads the variable and changing it still changes the job.
 */

type Job = JobFile['job'];

/** Env the `octant` shape adds for the CLIs in the image; a module states its own. */
const OCTANT_ONLY_ENV = ['HOME', 'TERM', 'CONSUL_HTTP_ADDR'] as const;

export interface ModuleShapeOptions {
  /** The gateway (job) name: its secret env file reads `nomad/jobs/<name>`. */
  readonly name: string;
  /** Env name -> key of `nomad/jobs/<name>`, token first. */
  readonly secretEnv: Readonly<Record<string, string>>;
  /** Whether the site sets these; otherwise the module shape leaves them to the driver. */
  readonly forcePull?: boolean;
  readonly imagePullTimeout?: string;
}

/** The `module` job shape (see the file comment). */
export function moduleShape(job: Job, o: ModuleShapeOptions): Job {
  const { type: _type, ...rest } = job;
  void _type;
  return {
    ...rest,
    group: job.group.map((g) => {
      const { count: _c, shutdownDelay: _s, restart: _r, update: _u, ...group } = g;
      void [_c, _s, _r, _u];
      return {
        ...group,
        service: (g.service ?? []).map((svc) => ({
          ...svc,
          check: (svc.check ?? []).map((c) => {
            const { name: _n, checkRestart: _cr, ...check } = c;
            void [_n, _cr];
            return check;
          }),
        })),
        task: g.task.map((t) => {
          const { killTimeout: _k, ...task } = t;
          void _k;
          const {
            command: _cmd,
            args: _args,
            logging: _log,
            force_pull: _fp,
            image_pull_timeout: _ipt,
            ...kept
          } = (t.config ?? {}) as PodmanConfig;
          void [_cmd, _args, _log, _fp, _ipt];
          const cfg: PodmanConfig = {
            ...kept,
            ...(o.forcePull !== undefined ? { force_pull: o.forcePull } : {}),
            ...(o.imagePullTimeout !== undefined ? { image_pull_timeout: o.imagePullTimeout } : {}),
          };
          const env = { ...(t.env ?? {}) };
          for (const k of OCTANT_ONLY_ENV) delete env[k];
          const secretPath = `nomad/jobs/${o.name}`;
          // The driver is kept, so the task stays of its kind (the union is keyed by driver).
          return {
            ...task,
            config: cfg,
            env,
            template: (t.template ?? []).map((tpl) =>
              tpl.env === true && String(tpl.data).includes(`nomadVar "${secretPath}"`)
                ? plainSecretEnvTemplate(secretPath, o.secretEnv)
                : tpl,
            ),
          } as Task;
        }),
      };
    }),
  };
}

/** The secret env file as hand-written modules write it: `NAME={{ .key }}`, Nomad's defaults. */
function plainSecretEnvTemplate(
  secretPath: string,
  env: Readonly<Record<string, string>>,
): NonNullable<Job['group'][number]['task'][number]['template']>[number] {
  const lookup = (key: string): string =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `index . ${JSON.stringify(key)}`;
  const lines = Object.entries(env).map(([name, key]) => `${name}={{ ${lookup(key)} }}`);
  return {
    data: [`{{ with nomadVar ${JSON.stringify(secretPath)} }}`, ...lines, '{{ end }}', ''].join(
      '\n',
    ),
    destination: '${NOMAD_SECRETS_DIR}/env',
    env: true,
  };
}

/** `${name}` references of a `variableEnv` value, in order. */
export function variableRefs(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
}

/** A `variableEnv` value as jobspec text with `var.<name>` references. */
function interpolation(text: string): Str {
  const parts: (string | VarRef)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ kind: 'var', name: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0];
  return { kind: 'interp', parts } satisfies Interpolation;
}

/**
 * The jobspec variables `variableEnv` reads beyond the standard ones (each fed from the module
 * variable of the same name), refusing a reference to a variable the module does not declare.
 */
export function variableEnvVariables(
  variableEnv: Readonly<Record<string, string>>,
  declared: readonly ModuleVariable[],
  standard: readonly string[],
  where: string,
): Variable[] {
  const out = new Map<string, Variable>();
  for (const [env, text] of Object.entries(variableEnv)) {
    for (const name of variableRefs(text)) {
      if (standard.includes(name) || out.has(name)) continue;
      const v = declared.find((d) => d.name === name);
      if (v === undefined || v.type !== 'string') {
        throw new UserError(
          `${where}.variableEnv.${env}`,
          v === undefined
            ? `reads module variable "${name}", which the gateway does not declare`
            : `reads module variable "${name}" of type ${v.type}; env takes string variables`,
          `declare it under variables (name: ${name}, type: string), or name one of ${standard.join(', ')}`,
        );
      }
      out.set(name, {
        name,
        type: 'string',
        ...(v.description !== undefined ? { description: v.description } : {}),
        ...(v.default !== undefined ? { default: v.default as string } : {}),
      });
    }
  }
  return [...out.values()];
}

/** The job with `variableEnv` in its task's env. */
export function withVariableEnv(job: Job, variableEnv: Readonly<Record<string, string>>): Job {
  if (Object.keys(variableEnv).length === 0) return job;
  const env = Object.fromEntries(
    Object.entries(variableEnv).map(([k, text]) => [k, interpolation(text)]),
  );
  return {
    ...job,
    group: job.group.map((g) => ({
      ...g,
      task: g.task.map((t) => ({ ...t, env: { ...(t.env ?? {}), ...env } }) as Task),
    })),
  };
}
