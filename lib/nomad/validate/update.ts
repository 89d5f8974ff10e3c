import { Job, Restart, Update } from '../model';
import { defineRule, Report, Rule } from './diagnostic';
import { GroupCtx, JobCtx } from './context';
import { parseDuration } from '../duration';
import { arrayOf, duration, numberOf, signedDuration, text } from './values';

const HEALTH_CHECKS = ['checks', 'task_states', 'manual'];
const RESTART_MODES = ['delay', 'fail'];

const ON_BATCH = defineRule(
  'update-on-batch',
  'error',
  'update',
  'Only service and system jobs have an update block (Nomad refuses it on batch and sysbatch).',
);
const UPDATE_VALUES = defineRule(
  'update-values-invalid',
  'error',
  'update',
  'update max_parallel and canary are 0 or more; healthy_deadline and stagger are above 0.',
);
const AUTO_PROMOTE = defineRule(
  'update-auto-promote-without-canary',
  'error',
  'update#auto_promote',
  'auto_promote needs canary > 0.',
);
const DEADLINES = defineRule(
  'update-deadlines-order',
  'error',
  'update#healthy_deadline',
  'min_healthy_time < healthy_deadline < progress_deadline (progress_deadline 0 disables it).',
);
const HEALTH_CHECK = defineRule(
  'update-health-check-invalid',
  'error',
  'update#health_check',
  `update health_check is one of ${HEALTH_CHECKS.join(', ')}.`,
);
const CANARY_HOST_VOLUME = defineRule(
  'update-canary-host-volume',
  'warning',
  'update#canary',
  'Canaries of a group with a writable host volume share its data with the live allocation.',
);
const RESTART_MODE = defineRule(
  'restart-mode-invalid',
  'error',
  'restart#mode',
  'restart mode is "delay" or "fail".',
);
const RESTART_ATTEMPTS = defineRule(
  'restart-attempts-negative',
  'error',
  'restart#attempts',
  'restart attempts is 0 or more.',
);
const RESTART_AMBIGUOUS = defineRule(
  'restart-attempts-zero-delay',
  'error',
  'restart#attempts',
  'restart attempts = 0 needs mode = "fail" (Nomad calls attempts 0 with mode "delay" ambiguous).',
);
const RESTART_MIN_INTERVAL = defineRule(
  'restart-interval-minimum',
  'error',
  'restart#interval',
  'restart interval is at least 5s.',
);
const RESTART_WINDOW = defineRule(
  'restart-delay-interval',
  'error',
  'restart#interval',
  'attempts x delay fits within the restart interval.',
);

// A warning: TaskGroup.Validate checks only the group's restart policy; a task's block, merged
// onto it by api Task.Canonicalize, reaches the client unchecked.
const TASK_RESTART = defineRule(
  'restart-task-invalid',
  'warning',
  'restart',
  "A task's restart block, merged onto its group's, would pass the group's restart rules.",
);

/** Defaults Nomad applies to a restart block, by job type. */
const RESTART_DEFAULTS: Readonly<
  Record<string, { attempts: number; delay: number; interval: number }>
> = {
  service: { attempts: 2, delay: 15e9, interval: 30 * 60e9 },
  system: { attempts: 2, delay: 15e9, interval: 30 * 60e9 },
  batch: { attempts: 3, delay: 15e9, interval: 24 * 3600e9 },
  sysbatch: { attempts: 3, delay: 15e9, interval: 24 * 3600e9 },
};

/**
 * Where a group's update values come from: its own block for the fields it sets, else the
 * job's (api TaskGroup.Canonicalize merges the two), so a problem is reported where it is written.
 */
/**
 * The update block a group ends up with: api TaskGroup.Canonicalize merges the group's own onto
 * the job's.
 */
export function mergedUpdate(job: Job, group: Job['group'][number]): Update | undefined {
  return group.update ? { ...job.update, ...group.update } : job.update;
}

