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

type Gateway = NonNullable<Connect['gateway']>;

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

/** groupConnectUpstreamsValidate: two upstreams of a group cannot listen on one address. */
export function checkUpstreams(g: GroupCtx): void {
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
