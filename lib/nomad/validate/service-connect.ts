import { Connect } from '../model';
import { defineRule } from './diagnostic';
import { GroupCtx, ServiceCtx } from './context';
import { arrayOf, numberOf, text, textList } from './values';

// The connect block of a group service: ConsulConnect.Validate, ConsulGateway.Validate and the
// Connect admission hook (groupConnectHook, groupConnectValidate).

const CONNECT = defineRule(
  'connect-invalid',
  'error',
  'connect',
  'A connect block is exactly one of native, sidecar_service or gateway; a sidecar service and its group have lower-case names; a native service has a port and a task; a mesh gateway service has a port.',
);
const GATEWAY = defineRule(
  'connect-gateway-invalid',
  'error',
  'gateway',
  'A gateway has exactly one of ingress, terminating or mesh; ingress listeners have a port, a known protocol and services; terminating services have a name and whole TLS files.',
);
const UPSTREAMS = defineRule(
  'connect-upstreams-invalid',
  'error',
  'upstreams',
  'Upstreams of a group listen on different addresses.',
);

const TPROXY = defineRule(
  'connect-transparent-proxy-invalid',
  'error',
  'transparent_proxy',
  'transparent_proxy uids are numbers up to 65535, its CIDRs parse, its inbound ports are numbers or static port labels; it is the only connect block of its group, and needs no_dns with a network dns block.',
);

const EXPOSE = defineRule(
  'check-expose-invalid',
  'error',
  'check#expose',
  'expose = true is for checks of a group service with a Connect sidecar, whose port is a static port label or a number.',
);

type Gateway = NonNullable<Connect['gateway']>;
type Tproxy = NonNullable<
  NonNullable<NonNullable<Connect['sidecarService']>['proxy']>['transparentProxy']
>;

const UINT16 = /^\d+$/;
const isUint16 = (v: string): boolean => UINT16.test(v) && Number(v) <= 65535;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A CIDR as netip.ParsePrefix reads one (IPv6 judged loosely). */
function isCidr(v: string): boolean {
  const m = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(v);
  if (m === null) return false;
  const bits = Number(m[2]);
  if (IPV4.test(m[1])) return bits <= 32;
  return /^[0-9a-fA-F:.]+$/.test(m[1]) && m[1].includes(':') && bits <= 128;
}

/** ConsulConnect.Validate and the checks the Connect hook makes on one group service. */
export function checkConnect(c: ServiceCtx): void {
  const conn = c.service.connect;
  if (conn === undefined || c.task !== undefined || text(c.service.provider) === 'nomad') return;
  const at = `${c.serviceAt}.connect`;
  const native = conn.native === true;
  const kinds = [native, conn.sidecarService !== undefined, conn.gateway !== undefined];
  if (kinds.filter(Boolean).length !== 1) {
    c.r.add(
      CONNECT,
      at,
      'the connect block is not exactly one of native, sidecar_service or gateway',
      'keep one of native = true, sidecar_service {} or gateway {}',
    );
    return;
  }
  if (conn.sidecarService !== undefined) checkSidecarNames(c, at);
  if (native) checkNative(c, at);
  if (conn.gateway !== undefined) checkGateway(c, conn.gateway, `${at}.gateway`);
}

/** groupConnectSidecarValidate: Consul assumes lower-case sidecar names. */
function checkSidecarNames(c: ServiceCtx, at: string): void {
  const name = text(c.service.name);
  for (const [what, value, path] of [
    ['service', name, `${c.serviceAt}.name`],
    ['group', c.group.name, c.groupAt],
  ] as const) {
    if (value !== undefined && value !== value.toLowerCase())
      c.r.add(
        CONNECT,
        path,
        `${what} name '${value}' has upper-case letters, which a Connect sidecar (${at}) refuses`,
        `write the ${what} name in lower case, e.g. '${value.toLowerCase()}'`,
      );
  }
}

