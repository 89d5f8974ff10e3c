import { defineRule, Report } from './diagnostic';
import { GroupCtx } from './context';
import { arrayOf, entries, numberOf, text } from './values';

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
const IGNORE_COLLISION = defineRule(
  'port-ignore-collision-mode',
  'error',
  'network#ignore_collision',
  'ignore_collision is only for a network in host mode.',
);
const CONNECT_MODE = defineRule(
  'connect-network-mode',
  'error',
  'network#mode',
  'A group with a Connect sidecar has a network in bridge or cni/* mode; a Connect gateway in bridge, host or cni/*.',
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

// TaskGroup.validateNetworks: dns.IsDomainName on the hostname.
const HOSTNAME = defineRule(
  'network-hostname-invalid',
  'error',
  'network#hostname',
  'network hostname is a DNS name: no empty label, labels of at most 63 bytes, 255 in all.',
);
// TaskGroup.validateNetworks: the cni args.
const CNI_ARGS = defineRule(
  'network-cni-args-invalid',
  'error',
  'network#cni',
  'cni args keys and values have no ";" (CNI_ARGS separates its pairs with it).',
);
// TaskGroup.Warnings: mbits on the group network.
const MBITS = defineRule(
  'network-mbits-deprecated',
  'warning',
  'network#mbits',
  'network mbits is deprecated (since Nomad 0.12) and Nomad warns about it.',
);

export function checkNetwork(c: GroupCtx): void {
  const { r, group } = c;
  checkConnectMode(c);
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
  checkNetworkFields(c, net, at);
  const labels = new Set<string>();
  const statics = new Map<string, string>();
  for (const p of [...arrayOf(net.port), ...arrayOf(net.reservedPorts)]) {
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
    // TaskGroup.validateNetworks reads the mode as written: empty is host.
    if (p.ignoreCollision === true && mode !== undefined && mode !== '' && mode !== 'host')
      r.add(
        IGNORE_COLLISION,
        `${pAt}.ignore_collision`,
        `ignore_collision is set in network mode '${mode}'`,
        'remove ignore_collision, or use mode = "host"',
      );
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
  checkTaskNetworks(c, labels, statics);
}

type Net = NonNullable<GroupCtx['group']['network']>;

/** Wire length of a DNS name, or undefined when a label is empty or too long (dns.IsDomainName). */
function dnsLength(name: string): number | undefined {
  if (name === '.') return 1;
  const labels = (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
  let total = 1;
  for (const l of labels) {
    const len = Buffer.byteLength(l, 'utf8');
    if (len === 0 || len > 63) return undefined;
    total += len + 1;
  }
  return total;
}

/** TaskGroup.validateNetworks on the hostname, the CNI args; TaskGroup.Warnings on mbits. */
function checkNetworkFields(c: GroupCtx, net: Net, at: string): void {
  const host = text(net.hostname);
  // Nomad skips a hostname holding an interpolation such as ${NOMAD_ALLOC_INDEX}.
  if (host !== undefined && host !== '' && !host.includes('${')) {
    const len = dnsLength(host);
    if (len === undefined || len > 255)
      c.r.add(
        HOSTNAME,
        `${at}.hostname`,
        `hostname '${host}' is not a valid DNS name`,
        'use dot-separated labels of 1 to 63 characters, e.g. "gateway"',
      );
  }
  for (const [k, v] of entries(net.cni?.args)) {
    const bad = [
      k.includes(';') ? `key '${k}'` : '',
      text(v)?.includes(';') ? `value '${String(v)}'` : '',
    ];
    if (bad.every((b) => b === '')) continue;
    c.r.add(
      CNI_ARGS,
      `${at}.cni.args.${k}`,
      `cni arg ${bad.filter((b) => b !== '').join(' and ')} contains ';'`,
      'remove the ";": CNI_ARGS joins the pairs with it',
    );
  }
  const mbits = numberOf(net.mbits);
  if (mbits !== undefined && mbits > 0)
    c.r.add(
      MBITS,
      `${at}.mbits`,
      'mbits has been deprecated as of Nomad 0.12.0',
      'remove mbits from the network block',
    );
}

/**
 * Ports of a task's resources network (deprecated): TaskGroup.validateNetworks refuses one
 * reusing a group port label, or a static port already reserved (ignore_collision or not).
 */
function checkTaskNetworks(c: GroupCtx, labels: Set<string>, statics: Map<string, string>): void {
  for (const t of arrayOf(c.group.task)) {
    arrayOf(t.resources?.network).forEach((net, i) => {
      for (const p of [...arrayOf(net.port), ...arrayOf(net.reservedPorts)]) {
        const pAt = `${c.groupAt}.task[${t.name}].resources.network[${i}].port[${p.label}]`;
        if (labels.has(p.label))
          c.r.add(
            LABEL_DUPLICATE,
            pAt,
            `port label '${p.label}' is already declared by the group network`,
            'give the task port its own label, or use the group port',
          );
        checkStatic(c.r, { ...p, ignoreCollision: false }, pAt, statics);
      }
    });
  }
}

/**
 * The Connect admission hook (groupConnectNetworkModeValidate) wants one network whose mode, as
 * written, is bridge or cni/* for a sidecar service, and also host for a gateway.
 */
function checkConnectMode(c: GroupCtx): void {
  const net = c.group.network;
  const mode = net?.mode === undefined ? '' : text(net.mode);
  if (mode === undefined) return; // a variable
  const modeOk = (gateway: boolean): boolean =>
    net !== undefined &&
    (mode === 'bridge' || mode.startsWith('cni/') || (gateway && mode === 'host'));
  // Nomad stops at the first service it refuses; so does this check.
  for (const s of arrayOf(c.group.service)) {
    const sidecar = s.connect?.sidecarService !== undefined;
    if (!sidecar && s.connect?.gateway === undefined) continue;
    if (modeOk(!sidecar)) continue;
    const allowed = sidecar ? '"bridge" or "cni/<name>"' : '"bridge", "host" or "cni/<name>"';
    const what = `the Connect ${sidecar ? 'sidecar' : 'gateway'} of service '${text(s.name) ?? ''}'`;
    c.r.add(
      CONNECT_MODE,
      net === undefined ? `${c.groupAt}.network` : `${c.groupAt}.network.mode`,
      net === undefined
        ? `${what} needs a group network block`
        : `${what} needs network mode ${allowed}, not '${mode === '' ? 'host (unset)' : mode}'`,
      `set network { mode = "bridge" } on the group`,
    );
    return;
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
