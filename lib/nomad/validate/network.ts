import { defineRule, Report } from './diagnostic';
import { GroupCtx } from './context';
import { arrayOf, numberOf, text } from './values';

export const PORT_UNDEFINED = defineRule(
  'port-label-undefined',
  'error',
  'network#port',
  'Port labels used by config.ports, service.port and check.port are declared in the group network.',
);
const STATIC_RANGE = defineRule(
  'port-static-range',
  'error',
  'network#static',
  'static is at most 65535 (0 or less is a dynamic port); to is -1..65535.',
);
const STATIC_DUPLICATE = defineRule(
  'port-static-duplicate',
  'error',
  'network#static',
  'A static host port is used once per group and host_network, unless ignore_collision is set.',
);
const LABEL_DUPLICATE = defineRule(
  'port-label-duplicate',
  'error',
  'network#port',
  'Port labels are unique in a group.',
);
// A warning: TaskGroup.validateNetworks does not check the mode, but no client offers an
// unknown one (the scheduler's NetworkChecker), so the group is never placed.
const MODE = defineRule(
  'network-mode-invalid',
  'warning',
  'network#mode',
  'network mode is host, bridge, none or cni/<name>.',
);

export function checkNetwork(c: GroupCtx): void {
  const { r, group } = c;
  const net = group.network;
  if (!net) return;
  const at = `${c.groupAt}.network`;
  const mode = text(net.mode);
  if (
    mode !== undefined &&
    !['host', 'bridge', 'none'].includes(mode) &&
    !/^cni\/[^/\s]+$/.test(mode)
  ) {
    r.add(
      MODE,
      `${at}.mode`,
      `network mode '${mode}' is not host, bridge, none or cni/<name>: Nomad accepts the job, but no client offers that mode, so the group is never placed`,
      'use "host" (rootless podman) or "bridge"',
    );
  }
  const labels = new Set<string>();
  const statics = new Map<string, string>();
  for (const p of arrayOf(net.port)) {
    const pAt = `${at}.port[${p.label}]`;
    if (labels.has(p.label))
      r.add(
        LABEL_DUPLICATE,
        pAt,
        `port label '${p.label}' is declared twice`,
        'give each port block its own label',
      );
    labels.add(p.label);
    checkStatic(r, p, pAt, statics);
    const to = numberOf(p.to);
    if (to !== undefined && (!Number.isInteger(to) || to < -1 || to > 65535)) {
      r.add(
        STATIC_RANGE,
        `${pAt}.to`,
        `to ${to} is outside -1..65535`,
        'use the container port, e.g. 8080',
      );
    }
  }
}

type Port = NonNullable<NonNullable<GroupCtx['group']['network']>['port']>[number];

/**
 * A static port: jobspec2 makes one of 0 or less dynamic; TaskGroup.validateNetworks refuses
 * one above 65535 and one reserved twice on the same host_network without ignore_collision.
 */
function checkStatic(r: Report, p: Port, pAt: string, statics: Map<string, string>): void {
  const st = numberOf(p.static);
  if (st === undefined || st <= 0) return;
  if (!Number.isInteger(st) || st > 65535) {
    r.add(
      STATIC_RANGE,
      `${pAt}.static`,
      `static port ${st} is outside 1..65535`,
      'use a port from 1 to 65535, or drop static for a dynamic port',
    );
    return;
  }
  const key = `${text(p.hostNetwork) ?? 'default'}:${st}`;
  const other = statics.get(key);
  if (other === undefined) statics.set(key, p.label);
  else if (p.ignoreCollision !== true)
    r.add(
      STATIC_DUPLICATE,
      `${pAt}.static`,
      `static port ${st} is already used by port '${other}'`,
      'give each port a different static number (or ignore_collision = true in host mode)',
    );
}

/** Reports a port label that the group network does not declare. */
export function checkPortLabel(c: GroupCtx, label: string, at: string, user: string): void {
  if (c.portLabels.has(label)) return;
  const known = [...c.portLabels];
  reportPort(c.r, label, at, user, known);
}

function reportPort(
  r: Report,
  label: string,
  at: string,
  user: string,
  known: readonly string[],
): void {
  r.add(
    PORT_UNDEFINED,
    at,
    `${user} uses port label '${label}', which the group network does not declare`,
    known.length > 0
      ? `use one of ${known.map((k) => `'${k}'`).join(', ')}, or add port "${label}" {} to the network block`
      : `add network { port "${label}" {} } to the group`,
  );
}