/** Service.validateConsulService and getNamedTaskForNativeService: native needs port and task. */
function checkNative(c: ServiceCtx, at: string): void {
  const { service: s } = c;
  if (s.port === undefined || text(s.port) === '')
    c.r.add(
      CONNECT,
      `${c.serviceAt}.port`,
      'a Connect native service has no port',
      'set port = "<label>"',
    );
  const task = text(s.task);
  const tasks = arrayOf(c.group.task).map((t) => t.name);
  if (task === undefined && s.task !== undefined) return;
  // The hook fills in the only task, but only for a group with a network.
  const inferred = tasks.length === 1 && c.group.network !== undefined;
  if (task === undefined || task === '' ? !inferred : !tasks.includes(task))
    c.r.add(
      CONNECT,
      `${c.serviceAt}.task`,
      task === undefined || task === ''
        ? `the Connect native service (${at}) does not name its task`
        : `task '${task}' of the Connect native service does not exist`,
      tasks.length > 0
        ? `set task = "${tasks[0]}" on the service`
        : 'add the task that runs the service',
    );
}

function gw(c: ServiceCtx, at: string, message: string, hint: string): void {
  c.r.add(GATEWAY, at, message, hint);
}

/** ConsulGateway.Validate: one kind, then that kind's own rules. */
function checkGateway(c: ServiceCtx, g: Gateway, at: string): void {
  const n = [g.ingress, g.terminating, g.mesh].filter((x) => x !== undefined).length;
  if (n !== 1)
    gw(c, at, `the gateway has ${n} of ingress, terminating and mesh`, 'keep exactly one of them');
  const dns = text(g.proxy?.envoyDnsDiscoveryType);
  if (dns !== undefined && dns !== '' && dns !== 'STRICT_DNS' && dns !== 'LOGICAL_DNS')
    gw(
      c,
      `${at}.proxy.envoy_dns_discovery_type`,
      `envoy_dns_discovery_type '${dns}' is not STRICT_DNS or LOGICAL_DNS`,
      'use "LOGICAL_DNS" (the default) or "STRICT_DNS"',
    );
  for (const b of arrayOf(g.proxy?.envoyGatewayBindAddresses)) {
    const port = numberOf(b.port);
    const bAt = `${at}.proxy.envoy_gateway_bind_addresses[${b.name}]`;
    if (b.address === undefined || text(b.address) === '')
      gw(c, `${bAt}.address`, `bind address '${b.name}' has no address`, 'set address = "0.0.0.0"');
    if (port === undefined ? b.port === undefined : port <= 0 && port !== -1)
      gw(
        c,
        `${bAt}.port`,
        `bind address '${b.name}' has no valid port`,
        'set port to a port number',
      );
  }
  if (g.ingress !== undefined) checkIngress(c, g.ingress, `${at}.ingress`);
  if (g.terminating !== undefined) checkTerminating(c, g.terminating, `${at}.terminating`);
  if (g.mesh !== undefined && (c.service.port === undefined || text(c.service.port) === ''))
    c.r.add(
      CONNECT,
      `${c.serviceAt}.port`,
      'a mesh gateway service has no port (its WAN address)',
      'set port = "<label>" on the service, from a host_network port',
    );
}

