import { MigrateStrategy, Reschedule } from '../model';
import { defineRule } from './diagnostic';
import { GroupCtx } from './context';
import { duration, numberOf, signedDuration, text } from './values';

// Nomad checks the policy a group ends up with: the job's block, the group's on top of it, and
// the defaults of the job type for what neither sets. These rules do the same.

const DELAY_FUNCTIONS = ['constant', 'exponential', 'fibonacci'];
const SECOND = 1e9;
/** Nomad's floors for a reschedule policy. */
const MIN_DELAY = 5 * SECOND;
const MIN_INTERVAL = 15 * SECOND;

const DELAY_FUNCTION = defineRule(
  'reschedule-delay-function-invalid',
  'error',
  'reschedule#delay_function',
  `reschedule delay_function is one of ${DELAY_FUNCTIONS.join(', ')}.`,
);
const AMBIGUOUS = defineRule(
  'reschedule-attempts-unlimited',
  'error',
  'reschedule#unlimited',
  'A reschedule policy with attempts > 0 is not also unlimited (Nomad calls it ambiguous).',
);
const TIMING = defineRule(
  'reschedule-timing',
  'error',
  'reschedule#delay',
  'reschedule delay and max_delay are at least 5s, max_delay is not below delay, a limited policy has an interval of at least 15s that fits its attempts.',
);
const NOT_ALLOWED = defineRule(
  'reschedule-on-system',
  'error',
  'reschedule',
  'system and sysbatch jobs have no reschedule block.',
);
const MIGRATE_TYPE = defineRule(
  'migrate-job-type',
  'error',
  'migrate',
  'migrate is only for service jobs.',
);
const MIGRATE = defineRule(
  'migrate-invalid',
  'error',
  'migrate',
  'migrate max_parallel is 0 or more, health_check is "checks" or "task_states", min_healthy_time is not above healthy_deadline.',
);

interface Policy {
  attempts: number;
  interval: number;
  delay: number;
  fn: string;
  maxDelay: number;
  unlimited: boolean;
}

/** What Nomad fills in for a field neither the job nor the group sets. */
const DEFAULT_POLICY: Readonly<Record<string, Policy>> = {
  service: {
    attempts: 0,
    interval: 0,
    delay: 30 * SECOND,
    fn: 'exponential',
    maxDelay: 3600 * SECOND,
    unlimited: true,
  },
  batch: {
    attempts: 1,
    interval: 24 * 3600 * SECOND,
    delay: 5 * SECOND,
    fn: 'constant',
    maxDelay: 0,
    unlimited: false,
  },
};

/** The reschedule policy of a group (job block, group block, type defaults), as Nomad checks it. */
export function checkGroupReschedule(g: GroupCtx): void {
  const own = g.group.reschedule;
  const inherited = g.job.reschedule;
  if (own === undefined && inherited === undefined) return;
  const at = own !== undefined ? `${g.groupAt}.reschedule` : `${g.at}.reschedule`;
  if (g.type === 'system' || g.type === 'sysbatch') {
    g.r.add(
      NOT_ALLOWED,
      at,
      `a ${g.type} job cannot have a reschedule block`,
      'remove the reschedule block: system jobs run on every node and are not rescheduled',
    );
    return;
  }
  const merged: Reschedule = { ...inherited, ...own };
  const p = effective(g, merged, at);
  if (p === undefined) return;
  if (p.attempts > 0 && p.unlimited) {
    g.r.add(
      AMBIGUOUS,
      `${at}.unlimited`,
      `attempts = ${p.attempts} together with unlimited = true is ambiguous`,
      'set unlimited = false to keep the attempts, or drop attempts for unlimited rescheduling',
    );
  }
  checkTiming(g, p, at);
}

function effective(g: GroupCtx, rs: Reschedule, at: string): Policy | undefined {
  const d = DEFAULT_POLICY[g.type] ?? DEFAULT_POLICY.service;
  const attempts = rs.attempts === undefined ? d.attempts : numberOf(rs.attempts);
  const unlimited = rs.unlimited === undefined ? d.unlimited : rs.unlimited;
  const interval = policyDuration(g, rs.interval, `${at}.interval`, d.interval);
  const delay = policyDuration(g, rs.delay, `${at}.delay`, d.delay);
  const maxDelay = policyDuration(g, rs.maxDelay, `${at}.max_delay`, d.maxDelay);
  if (attempts === undefined || typeof unlimited !== 'boolean') return undefined;
  // ReschedulePolicy.Validate checks nothing of a policy that never reschedules.
  if (!(attempts > 0 || unlimited)) return undefined;
  const fn = text(rs.delayFunction) ?? d.fn;
  if (!DELAY_FUNCTIONS.includes(fn)) {
    g.r.add(
      DELAY_FUNCTION,
      `${at}.delay_function`,
      `delay_function '${fn}' is not one of ${DELAY_FUNCTIONS.join(', ')}`,
      'use "exponential" (the service default) or "constant"',
    );
    return undefined;
  }
  if (interval === undefined || delay === undefined || maxDelay === undefined) return undefined;
  return { attempts, interval, delay, fn, maxDelay, unlimited };
}

