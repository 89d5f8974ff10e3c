import { defineRule } from './diagnostic';
import { GroupCtx, JobCtx } from './context';
import { mergedUpdate } from './update';
import { arrayOf, numberOf, signedDuration, text } from './values';

// Group blocks TaskGroup.Validate checks on their own (disconnect, ephemeral_disk), and the
// job-register warnings of TaskGroup.Warnings and Job.Warnings about groups.

const RECONCILE = ['best_score', 'longest_running', 'keep_original', 'keep_replacement'];

// DisconnectStrategy.Validate.
const DISCONNECT = defineRule(
  'disconnect-invalid',
  'error',
  'disconnect',
  `disconnect lost_after and stop_on_client_after are not negative and not both set; stop_on_client_after is for service and batch jobs; reconcile is one of ${RECONCILE.join(', ')}.`,
);
// TaskGroup.Warnings; the agent's ApiTgToStructsTG does not even copy these fields.
const DEPRECATED = defineRule(
  'group-disconnect-deprecated',
  'warning',
  'disconnect',
  'max_client_disconnect, stop_after_client_disconnect and prevent_reschedule_on_lost are ignored: the disconnect block replaces them.',
);
// EphemeralDisk.Validate.
const EPHEMERAL_DISK = defineRule(
  'ephemeral-disk-size',
  'error',
  'ephemeral_disk#size',
  'ephemeral_disk size is at least 10 MB.',
);
// TaskGroup.Warnings.
const MAX_PARALLEL = defineRule(
  'update-max-parallel-above-count',
  'warning',
  'update#max_parallel',
  'update max_parallel is not above the group count (a destructive change would replace every allocation at once).',
);
// Job.Warnings.
const AUTO_PROMOTE_MIXED = defineRule(
  'update-auto-promote-mixed',
  'warning',
  'update#auto_promote',
  'auto_promote is set on every group with canaries, or on none (Nomad promotes only when all allow it).',
);

/** The deprecated group fields and what replaces each. */
const REPLACED: readonly (readonly [
  'maxClientDisconnect' | 'stopAfterClientDisconnect' | 'preventRescheduleOnLost',
  string,
  string,
])[] = [
  ['maxClientDisconnect', 'max_client_disconnect', 'lost_after'],
  ['stopAfterClientDisconnect', 'stop_after_client_disconnect', 'stop_on_client_after'],
  ['preventRescheduleOnLost', 'prevent_reschedule_on_lost', 'replace'],
];

/** DisconnectStrategy.Validate, and the fields it replaced (TaskGroup.Warnings). */
export function checkDisconnect(g: GroupCtx): void {
  for (const [key, hcl, now] of REPLACED) {
    if (g.group[key] === undefined) continue;
    g.r.add(
      DEPRECATED,
      `${g.groupAt}.${hcl}`,
      `${hcl} is deprecated and ignored: Nomad does not send it to the scheduler`,
      `use disconnect { ${now} = ... } instead`,
    );
  }
  const d = g.group.disconnect;
  if (d === undefined) return;
  const at = `${g.groupAt}.disconnect`;
  const bad = (field: string, message: string, hint: string): void =>
    g.r.add(DISCONNECT, `${at}.${field}`, message, hint);
  const stop = signedDuration(g.r, d.stopOnClientAfter, `${at}.stop_on_client_after`);
  const lost = signedDuration(g.r, d.lostAfter, `${at}.lost_after`);
  if (stop !== undefined && stop < 0)
    bad(
      'stop_on_client_after',
      `stop_on_client_after ${String(d.stopOnClientAfter)} is negative`,
      'use a duration of 0 or more, e.g. "1m"',
    );
  if (d.stopOnClientAfter !== undefined && g.type !== 'service' && g.type !== 'batch')
    bad(
      'stop_on_client_after',
      `stop_on_client_after is set on a ${g.type} job`,
      'remove it: only service and batch allocations stop on a disconnected client',
    );
  if (lost !== undefined && lost < 0)
    bad(
      'lost_after',
      `lost_after ${String(d.lostAfter)} is negative`,
      'use a duration of 0 or more, e.g. "1h"',
    );
  if (d.stopOnClientAfter !== undefined && lost !== undefined && lost !== 0)
    bad(
      'lost_after',
      'lost_after and stop_on_client_after are both set',
      'keep one: lost_after keeps allocations running, stop_on_client_after stops them',
    );
  const reconcile = text(d.reconcile);
  if (reconcile !== undefined && reconcile !== '' && !RECONCILE.includes(reconcile))
    bad(
      'reconcile',
      `reconcile '${reconcile}' is not one of ${RECONCILE.join(', ')}`,
      'use "best_score" (the default) or "keep_original"',
    );
}

/** EphemeralDisk.Validate: api EphemeralDisk.Canonicalize makes a missing size 300. */
export function checkEphemeralDisk(g: GroupCtx): void {
  const size = numberOf(g.group.ephemeralDisk?.size);
  if (size === undefined || size >= 10) return;
  g.r.add(
    EPHEMERAL_DISK,
    `${g.groupAt}.ephemeral_disk.size`,
    `ephemeral_disk size ${size} MB is below Nomad's minimum of 10 MB`,
    'use a size of 10 or more, or drop size for the default 300 MB',
  );
}

/** TaskGroup.Warnings: max_parallel of the group's update block above a count of 2 or more. */
export function checkMaxParallel(g: GroupCtx, maxParallel: unknown, at: string): void {
  const max = numberOf(maxParallel);
  const count =
    g.group.count === undefined ? (numberOf(g.group.scaling?.min) ?? 1) : numberOf(g.group.count);
  if (max === undefined || count === undefined || count <= 1 || max <= count) return;
  g.r.add(
    MAX_PARALLEL,
    at,
    `max_parallel ${max} is above the group count ${count}: a destructive change replaces every allocation at once`,
    `lower max_parallel to at most ${count}`,
  );
}

/** Job.Warnings: when one group auto-promotes, every group with canaries must. */
export function checkAutoPromote(c: JobCtx): void {
  const groups = arrayOf(c.job.group).map((g) => {
    const u = mergedUpdate(c.job, g);
    const at = g.update ? `${c.at}.group[${g.name}].update` : `${c.at}.update`;
    return { u, at };
  });
  if (!groups.some(({ u }) => u?.autoPromote === true)) return;
  for (const { u, at } of groups) {
    if (u === undefined || u.autoPromote === true || (numberOf(u.canary) ?? 0) === 0) continue;
    c.r.add(
      AUTO_PROMOTE_MIXED,
      at,
      'this update block has canaries without auto_promote while another group auto-promotes: Nomad promotes the deployment only when every group allows it',
      'set auto_promote = true here too, or on no group',
    );
  }
}
