import { defineRule } from './diagnostic';
import { GroupCtx, TaskCtx } from './context';
import { checkPortLabel } from './network';
import { arrayOf, duration, numberOf, text } from './values';

const HOOKS = ['prestart', 'poststart', 'poststop'];
/** Config keys each built-in driver cannot run without. */
const REQUIRED_CONFIG: Readonly<Record<string, readonly string[]>> = {
  podman: ['image'],
  docker: ['image'],
  exec: ['command'],
  raw_exec: ['command'],
  java: [],
};

const DRIVER_MISSING = defineRule(
  'task-driver-missing',
  'error',
  'task#driver',
  'Every task names its driver.',
);
const CONFIG_KEY = defineRule(
  'driver-config-missing-key',
  'error',
  'task#config',
  "Driver config has the driver's required keys (podman/docker image, exec/raw_exec command).",
);
const QUOTED_REFERENCE = defineRule(
  'config-quoted-reference',
  'error',
  'hcl2/variables',
  'A driver config value is not the text of a variable reference ("var.x" in quotes).',
);

const LEADER = defineRule(
  'task-leader-multiple',
  'error',
  'task#leader',
  'At most one task per group is the leader.',
);
const HOOK = defineRule(
  'lifecycle-hook-invalid',
  'error',
  'lifecycle#hook',
  `lifecycle hook is one of ${HOOKS.join(', ')}.`,
);
const POSITIVE = defineRule(
  'resources-positive',
  'error',
  'resources',
  'cpu, cores and memory are positive.',
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
  'memory_max is not below memory.',
);

export function checkLeaders(c: GroupCtx): void {
  const leaders = arrayOf(c.group.task).filter((t) => t.leader === true);
  for (const t of leaders.slice(1)) {
    c.r.add(
      LEADER,
      `${c.groupAt}.task[${t.name}].leader`,
      `task '${t.name}' is a second leader in group '${c.group.name}'`,
      `keep leader = true on '${leaders[0].name}' only`,
    );
  }
}

export function checkTask(c: TaskCtx): void {
  const { r, task, taskAt: at } = c;
  const driver = typeof task.driver === 'string' ? task.driver : '';
  if (driver === '') {
    r.add(
      DRIVER_MISSING,
      `${at}.driver`,
      `task '${task.name}' has no driver`,
      'set driver = "podman" (Octant runs rootless podman)',
    );
  }
  const config: Readonly<Record<string, unknown>> =
    (task.config as Readonly<Record<string, unknown>> | undefined) ?? {};
  for (const key of REQUIRED_CONFIG[driver] ?? []) {
    const v = config[key];
    if (v === undefined || v === '') {
      r.add(
        CONFIG_KEY,
        `${at}.config.${key}`,
        `the ${driver} driver needs config.${key}`,
        key === 'image'
          ? 'set config { image = "ghcr.io/openclaw/openclaw:<version>" }'
          : 'set config { command = "/path/to/program" }',
      );
    }
  }
  // `image = "var.x"` is the literal text var.x, not the variable (a real mistake in Octant's
  // op-group job): the driver would try to pull an image named "var.x".
  for (const [key, v] of Object.entries(config)) {
    const t = typeof v === 'string' ? v : undefined;
    if (t !== undefined && /^var\.[A-Za-z_][A-Za-z0-9_-]*$/.test(t)) {
      r.add(
        QUOTED_REFERENCE,
        `${at}.config.${key}`,
        `config.${key} is the literal text "${t}", not the variable ${t}`,
        `write ${key} = ${t} (no quotes) or "\${${t}}"`,
      );
    }
  }
  // Port labels in config.ports of container drivers refer to the group network.
  if (driver === 'podman' || driver === 'docker') {
    const ports = config.ports;
    if (Array.isArray(ports)) {
      ports.forEach((p: unknown, i) => {
        const label = text(p);
        if (label !== undefined)
          checkPortLabel(c, label, `${at}.config.ports[${i}]`, 'config.ports');
      });
    }
  }
  if (task.lifecycle) {
    const hook = text(task.lifecycle.hook);
    if (hook === undefined || !HOOKS.includes(hook)) {
      r.add(
        HOOK,
        `${at}.lifecycle.hook`,
        `lifecycle hook '${hook ?? ''}' is not one of ${HOOKS.join(', ')}`,
        'use "prestart" for init tasks, with sidecar = true for helpers that keep running',
      );
    }
  }
  duration(r, task.killTimeout, `${at}.kill_timeout`);
  duration(r, task.shutdownDelay, `${at}.shutdown_delay`);
  const res = task.resources;
  if (res) {
    const rAt = `${at}.resources`;
    for (const [key, v] of [
      ['cpu', res.cpu],
      ['cores', res.cores],
      ['memory', res.memory],
    ] as const) {
      const n = numberOf(v);
      if (n !== undefined && n <= 0)
        r.add(
          POSITIVE,
          `${rAt}.${key}`,
          `${key} is ${n}`,
          `give ${key} a positive value (drop it for Nomad's default)`,
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
    if (max !== undefined && max !== 0 && max < effective) {
      r.add(
        MEMORY_MAX,
        `${rAt}.memory_max`,
        `memory_max ${max} MB is below memory ${effective} MB`,
        `raise memory_max to at least ${effective}, or lower memory`,
      );
    }
  }
}
