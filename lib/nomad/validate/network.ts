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
  'static is 1..65535; to is -1..65535.',
);
const STATIC_DUPLICATE = defineRule(
  'port-static-duplicate',
  'error',
  'network#static',
  'A static host port is used once per group.',
);
const LABEL_DUPLICATE = defineRule(
  'port-label-duplicate',
  'error',
  'network#port',
  'Port labels are unique in a group.',
);
const MODE = defineRule(
  'network-mode-invalid',
  'error',
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
      `network mode '${mode}' is not host, bridge, none or cni/<name>`,
      'use "host" (rootless podman) or "bridge"',
    );
  }
  const labels = new Set<string>();
  const statics = new Map<number, string>();
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
    const st = numberOf(p.static);
    if (st !== undefined) {
      if (!Number.isInteger(st) || st < 1 || st > 65535) {
        r.add(
          STATIC_RANGE,
          `${pAt}.static`,
          `static port ${st} is outside 1..65535`,
          'use a port from 1 to 65535, or drop static for a dynamic port',
        );
      } else if (statics.has(st)) {
        r.add(
          STATIC_DUPLICATE,
          `${pAt}.static`,
          `static port ${st} is already used by port '${statics.get(st)}'`,
          'give each port a different static number',
        );
      } else {
        statics.set(st, p.label);
      }
    }
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
