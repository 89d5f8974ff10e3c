import { defineRule } from './diagnostic';
import { TaskCtx } from './context';
import { numberOf } from './values';

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
  const effective = mem ?? 300;
  // 0 and -1 (no limit) are the sentinels Resources.Validate lets through.
  if (max !== undefined && max !== 0 && max !== -1 && max < effective) {
    r.add(
      MEMORY_MAX,
      `${rAt}.memory_max`,
      `memory_max ${max} MB is below memory ${effective} MB`,
      `raise memory_max to at least ${effective}, or lower memory`,
    );
  }
}
