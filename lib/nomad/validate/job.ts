import { checkCron } from '../cron';
import { defineRule } from './diagnostic';
import { Group } from '../model';
import { JobCtx } from './context';
import { arrayOf, numberOf, signedDuration, text, textList } from './values';

const TYPES = ['service', 'batch', 'system', 'sysbatch'];
const PAYLOADS = ['optional', 'required', 'forbidden'];

export const VARIABLE_UNRESOLVED = defineRule(
  'variable-unresolved',
  'error',
  'hcl2/variables',
  'Every var.x used has a value: given with -var or a default, and of the right type.',
);
const TYPE = defineRule(
  'job-type-invalid',
  'error',
  'job#type',
  `Job type is one of ${TYPES.join(', ')}.`,
);
const PRIORITY = defineRule(
  'job-priority-range',
  'error',
  'job#priority',
  'Job priority is between 1 and 100.',
);
const DATACENTERS = defineRule(
  'job-datacenters-empty',
  'error',
  'job#datacenters',
  'Every datacenter named is a non-empty name (an empty list means all of them, like ["*"]).',
);
const NO_GROUPS = defineRule('job-no-groups', 'error', 'job', 'A job has at least one group.');
const NO_TASKS = defineRule('group-no-tasks', 'error', 'group', 'A group has at least one task.');
const SYSTEM_COUNT = defineRule(
  'system-group-count',
  'error',
  'group#count',
  'A group of a system job has count 0 or 1 (one allocation per node).',
);
const SYSTEM_PLACEMENT = defineRule(
  'system-affinity-spread',
  'error',
  'affinity',
  'system jobs have no affinity or spread blocks (they run on every eligible node).',
);
const NO_MAIN = defineRule(
  'group-no-main-task',
  'error',
  'lifecycle',
  'A group has at least one main task (a task without a lifecycle hook).',
);
const MAX_RUN = defineRule(
  'group-max-run-duration-type',
  'error',
  'group#max_run_duration',
  'max_run_duration is only for batch and sysbatch jobs.',
);
const MAX_RUN_POSITIVE = defineRule(
  'group-max-run-duration-positive',
  'error',
  'group#max_run_duration',
  'max_run_duration is above 0.',
);
const COUNT = defineRule(
  'group-count-negative',
  'error',
  'group#count',
  'Group count is 0 or more.',
);
const CRON = defineRule(
  'periodic-cron-invalid',
  'error',
  'periodic',
  'periodic crons are valid cron expressions.',
);
const PERIODIC_TYPE = defineRule(
  'periodic-job-type',
  'error',
  'periodic',
  'periodic and parameterized are only for batch and sysbatch jobs.',
);
const PAYLOAD = defineRule(
  'parameterized-payload-invalid',
  'error',
  'parameterized',
  `parameterized payload is one of ${PAYLOADS.join(', ')}.`,
);

export function checkJob(c: JobCtx): void {
  const { r, job, at } = c;
  const type = text(job.type);
  if (type !== undefined && !TYPES.includes(type)) {
    r.add(
      TYPE,
      `${at}.type`,
      `job type '${type}' is not one of ${TYPES.join(', ')}`,
      'use "service" for a long-running gateway, "batch" for one-off work',
    );
  }
  const prio = numberOf(job.priority);
  if (prio !== undefined && (!Number.isInteger(prio) || prio < 1 || prio > 100)) {
    r.add(
      PRIORITY,
      `${at}.priority`,
      `priority ${prio} is outside 1..100`,
      'use an integer from 1 to 100 (default 50)',
    );
  }
  // No check of an empty list: Nomad's Job.Canonicalize makes it ["*"] before Validate runs.
  if (textList(job.datacenters)?.includes('')) {
    r.add(
      DATACENTERS,
      `${at}.datacenters`,
      'datacenters lists an empty name',
      'remove the empty name, or list "*" for all datacenters',
    );
  }
  if (arrayOf(job.group).length === 0) {
    r.add(
      NO_GROUPS,
      at,
      `job '${job.name}' has no group`,
      'add a group block with at least one task',
    );
  }
  checkSystemPlacement(c);
  for (const g of arrayOf(job.group)) {
    const gAt = `${at}.group[${g.name}]`;
    checkGroupShape(c, g, gAt);
    if (arrayOf(g.task).length === 0)
      r.add(NO_TASKS, gAt, `group '${g.name}' has no task`, 'add a task block to the group');
    const count = numberOf(g.count);
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      r.add(
        COUNT,
        `${gAt}.count`,
        `count ${count} is not a whole number of 0 or more`,
        'set count to the number of instances, e.g. 1',
      );
    }
  }
  checkBatchBlocks(c);
}