export interface UpdateSource {
  /** `job[..].update` */
  readonly job: string;
  /** The group's own block and its path, when it has one. */
  readonly group?: { readonly at: string; readonly own: Update };
}

type Field = keyof Update;

const hcl = (f: Field): string => f.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/** The block a problem with `fields` comes from: the group's when it sets one of them. */
function blockOf(src: UpdateSource, ...fields: Field[]): string {
  const g = src.group;
  return g !== undefined && fields.some((f) => g.own[f] !== undefined) ? g.at : src.job;
}

/** The path of `field`, or of the first of `others` the group sets when it sets `field` not. */
function fieldAt(src: UpdateSource, field: Field, ...others: Field[]): string {
  const g = src.group;
  const set = g && [field, ...others].find((f) => g.own[f] !== undefined);
  return g && set ? `${g.at}.${hcl(set)}` : `${src.job}.${hcl(field)}`;
}

/** Checks the update block a group ends up with (the job's, the group's on top). */
export function checkUpdate(c: JobCtx, u: Update, src: UpdateSource): void {
  const { r } = c;
  if (c.type === 'batch' || c.type === 'sysbatch') {
    r.add(
      ON_BATCH,
      src.group?.at ?? src.job,
      `a ${c.type} job cannot have an update block`,
      'remove the update block: batch work is not rolled out',
    );
  }
  const hc = text(u.healthCheck);
  if (hc !== undefined && !HEALTH_CHECKS.includes(hc)) {
    r.add(
      HEALTH_CHECK,
      fieldAt(src, 'healthCheck'),
      `health_check '${hc}' is not one of ${HEALTH_CHECKS.join(', ')}`,
      'use "checks" to wait for service checks, or "task_states"',
    );
  }
  const canary = numberOf(u.canary);
  if (u.autoPromote === true && (canary === undefined || canary <= 0)) {
    r.add(
      AUTO_PROMOTE,
      fieldAt(src, 'autoPromote', 'canary'),
      'auto_promote is set but there are no canaries',
      'set canary = 1 (or more), or remove auto_promote',
    );
  }
  checkUpdateValues(c, u, src);
  checkDeadlines(c, u, src);
}

/** min_healthy_time < healthy_deadline < progress_deadline (0 disables the last). */
function checkDeadlines(c: JobCtx, u: Update, src: UpdateSource): void {
  const { r } = c;
  const at = (f: Field): string => fieldAt(src, f);
  const min = duration(r, u.minHealthyTime, at('minHealthyTime')) ?? 10e9;
  const healthy = duration(r, u.healthyDeadline, at('healthyDeadline')) ?? 5 * 60e9;
  const progress = duration(r, u.progressDeadline, at('progressDeadline')) ?? 10 * 60e9;
  duration(r, u.stagger, at('stagger'));
  if (min >= healthy) {
    r.add(
      DEADLINES,
      fieldAt(src, 'minHealthyTime', 'healthyDeadline'),
      'min_healthy_time is not below healthy_deadline',
      'make healthy_deadline longer than min_healthy_time',
    );
  } else if (progress !== 0 && healthy >= progress) {
    r.add(
      DEADLINES,
      fieldAt(src, 'healthyDeadline', 'progressDeadline'),
      'healthy_deadline is not below progress_deadline',
      'make progress_deadline longer than healthy_deadline (or 0 to disable it)',
    );
  }
}

function checkUpdateValues(c: JobCtx, u: Update, src: UpdateSource): void {
  const problems = new Map<string, string[]>();
  const add = (f: Field, problem: string): void => {
    const block = blockOf(src, f);
    problems.set(block, [...(problems.get(block) ?? []), problem]);
  };
  for (const f of ['maxParallel', 'canary'] as const) {
    const n = numberOf(u[f]);
    if (n !== undefined && n < 0) add(f, `${hcl(f)} ${n} is negative`);
  }
  for (const f of ['healthyDeadline', 'stagger'] as const) {
    const v = u[f];
    if (typeof v === 'string' && parseDuration(v) === 0) add(f, `${hcl(f)} is 0`);
  }
  for (const [block, list] of problems) {
    c.r.add(
      UPDATE_VALUES,
      block,
      `the update block is invalid: ${list.join('; ')}`,
      'use max_parallel and canary of 0 or more, a healthy_deadline and stagger above 0',
    );
  }
}