function orDefault(g: GroupCtx, v: unknown, path: string, d: number): number | undefined {
  return v === undefined ? d : duration(g.r, v, path);
}

/**
 * A reschedule duration: ReschedulePolicy.Validate checks its value only where it matters (a
 * delay of an enabled policy, an interval of a limited one), so a negative one may pass.
 */
function policyDuration(g: GroupCtx, v: unknown, path: string, d: number): number | undefined {
  return v === undefined ? d : signedDuration(g.r, v, path);
}

function checkTiming(g: GroupCtx, p: Policy, at: string): void {
  const problems: string[] = [];
  if (p.delay < MIN_DELAY) problems.push('delay is below 5s');
  if (p.fn !== 'constant') {
    if (p.maxDelay < MIN_DELAY) problems.push(`max_delay is below 5s (delay_function ${p.fn})`);
    else if (p.maxDelay < p.delay) problems.push('max_delay is below delay');
  }
  if (!p.unlimited) {
    if (p.interval < MIN_INTERVAL) problems.push('interval is below 15s');
    else if (problems.length === 0) {
      const needed = intervalNeeded(p);
      if (p.interval < needed)
        problems.push(
          `${p.attempts} attempts need an interval of at least ${Math.ceil(needed / SECOND)}s`,
        );
    }
  }
  if (problems.length === 0) return;
  g.r.add(
    TIMING,
    at,
    `the reschedule policy is not viable: ${problems.join('; ')}`,
    'use delay and max_delay of 5s or more, and an interval long enough for every attempt',
  );
}

/**
 * The shortest interval that holds every attempt: the delay of the last attempt (constant:
 * attempts x delay; exponential: the delays doubling, capped at max_delay and summed past it;
 * fibonacci: the sequence, capped then growing by max_delay).
 */
function intervalNeeded(p: Policy): number {
  if (p.fn === 'constant') return p.attempts * p.delay;
  if (p.fn === 'exponential') {
    let needed = 0;
    for (let i = 0; i < p.attempts; i++) {
      const next = 2 ** i * p.delay;
      needed = next > p.maxDelay ? needed + p.maxDelay : next;
    }
    // Nomad counts an attempt only when its delay is strictly inside the interval.
    return needed + 1;
  }
  const slots = [p.delay, p.delay];
  let capped = false;
  for (let i = 2; i < p.attempts; i++) {
    let next = capped ? slots[i - 1] + p.maxDelay : slots[i - 1] + slots[i - 2];
    if (!capped && next > p.maxDelay) {
      next = p.maxDelay;
      capped = true;
    }
    slots.push(next);
  }
  return slots[Math.max(p.attempts, 2) - 1];
}

/** A group's migrate block (the job's, then the group's on top) on a service job. */
export function checkGroupMigrate(g: GroupCtx): void {
  const own = g.group.migrate;
  const inherited = g.job.migrate;
  if (own === undefined && inherited === undefined) return;
  const at = own !== undefined ? `${g.groupAt}.migrate` : `${g.at}.migrate`;
  if (g.type !== 'service') {
    g.r.add(
      MIGRATE_TYPE,
      at,
      `a ${g.type} job cannot have a migrate block`,
      'remove the migrate block: only service jobs are migrated off draining nodes',
    );
    return;
  }
  const m: MigrateStrategy = { ...inherited, ...own };
  const problems: string[] = [];
  const max = numberOf(m.maxParallel);
  if (max !== undefined && max < 0) problems.push(`max_parallel ${max} is negative`);
  const hc = m.healthCheck === undefined ? 'checks' : text(m.healthCheck);
  if (hc !== undefined && hc !== 'checks' && hc !== 'task_states') {
    if (hc !== '' || (max ?? 1) > 0)
      problems.push(`health_check '${hc}' is not checks or task_states`);
  }
  const min = orDefault(g, m.minHealthyTime, `${at}.min_healthy_time`, 10 * SECOND);
  const deadline = orDefault(g, m.healthyDeadline, `${at}.healthy_deadline`, 300 * SECOND);
  if (min !== undefined && deadline !== undefined && min > deadline)
    problems.push('min_healthy_time is above healthy_deadline');
  if (problems.length === 0) return;
  g.r.add(
    MIGRATE,
    at,
    `the migrate block is invalid: ${problems.join('; ')}`,
    'use max_parallel >= 0, health_check "checks" or "task_states", min_healthy_time below healthy_deadline',
  );
}