/** periodic (with valid crons) and parameterized (with a known payload) only on batch jobs. */
function checkBatchBlocks(c: JobCtx): void {
  const { r, job, at } = c;
  const batchLike = c.type === 'batch' || c.type === 'sysbatch';
  // Job.Validate and PeriodicConfig.Validate skip a periodic block with enabled = false.
  if (job.periodic && job.periodic.enabled !== false) {
    const crons = job.periodic.crons;
    const all = [
      ...(job.periodic.cron !== undefined ? [job.periodic.cron] : []),
      ...(Array.isArray(crons) ? (crons as readonly unknown[]) : []),
    ];
    all.forEach((cron, i) => {
      const t = text(cron);
      const err = t === undefined ? null : checkCron(t);
      if (err)
        r.add(
          CRON,
          `${at}.periodic.crons[${i}]`,
          `'${t}' is not a valid cron expression: ${err}`,
          'write 5 fields "minute hour day month weekday", e.g. "0 3 * * *", or @daily',
        );
    });
    if (!batchLike) {
      r.add(
        PERIODIC_TYPE,
        `${at}.periodic`,
        `periodic is set on a ${c.type} job`,
        'set type = "batch" (or "sysbatch"), or remove the periodic block',
      );
    }
  }
  if (job.parameterized) {
    if (!batchLike) {
      r.add(
        PERIODIC_TYPE,
        `${at}.parameterized`,
        `parameterized is set on a ${c.type} job`,
        'set type = "batch" (or "sysbatch"), or remove the parameterized block',
      );
    }
    const p = text(job.parameterized.payload);
    if (p !== undefined && !PAYLOADS.includes(p)) {
      r.add(
        PAYLOAD,
        `${at}.parameterized.payload`,
        `payload '${p}' is not one of ${PAYLOADS.join(', ')}`,
        'use "optional" (the default), "required" or "forbidden"',
      );
    }
  }
}

function checkGroupShape(c: JobCtx, g: Group, gAt: string): void {
  const count = numberOf(g.count);
  if (c.type === 'system' && count !== undefined && count > 1) {
    c.r.add(
      SYSTEM_COUNT,
      `${gAt}.count`,
      `count ${count} on a system job: the system scheduler places one per node`,
      'remove count (or set 1); use a service job for several per node',
    );
  }
  const tasks = arrayOf(g.task);
  if (tasks.length > 0 && tasks.every((t) => (text(t.lifecycle?.hook) ?? '') !== '')) {
    c.r.add(
      NO_MAIN,
      gAt,
      `every task of group '${g.name}' has a lifecycle hook, so the group has no main task`,
      'remove the lifecycle block from the task that does the work',
    );
  }
  checkMaxRunDuration(c, g, gAt);
  if (g.maxRunDuration !== undefined && c.type !== 'batch' && c.type !== 'sysbatch') {
    c.r.add(
      MAX_RUN,
      `${gAt}.max_run_duration`,
      `max_run_duration is set on a ${c.type} job`,
      'remove it, or make the job a batch job',
    );
  }
}

/** TaskGroup.Validate refuses a max_run_duration of 0 or less. */
function checkMaxRunDuration(c: JobCtx, g: Group, gAt: string): void {
  const ns = signedDuration(c.r, g.maxRunDuration, `${gAt}.max_run_duration`);
  if (ns === undefined || ns > 0) return;
  c.r.add(
    MAX_RUN_POSITIVE,
    `${gAt}.max_run_duration`,
    `max_run_duration ${String(g.maxRunDuration)} is not above 0`,
    'give the longest run time, e.g. "1h", or remove max_run_duration for no limit',
  );
}

/** System jobs run everywhere: Nomad refuses affinity and spread at any level. */
function checkSystemPlacement(c: JobCtx): void {
  if (c.type !== 'system') return;
  const places: { at: string; block: { affinity?: unknown; spread?: unknown } }[] = [
    { at: c.at, block: c.job },
  ];
  for (const g of arrayOf(c.job.group)) {
    const gAt = `${c.at}.group[${g.name}]`;
    places.push({ at: gAt, block: g });
    for (const t of arrayOf(g.task)) places.push({ at: `${gAt}.task[${t.name}]`, block: t });
  }
  for (const { at, block } of places) {
    for (const key of ['affinity', 'spread'] as const) {
      if (block[key] === undefined) continue;
      c.r.add(
        SYSTEM_PLACEMENT,
        `${at}.${key}`,
        `a system job cannot have a ${key} block`,
        `remove the ${key} block (use a constraint to pick nodes)`,
      );
    }
  }
}
