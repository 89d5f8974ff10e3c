import { defineRule } from './diagnostic';
import { GroupCtx, TaskCtx } from './context';
import { checkPortLabel } from './network';
import { checkResources } from './resources';
import { parseDuration } from '../duration';
import { mergedUpdate } from './update';
import { arrayOf, duration, text } from './values';

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
  "Driver config has the driver's required keys (podman/docker image, exec/raw_exec command); a driver-side check: Nomad's server accepts the job and the task fails on the client.",
);
const TASK_NAME = defineRule(
  'task-name-invalid',
  'error',
  'task',
  'A task is not named "alloc" and its name has no "/" or "\\" (it becomes a directory).',
);
const KILL_DEADLINE = defineRule(
  'kill-timeout-above-progress-deadline',
  'error',
  'task#kill_timeout',
  "A service task's kill_timeout is not above its group's update progress_deadline.",
);
const QUOTED_REFERENCE = defineRule(
  'config-quoted-reference',
  'error',
  'hcl2/variables',
  'A driver config value is not the text of a variable reference ("var.x" in quotes); a driver-side check: the server passes config through.',
);
/** Said in every message of a check Nomad's server cannot make (it never reads driver config). */
export const DRIVER_SIDE =
  "driver-side check: Nomad's server accepts this, the task fails on the client";

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
// Task.Validate / ValidateConnectProxyService, for a task written as a Connect proxy.
const PROXY_KIND = defineRule(
  'task-connect-proxy-kind',
  'error',
  'sidecar_task',
  'A task of kind "connect-proxy:<service>" has no service block, is not the leader, and its group has a service <service> with a Connect sidecar_service.',
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
  checkDriverConfig(c);
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
  checkTaskName(c);
  checkProxyKind(c);
  checkKillTimeout(c);
  duration(r, task.shutdownDelay, `${at}.shutdown_delay`);
  checkResources(c);
}

/** The driver, the config keys it needs, quoted references and port labels in its config. */
function checkDriverConfig(c: TaskCtx): void {
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
        `the ${driver} driver needs config.${key} (${DRIVER_SIDE})`,
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
        `config.${key} is the literal text "${t}", not the variable ${t} (${DRIVER_SIDE})`,
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
}

function checkTaskName(c: TaskCtx): void {
  const name = c.task.name;
  if (name !== 'alloc' && !/[/\\]/.test(name)) return;
  c.r.add(
    TASK_NAME,
    c.taskAt,
    name === 'alloc'
      ? 'a task cannot be named "alloc" (the allocation directory has that name)'
      : `task name '${name}' contains a slash`,
    'rename the task, e.g. "gateway"',
  );
}

/** A hand-written Connect proxy task: no services of its own, not leader, a service to proxy. */
function checkProxyKind(c: TaskCtx): void {
  const { r, task, taskAt: at } = c;
  const kind = text(task.kind) ?? '';
  if (!kind.startsWith('connect-proxy:')) return;
  const name = kind.slice('connect-proxy:'.length);
  if (arrayOf(task.service).length > 0)
    r.add(
      PROXY_KIND,
      `${at}.service`,
      `Connect proxy task '${task.name}' has a service block`,
      'remove the service block from the proxy task',
    );
  if (task.leader === true)
    r.add(
      PROXY_KIND,
      `${at}.leader`,
      `Connect proxy task '${task.name}' is the leader`,
      'remove leader = true from the proxy task',
    );
  const proxied = arrayOf(c.group.service).filter((s) => s.connect?.sidecarService !== undefined);
  if (proxied.some((s) => text(s.name) === name)) return;
  r.add(
    PROXY_KIND,
    `${at}.kind`,
    `kind names service '${name}', but the group has no service '${name}' with a Connect sidecar_service`,
    proxied.length === 0
      ? `add a group service "${name}" with connect { sidecar_service {} }`
      : `name one of the group's Connect services: ${proxied.map((s) => text(s.name) ?? '').join(', ')}`,
  );
}

/** Nomad refuses a service task that may take longer to stop than its deployment may take. */
function checkKillTimeout(c: TaskCtx): void {
  const kill = duration(c.r, c.task.killTimeout, `${c.taskAt}.kill_timeout`);
  if (kill === undefined || c.type !== 'service') return;
  // api Job.Canonicalize gives a service job without update block the default one (10m).
  const given = mergedUpdate(c.job, c.group)?.progressDeadline;
  const deadline = given === undefined ? 600e9 : parseDuration(String(text(given)));
  if (deadline === null || deadline <= 0 || kill <= deadline) return;
  c.r.add(
    KILL_DEADLINE,
    `${c.taskAt}.kill_timeout`,
    `kill_timeout ${String(c.task.killTimeout)} is longer than the update progress_deadline`,
    'shorten kill_timeout, or lengthen progress_deadline',
  );
}
