import { Resources } from '../model';
import { defineRule } from './diagnostic';
import { TaskCtx } from './context';
import { checkScheduling } from './scheduling';
import { arrayOf, numberOf, text, textList } from './values';

/** api.DefaultResources: the memory a task gets when it asks for none. */
const DEFAULT_MEMORY_MB = 300;
const NUMA_AFFINITIES = ['none', 'prefer', 'require'];

// Resources.Validate (nomad/structs/structs.go), called by Task.Validate.
const CPU_CORES = defineRule(
  'resources-cpu-and-cores',
  'error',
  'resources#cores',
  'A task asks for cpu or cores, not both.',
);
const POSITIVE = defineRule(
  'resources-positive',
  'error',
  'resources',
  'cpu (unless cores are set) and memory are positive; cores is not negative.',
);
const MEMORY_MIN = defineRule(
  'resources-memory-minimum',
  'error',
  'resources#memory',
  'memory is at least 10 MB.',
);
const MEMORY_MAX = defineRule(
  'resources-memory-max-below',
  'error',
  'resources#memory_max',
  'memory_max is not below memory (0 and -1, no limit, aside).',
);
const SECRETS = defineRule(
  'resources-secrets',
  'error',
  'resources#secrets',
  'secrets is 0 or more and not above memory.',
);
const NUMA = defineRule(
  'resources-numa',
  'error',
  'resources#numa',
  `numa affinity is one of ${NUMA_AFFINITIES.join(', ')}; numa devices are devices the task asks for.`,
);
// A warning: the agent's HTTP API drops them (ApiResourcesToStructs), so they do nothing.
const IGNORED = defineRule(
  'resources-ignored',
  'warning',
  'resources',
  "A task's resources have no disk or iops: Nomad drops both (the group's ephemeral_disk sets the disk).",
);

/** Positive figures, cpu or cores (not both), Nomad's memory minimum, memory_max above memory. */
export function checkResources(c: TaskCtx): void {
  const { r, task, taskAt: at } = c;
  const res = task.resources;
  if (!res) return;
  const rAt = `${at}.resources`;
  // Resources.Validate: cores only may not be negative (0 is the default); cpu needs 1 MHz
  // unless cores are asked for; memory needs its minimum (below).
  const cores = res.cores === undefined ? 0 : numberOf(res.cores);
  const figures = [
    ['cpu', res.cpu, cores === 0 ? 1 : undefined],
    ['cores', res.cores, 0],
    ['memory', res.memory, 1],
  ] as const;
  for (const [key, v, least] of figures) {
    const n = numberOf(v);
    if (n !== undefined && least !== undefined && n < least)
      r.add(
        POSITIVE,
        `${rAt}.${key}`,
        `${key} is ${n}`,
        `give ${key} a ${least === 0 ? 'value of 0 or more' : 'positive value'} (drop it for Nomad's default)`,
      );
  }
  if ((numberOf(res.cpu) ?? 0) > 0 && (numberOf(res.cores) ?? 0) > 0) {
    r.add(
      CPU_CORES,
      `${rAt}.cores`,
      'both cpu and cores are set',
      'keep cores for whole reserved cores, or cpu for MHz shares',
    );
  }
  const mem = numberOf(res.memory);
  if (mem !== undefined && mem > 0 && mem < 10) {
    r.add(
      MEMORY_MIN,
      `${rAt}.memory`,
      `memory ${mem} MB is below Nomad's minimum of 10 MB`,
      'reserve at least 10 MB; an OpenClaw gateway needs several hundred',
    );
  }
  const max = numberOf(res.memoryMax);
  const effective = memoryOf(res);
  // 0 and -1 (no limit) are the sentinels Resources.Validate lets through.
  if (max !== undefined && effective !== undefined && max !== 0 && max !== -1 && max < effective) {
    r.add(
      MEMORY_MAX,
      `${rAt}.memory_max`,
      `memory_max ${max} MB is below memory ${effective} MB`,
      `raise memory_max to at least ${effective}, or lower memory`,
    );
  }
  checkSecrets(c, res, rAt);
  checkDevices(c, res, rAt);
  checkIgnored(c, res, rAt);
}

/** The memory the task gets (Nomad's default when unset); undefined when not known here. */
function memoryOf(res: Resources): number | undefined {
  return res.memory === undefined ? DEFAULT_MEMORY_MB : numberOf(res.memory);
}

function checkSecrets(c: TaskCtx, res: Resources, rAt: string): void {
  const secrets = numberOf(res.secrets);
  const memory = memoryOf(res);
  if (secrets === undefined) return;
  if (secrets >= 0 && (memory === undefined || secrets <= memory)) return;
  c.r.add(
    SECRETS,
    `${rAt}.secrets`,
    secrets < 0
      ? `secrets is ${secrets} MB`
      : `secrets ${secrets} MB is above memory ${memory} MB (the secrets folder is held in memory)`,
    secrets < 0
      ? 'give secrets 0 or more MB'
      : `lower secrets to ${memory} MB or less, or raise memory`,
  );
}

/** Devices and the numa block that places them (RequestedDevice.Validate, NUMA.Validate). */
function checkDevices(c: TaskCtx, res: Resources, rAt: string): void {
  const names = new Set<string>();
  for (const d of arrayOf(res.device)) {
    names.add(d.name);
    // Constraint and affinity rules, and no distinct_* operators (as in a task constraint).
    checkScheduling(c.r, `${rAt}.device[${d.name}]`, d, true);
  }
  if (res.numa === undefined) return;
  const affinity = text(res.numa.affinity);
  if (affinity !== undefined && affinity !== '' && !NUMA_AFFINITIES.includes(affinity)) {
    c.r.add(
      NUMA,
      `${rAt}.numa.affinity`,
      `numa affinity '${affinity}' is not one of ${NUMA_AFFINITIES.join(', ')}`,
      'use "prefer" or "require" (or "none", the default)',
    );
  }
  (textList(res.numa.devices) ?? []).forEach((name, i) => {
    if (names.has(name)) return;
    c.r.add(
      NUMA,
      `${rAt}.numa.devices[${i}]`,
      `numa device '${name}' is not a device the task asks for`,
      names.size > 0
        ? `use one of ${[...names].map((n) => `'${n}'`).join(', ')}, or add a device "${name}" block`
        : `add a device "${name}" block to the resources`,
    );
  });
}

function checkIgnored(c: TaskCtx, res: Resources, rAt: string): void {
  for (const key of ['disk', 'iops'] as const) {
    if (res[key] === undefined) continue;
    c.r.add(
      IGNORED,
      `${rAt}.${key}`,
      `${key} in a task's resources is dropped by Nomad`,
      key === 'disk'
        ? 'remove it; set the size with ephemeral_disk { size = ... } in the group'
        : 'remove it (Nomad no longer reserves IOPS)',
    );
  }
}
