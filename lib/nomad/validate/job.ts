import { checkCron } from '../cron';
import { defineRule } from './diagnostic';
import { JobCtx } from './context';
import { arrayOf, numberOf, text, textList } from './values';

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
  'datacenters, when given, lists at least one datacenter (or "*").',
);
const NO_GROUPS = defineRule('job-no-groups', 'error', 'job', 'A job has at least one group.');
const NO_TASKS = defineRule('group-no-tasks', 'error', 'group', 'A group has at least one task.');
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
  const dcs = textList(job.datacenters);
  if (dcs !== undefined && dcs.length === 0) {
    r.add(
      DATACENTERS,
      `${at}.datacenters`,
      'datacenters is an empty list',
      'list a datacenter, e.g. ["dc1"], or "*" for all; or drop the attribute',
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
  for (const g of arrayOf(job.group)) {
    const gAt = `${at}.group[${g.name}]`;
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
  const batchLike = c.type === 'batch' || c.type === 'sysbatch';
  if (job.periodic) {
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
