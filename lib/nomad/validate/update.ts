import { Reschedule, Restart, Update } from '../model';
import { defineRule, Report } from './diagnostic';
import { GroupCtx, JobCtx } from './context';
import { arrayOf, duration, numberOf, text } from './values';

const HEALTH_CHECKS = ['checks', 'task_states', 'manual'];
const RESTART_MODES = ['delay', 'fail'];
const DELAY_FUNCTIONS = ['constant', 'exponential', 'fibonacci'];

const ON_BATCH = defineRule(
  'update-on-batch',
  'warning',
  'update',
  'update has no effect on batch and sysbatch jobs.',
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
const RESTART_WINDOW = defineRule(
  'restart-delay-interval',
  'error',
  'restart#interval',
  'attempts x delay fits within the restart interval.',
);
const DELAY_FUNCTION = defineRule(
  'reschedule-delay-function-invalid',
  'error',
  'reschedule#delay_function',
  `reschedule delay_function is one of ${DELAY_FUNCTIONS.join(', ')}.`,
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

/** Checks an `update` block of the job (`g` unset) or of a group. */
export function checkUpdate(c: JobCtx, u: Update, at: string): void {
  const { r } = c;
  if (c.type === 'batch' || c.type === 'sysbatch') {
    r.add(ON_BATCH, at, `update is ignored on ${c.type} jobs`, 'remove the update block');
  }
  const hc = text(u.healthCheck);
  if (hc !== undefined && !HEALTH_CHECKS.includes(hc)) {
    r.add(
      HEALTH_CHECK,
      `${at}.health_check`,
      `health_check '${hc}' is not one of ${HEALTH_CHECKS.join(', ')}`,
      'use "checks" to wait for service checks, or "task_states"',
    );
  }
  const canary = numberOf(u.canary);
  if (u.autoPromote === true && (canary === undefined || canary <= 0)) {
    r.add(
      AUTO_PROMOTE,
      `${at}.auto_promote`,
      'auto_promote is set but there are no canaries',
      'set canary = 1 (or more), or remove auto_promote',
    );
  }
  const min = duration(r, u.minHealthyTime, `${at}.min_healthy_time`) ?? 10e9;
  const healthy = duration(r, u.healthyDeadline, `${at}.healthy_deadline`) ?? 5 * 60e9;
  const progress = duration(r, u.progressDeadline, `${at}.progress_deadline`) ?? 10 * 60e9;
  duration(r, u.stagger, `${at}.stagger`);
  if (min >= healthy) {
    r.add(
      DEADLINES,
      `${at}.min_healthy_time`,
      'min_healthy_time is not below healthy_deadline',
      'make healthy_deadline longer than min_healthy_time',
    );
  } else if (progress !== 0 && healthy >= progress) {
    r.add(
      DEADLINES,
      `${at}.healthy_deadline`,
      'healthy_deadline is not below progress_deadline',
      'make progress_deadline longer than healthy_deadline (or 0 to disable it)',
    );
  }
}

export function checkRestart(r: Report, type: string, rs: Restart, at: string): void {
  const mode = text(rs.mode);
  if (mode !== undefined && !RESTART_MODES.includes(mode)) {
    r.add(
      RESTART_MODE,
      `${at}.mode`,
      `restart mode '${mode}' is not "delay" or "fail"`,
      'use "fail" to let the scheduler reschedule, or "delay"',
    );
  }
  const attempts = numberOf(rs.attempts);
  if (attempts !== undefined && (attempts < 0 || !Number.isInteger(attempts))) {
    r.add(
      RESTART_ATTEMPTS,
      `${at}.attempts`,
      `attempts ${attempts} is not a whole number of 0 or more`,
      'use 0 to never restart, or a small number such as 3',
    );
  }
  const d = RESTART_DEFAULTS[type] ?? RESTART_DEFAULTS.service;
  const delay = duration(r, rs.delay, `${at}.delay`) ?? d.delay;
  const interval = duration(r, rs.interval, `${at}.interval`) ?? d.interval;
  const n = attempts ?? d.attempts;
  if (n > 0 && n * delay > interval) {
    r.add(
      RESTART_WINDOW,
      `${at}.delay`,
      `${n} attempts with delay ${rs.delay ?? '15s'} do not fit in interval ${rs.interval ?? 'default'}`,
      'shorten delay, lower attempts, or lengthen interval',
    );
  }
}

export function checkReschedule(r: Report, rs: Reschedule, at: string): void {
  const fn = text(rs.delayFunction);
  if (fn !== undefined && !DELAY_FUNCTIONS.includes(fn)) {
    r.add(
      DELAY_FUNCTION,
      `${at}.delay_function`,
      `delay_function '${fn}' is not one of ${DELAY_FUNCTIONS.join(', ')}`,
      'use "exponential" (the service default) or "constant"',
    );
  }
  duration(r, rs.interval, `${at}.interval`);
  duration(r, rs.delay, `${at}.delay`);
  duration(r, rs.maxDelay, `${at}.max_delay`);
}

/** Canaries of a group with a writable host volume run beside the live allocation on its data. */
export function checkCanaryVolumes(g: GroupCtx, u: Update, at: string): void {
  const canary = numberOf(u.canary);
  if (canary === undefined || canary <= 0) return;
  const writable = arrayOf(g.group.volume).find(
    (v) => v.type === 'host' && v.readOnly !== true && v.perAlloc !== true,
  );
  if (writable) {
    g.r.add(
      CANARY_HOST_VOLUME,
      `${at}.canary`,
      `canaries would mount host volume '${writable.name}' together with the running allocation`,
      'use canary = 0 for stateful groups, or make the volume read_only',
    );
  }
}