type Add = (rule: Rule, path: string, message: string, hint: string) => void;

/** A group's restart block (errors), or a task's merged onto its group's (warnings). */
export function checkRestart(
  r: Report,
  type: string,
  rs: Restart,
  at: string,
  group?: Restart,
): void {
  const add: Add =
    group === undefined
      ? (rule, path, message, hint) => r.add(rule, path, message, hint)
      : (_rule, path, message, hint) =>
          r.add(
            TASK_RESTART,
            path,
            `${message} (Nomad does not check a task's restart block)`,
            hint,
          );
  checkRestartPolicy(r, add, type, group === undefined ? rs : { ...group, ...rs }, at);
}

function checkRestartPolicy(r: Report, add: Add, type: string, rs: Restart, at: string): void {
  const mode = text(rs.mode);
  if (mode !== undefined && !RESTART_MODES.includes(mode)) {
    add(
      RESTART_MODE,
      `${at}.mode`,
      `restart mode '${mode}' is not "delay" or "fail"`,
      'use "fail" to let the scheduler reschedule, or "delay"',
    );
  }
  const attempts = numberOf(rs.attempts);
  if (attempts !== undefined && (attempts < 0 || !Number.isInteger(attempts))) {
    add(
      RESTART_ATTEMPTS,
      `${at}.attempts`,
      `attempts ${attempts} is not a whole number of 0 or more`,
      'use 0 to never restart, or a small number such as 3',
    );
  }
  const d = RESTART_DEFAULTS[type] ?? RESTART_DEFAULTS.service;
  if (attempts === 0 && mode === 'delay') {
    add(
      RESTART_AMBIGUOUS,
      `${at}.attempts`,
      'attempts = 0 with mode = "delay" is ambiguous',
      'set mode = "fail" to never restart, or give attempts a value of 1 or more',
    );
  }
  // RestartPolicy.Validate takes a negative delay (the window check passes) and refuses an
  // interval below 5s, a negative one too: the signs are left to the checks below.
  const delay = signedDuration(r, rs.delay, `${at}.delay`) ?? d.delay;
  const interval = signedDuration(r, rs.interval, `${at}.interval`) ?? d.interval;
  const n = attempts ?? d.attempts;
  if (interval < 5e9) {
    add(
      RESTART_MIN_INTERVAL,
      `${at}.interval`,
      `restart interval ${rs.interval ?? ''} is below Nomad's minimum of 5s`,
      'use an interval of "5s" or more, e.g. "5m"',
    );
  } else if (n > 0 && n * delay > interval) {
    add(
      RESTART_WINDOW,
      `${at}.delay`,
      `${n} attempts with delay ${rs.delay ?? '15s'} do not fit in ${rs.interval === undefined ? 'the default interval' : `interval ${rs.interval}`}`,
      'shorten delay, lower attempts, or lengthen interval',
    );
  }
}

/** Canaries of a group with a writable host volume run beside the live allocation on its data. */
export function checkCanaryVolumes(g: GroupCtx, u: Update, src: UpdateSource): void {
  const canary = numberOf(u.canary);
  if (canary === undefined || canary <= 0) return;
  const writable = arrayOf(g.group.volume).find(
    (v) => v.type === 'host' && v.readOnly !== true && v.perAlloc !== true,
  );
  if (writable) {
    g.r.add(
      CANARY_HOST_VOLUME,
      fieldAt(src, 'canary'),
      `canaries would mount host volume '${writable.name}' together with the running allocation`,
      'use canary = 0 for stateful groups, or make the volume read_only',
    );
  }
}
