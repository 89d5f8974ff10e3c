import { defineRule } from './diagnostic';
import { GroupCtx } from './context';
import { arrayOf, numberOf, text } from './values';
import { parseDuration } from '../duration';

// Warnings Nomad's server returns when it registers a job (`nomad job run` prints them): the
// job is accepted, but it will not behave the way it reads.

const SHUTDOWN_DELAY = defineRule(
  'service-shutdown-delay-missing',
  'warning',
  'group#shutdown_delay',
  'A group with services sets shutdown_delay (on the group, or on the task a service belongs to), so Consul stops routing before the task is stopped.',
);
const MEMORY_MAX = defineRule(
  'memory-max-ignored',
  'warning',
  'resources#memory_max',
  'memory_max is set only where the cluster enables memory oversubscription (off by default): elsewhere Nomad ignores it.',
);

const HINT_DELAY =
  'set shutdown_delay (e.g. "5s", longer than Consul takes to drop the instance from its catalog)';

function positive(v: unknown): boolean {
  const t = text(v);
  if (t === undefined) return v !== undefined; // a variable: assume it is set
  const ns = parseDuration(t);
  return ns !== null && ns > 0;
}

/**
 * Nomad's shutdown_delay warnings: a service of a task needs that task's delay; a group service
 * bound to a task (`task = "x"`) needs x's; a Connect sidecar task needs its own; any other group
 * service needs the group's delay or any task's.
 */
export function checkShutdownDelay(g: GroupCtx): void {
  const { group, groupAt, r } = g;
  const tasks = arrayOf(group.task);
  const bound = new Set<string>();
  let unscoped = false;
  arrayOf(group.service).forEach((s, i) => {
    const task = text(s.task);
    if (task !== undefined && task !== '') bound.add(task);
    else if (s.connect?.sidecarTask !== undefined) {
      if (s.connect.sidecarTask.shutdownDelay === undefined)
        r.add(
          SHUTDOWN_DELAY,
          `${groupAt}.service[${i}].connect.sidecar_task.shutdown_delay`,
          `service '${text(s.name) ?? ''}' defines a Connect sidecar task without shutdown_delay`,
          HINT_DELAY,
        );
    } else unscoped = true;
  });
  for (const t of tasks) {
    const has = positive(t.shutdownDelay);
    const at = `${groupAt}.task[${t.name}].shutdown_delay`;
    if (bound.has(t.name) && !has)
      r.add(
        SHUTDOWN_DELAY,
        at,
        `a group service names task '${t.name}', which has no shutdown_delay`,
        HINT_DELAY,
      );
    if (!has && arrayOf(t.service).length > 0)
      r.add(
        SHUTDOWN_DELAY,
        at,
        `task '${t.name}' defines services but has no shutdown_delay`,
        HINT_DELAY,
      );
  }
  if (unscoped && !positive(group.shutdownDelay) && !tasks.some((t) => positive(t.shutdownDelay)))
    r.add(
      SHUTDOWN_DELAY,
      `${groupAt}.shutdown_delay`,
      `group '${group.name}' defines services, but neither it nor any of its tasks sets shutdown_delay`,
      HINT_DELAY,
    );
}

/** Nomad's warning for memory_max on a cluster without memory oversubscription. */
export function checkMemoryMax(g: GroupCtx, memoryOversubscription: boolean): void {
  if (memoryOversubscription) return;
  for (const t of arrayOf(g.group.task)) {
    const max = t.resources?.memoryMax;
    if (max === undefined || numberOf(max) === 0) continue;
    g.r.add(
      MEMORY_MAX,
      `${g.groupAt}.task[${t.name}].resources.memory_max`,
      'memory oversubscription is not enabled, so Nomad ignores memory_max',
      'remove memory_max (memory is the limit), or enable memory oversubscription in the cluster (validate --memory-oversubscription)',
    );
  }
}