/** ConsulIngressConfigEntry.Validate and its listeners' and services' rules. */
function checkIngress(c: ServiceCtx, ing: NonNullable<Gateway['ingress']>, at: string): void {
  const listeners = arrayOf(ing.listener);
  if (listeners.length === 0) gw(c, at, 'the ingress gateway has no listener', 'add a listener');
  listeners.forEach((l, i) => {
    const lAt = `${at}.listener[${i}]`;
    const port = numberOf(l.port);
    if (port === undefined ? l.port === undefined : port <= 0)
      gw(c, `${lAt}.port`, 'the ingress listener has no valid port', 'set port = 8080');
    const protocol = text(l.protocol) ?? (l.protocol === undefined ? 'tcp' : undefined);
    if (protocol !== undefined && !['tcp', 'http', 'http2', 'grpc'].includes(protocol))
      gw(
        c,
        `${lAt}.protocol`,
        `listener protocol '${protocol}' is unknown`,
        'use tcp, http, http2 or grpc',
      );
    const services = arrayOf(l.service);
    if (services.length === 0)
      gw(c, lAt, 'the ingress listener has no service', 'add service { name = "<service>" }');
    services.forEach((s, j) => {
      const sAt = `${lAt}.service[${j}]`;
      const name = text(s.name);
      const hosts = textList(s.hosts) ?? [];
      if (s.name === undefined || name === '')
        gw(c, `${sAt}.name`, 'the ingress service has no name', 'set name to a Consul service');
      else if (protocol === 'tcp' && (name === '*' || hosts.length > 0))
        gw(
          c,
          sAt,
          name === '*'
            ? 'a tcp listener cannot use the wildcard service "*"'
            : 'a tcp listener cannot give hosts',
          'use protocol = "http", or name one service without hosts',
        );
      else if (name === '*' && hosts.length > 0)
        gw(c, `${sAt}.hosts`, 'the wildcard service "*" cannot give hosts', 'remove hosts');
    });
  });
}

/** ConsulTerminatingConfigEntry.Validate and ConsulLinkedService.Validate. */
function checkTerminating(c: ServiceCtx, t: NonNullable<Gateway['terminating']>, at: string): void {
  const services = arrayOf(t.service);
  if (services.length === 0)
    gw(c, at, 'the terminating gateway has no service', 'add service { name = "<service>" }');
  services.forEach((s, i) => {
    const sAt = `${at}.service[${i}]`;
    const set = (v: unknown): boolean => v !== undefined && text(v) !== '';
    const [ca, cert, key, sni] = [s.caFile, s.certFile, s.keyFile, s.sni].map(set);
    let problem: string | undefined;
    if (!set(s.name)) problem = 'has no name';
    else if ((cert || key || sni) && !ca)
      problem = 'sets cert_file, key_file or sni without ca_file';
    else if (cert !== key) problem = 'sets only one of cert_file and key_file';
    if (problem !== undefined)
      gw(
        c,
        sAt,
        `the terminating gateway service ${problem}`,
        'give name, and ca_file with cert_file and key_file together',
      );
  });
}

/**
 * The expose-check hook (tgValidateUseOfCheckExpose, exposePathForCheck): an exposed check
 * needs a group service with a sidecar, and the port that service listens on, known at
 * submission: a number or a static port (a dynamic one has none yet).
 */
export function checkExpose(c: ServiceCtx): void {
  const { service: s, serviceAt: at } = c;
  const port = text(s.port);
  const statics = arrayOf(c.group.network?.port).filter((p) => (numberOf(p.static) ?? 0) > 0);
  const known =
    port === undefined
      ? s.port !== undefined
      : Number(port) > 0 || statics.some((p) => p.label === port);
  arrayOf(s.check).forEach((ck, i) => {
    if (ck.expose !== true) return;
    const type = text(ck.type)?.toLowerCase();
    const exposable =
      (type === 'http' || type === 'grpc') && text(ck.path)?.startsWith('/') === true;
    let problem: string | undefined;
    if (c.task !== undefined) problem = 'a check of a task service cannot be exposed';
    else if (s.connect?.sidecarService === undefined)
      problem = 'an exposed check needs a Connect sidecar on its service';
    else if (exposable && !known)
      problem = `an exposed check needs its service's port to be a number or a static port, not '${port ?? ''}'`;
    if (problem !== undefined)
      c.r.add(
        EXPOSE,
        `${at}.check[${i}].expose`,
        problem,
        c.task !== undefined || s.connect?.sidecarService === undefined
          ? 'remove expose, or move the service to the group with connect { sidecar_service {} }'
          : 'give the service a static port label or the port number the task listens on, e.g. port = "8080"',
      );
  });
}

/** groupConnectUpstreamsValidate: upstream listeners, and transparent proxies. */
export function checkUpstreams(g: GroupCtx): void {
  checkListeners(g);
  const services = arrayOf(g.group.service);
  const connects = services.filter((s) => s.connect !== undefined).length;
  services.forEach((s, i) => {
    const tp = s.connect?.sidecarService?.proxy?.transparentProxy;
    const at = `${g.groupAt}.service[${i}].connect.sidecar_service.proxy.transparent_proxy`;
    if (tp === undefined) return;
    checkTproxy(g, tp, at);
    if (connects > 1)
      g.r.add(
        TPROXY,
        at,
        `the group has ${connects} connect blocks, and a transparent proxy needs to be the only one`,
        'move the other Connect services to their own groups, or remove transparent_proxy',
      );
  });
}

/** ConsulTransparentProxy.Validate, and the hook's checks against the group network. */
function checkTproxy(g: GroupCtx, tp: Tproxy, at: string): void {
  const bad = (path: string, message: string, hint: string): void =>
    g.r.add(TPROXY, `${at}.${path}`, message, hint);
  const uid = text(tp.uid);
  if (uid && !isUint16(uid))
    bad('uid', `uid '${uid}' is not a user ID`, 'use a number, e.g. "101"');
  (textList(tp.excludeUids) ?? []).forEach((u, i) => {
    if (!isUint16(u))
      bad(`exclude_uids[${i}]`, `'${u}' is not a user ID`, 'use a number, e.g. "1000"');
  });
  (textList(tp.excludeOutboundCidrs) ?? []).forEach((v, i) => {
    if (!isCidr(v))
      bad(
        `exclude_outbound_cidrs[${i}]`,
        `'${v}' is not a CIDR`,
        'write an address and prefix length, e.g. "10.0.0.0/8"',
      );
  });
  const statics = arrayOf(g.group.network?.port).filter((p) => (numberOf(p.static) ?? 0) > 0);
  (textList(tp.excludeInboundPorts) ?? []).forEach((p, i) => {
    if (!isUint16(p) && !statics.some((sp) => sp.label === p))
      bad(
        `exclude_inbound_ports[${i}]`,
        `exclude_inbound_ports '${p}' is neither a port number nor a static port label`,
        'use a port number, or the label of a network port with static set',
      );
  });
  const dns = g.group.network?.dns;
  const hasDns = [dns?.servers, dns?.searches, dns?.options].some(
    (l) => arrayOf(textList(l)).length > 0,
  );
  if (hasDns && tp.noDns !== true)
    bad(
      'no_dns',
      'the group network has a dns block, which a transparent proxy overrides',
      'set no_dns = true, or remove the network dns block',
    );
}

/** Two upstreams of a group cannot listen on one address (or socket). */
function checkListeners(g: GroupCtx): void {
  const seen = new Map<string, string>();
  arrayOf(g.group.service).forEach((s, i) => {
    const ups = arrayOf(s.connect?.sidecarService?.proxy?.upstreams);
    ups.forEach((u, j) => {
      const socket = text(u.localBindSocketPath);
      const port = numberOf(u.localBindPort) ?? (u.localBindPort === undefined ? 0 : undefined);
      const addr = text(u.localBindAddress) ?? (u.localBindAddress === undefined ? '' : undefined);
      if (port === undefined || addr === undefined) return;
      const key = socket !== undefined && socket !== '' ? socket : `${addr}:${port}`;
      const other = seen.get(key);
      const name = text(s.name) ?? '';
      if (other !== undefined)
        g.r.add(
          UPSTREAMS,
          `${g.groupAt}.service[${i}].connect.sidecar_service.proxy.upstreams[${j}]`,
          `upstream listens on ${key}, as one of service '${other}' does`,
          'give each upstream its own local_bind_port',
        );
      else seen.set(key, name);
    });
  });
}
