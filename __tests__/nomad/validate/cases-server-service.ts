import { CLEAN, edit } from './fixtures';
import type { InvalidCase } from './cases';

// Server refusals of services, checks and Connect (nomad/structs/services.go, TaskGroup and
// Task validateServices, the Connect admission hook), Nomad v2.0.6.

const J = 'job[openclaw]';
const G = `${J}.group[gateway]`;
const T = `${G}.task[gateway]`;
const S = `${G}.service[0]`;

const TAGS = `      tags     = ["traefik.enable=true"]\n`;
const TIMEOUT = `        timeout  = "2s"\n`;
const PORT = `      port     = "http"\n`;
const CHECK_BLOCK = /\n {6}check \{[\s\S]*?\n {6}\}\n/;
/** CLEAN with `lines` added to the group service. */
const svc = (lines: string, base = CLEAN): string => edit(TAGS, `${TAGS}${lines}\n`, base);
/** CLEAN with `lines` added to the group service's check. */
const chk = (lines: string, base = CLEAN): string => edit(TIMEOUT, `${TIMEOUT}${lines}\n`, base);
const bridge = (base: string): string =>
  edit(`    network {\n`, `    network {\n      mode = "bridge"\n`, base);
/** A group service with `body` in its connect block, in a bridge network, without its check. */
const connect = (body: string, name = 'openclaw'): string =>
  bridge(svc(`      connect {\n${body}      }`))
    .replace(CHECK_BLOCK, '\n')
    .replace(`name     = "openclaw"`, `name     = "${name}"`);
const gateway = (body: string): string => connect(`        gateway {\n${body}        }\n`);
const upstream = (port: number): string =>
  `            upstreams {\n              destination_name = "db"\n              local_bind_port  = ${port}\n            }\n`;
const checkType = (type: string, base = CLEAN): string =>
  edit(`        type     = "http"`, `        type     = "${type}"`, base);
const nomad = (base: string): string =>
  edit(`provider = "consul"`, `provider = "nomad"`, base).replace(TAGS, '');

const CASES_1: readonly InvalidCase[] = [
  // "Service on_update must be "require_healthy", "ignore_warnings", or "ignore"; not "always""
  {
    rule: 'service-on-update-invalid',
    path: `${S}.on_update`,
    hcl: svc(`      on_update = "always"`),
  },
  // "on_update must be "require_healthy", "ignore_warnings", or "ignore"; got "always""
  {
    rule: 'service-on-update-invalid',
    path: `${S}.check[0].on_update`,
    hcl: chk(`        on_update = "always"`),
  },
  // "on_update value "ignore" is not compatible with check_restart"
  {
    rule: 'service-on-update-invalid',
    path: `${S}.check[0].on_update`,
    hcl: chk(
      `        on_update = "ignore"\n        check_restart {\n          limit = 3\n        }`,
    ),
  },
  // "on_update value "ignore_warnings" not supported with check_restart ignore_warnings value "false""
  {
    rule: 'service-on-update-invalid',
    path: `${S}.check[0].on_update`,
    hcl: svc(
      `      on_update = "ignore_warnings"\n      check_restart {\n        limit = 3\n      }`,
    ),
  },
  // "invalid initial check state (failing), must be one of "passing", "warning", "critical" or empty"
  {
    rule: 'check-initial-status-invalid',
    path: `${S}.check[0].initial_status`,
    hcl: chk(`        initial_status = "failing"`),
  },
  // "limit must be greater than or equal to 0 but found -1"
  {
    rule: 'check-restart-invalid',
    path: `${S}.check[0].check_restart.limit`,
    hcl: chk(`        check_restart {\n          limit = -1\n        }`),
  },
  // "grace period must be greater than or equal to 0 but found -1000000000" (the service's
  // check_restart, merged into each check)
  {
    rule: 'duration-invalid',
    path: `${S}.check_restart.grace`,
    hcl: svc(`      check_restart {\n        grace = "-1s"\n      }`),
  },
  // "expose may only be set on HTTP or gRPC checks"
  {
    rule: 'check-consul-options-invalid',
    path: `${S}.check[0].expose`,
    hcl: checkType('tcp', chk(`        expose = true`)),
    also: ['check-expose-invalid'],
  },
  // "success_before_passing not supported for check of type "HTTP""
  {
    rule: 'check-consul-options-invalid',
    path: `${S}.check[0].success_before_passing`,
    hcl: checkType('HTTP', chk(`        success_before_passing = 2`)),
    also: ['check-type-case'],
  },
  // "failures_before_critical not supported for check of type "script""
  {
    rule: 'check-consul-options-invalid',
    path: `${S}.check[0].failures_before_critical`,
    hcl: checkType(
      'script',
      chk(
        `        command = "/bin/true"\n        task = "gateway"\n        failures_before_critical = 2`,
      ),
    ),
  },
  // "notes must not be longer than 255 characters"
  {
    rule: 'check-consul-options-invalid',
    path: `${S}.check[0].notes`,
    hcl: chk(`        notes = "${'n'.repeat(256)}"`),
  },
  // "method type "FETCH" not supported in Nomad http check"
  {
    rule: 'check-nomad-options-invalid',
    path: `${S}.check[0].method`,
    hcl: nomad(chk(`        method = "FETCH"`)),
  },
  // "tls_server_name may only be set for Consul service checks"
  {
    rule: 'check-nomad-options-invalid',
    path: `${S}.check[0].tls_server_name`,
    hcl: nomad(chk(`        tls_server_name = "openclaw.internal"`)),
  },
  // "on_update may only be set to ignore_warnings for Consul service checks"
  {
    rule: 'check-nomad-options-invalid',
    path: `${S}.check[0].on_update`,
    hcl: nomad(chk(`        on_update = "ignore_warnings"`)),
  },
  // "Service address_mode must be "auto" if address is set"
  {
    rule: 'service-address-mode-invalid',
    path: `${S}.address_mode`,
    hcl: svc(`      address      = "10.0.0.1"\n      address_mode = "host"`),
  },
  // "Service openclaw kind must be one of consul service kind or empty"
  { rule: 'service-kind-invalid', path: `${S}.kind`, hcl: svc(`      kind = "connect-proxy"`) },
  // "Service admin is invalid: may only specify task the service belongs to, got "helper""
  {
    rule: 'service-task-invalid',
    path: `${T}.service[0].task`,
    hcl: edit(
      `      kill_timeout = "30s"`,
      `      kill_timeout = "30s"\n      shutdown_delay = "5s"\n      service {\n        name = "admin"\n        port = "http"\n        task = "helper"\n      }`,
    ),
  },
  // "Check service: "openclaw" check invalid: refers to non-existent task nope"
  { rule: 'service-task-invalid', path: `${S}.check[0].task`, hcl: chk(`        task = "nope"`) },
  // "Check "openclaw" invalid: cannot use address_mode="driver", only checks defined in a "task" service block can use this mode"
  {
    rule: 'service-task-invalid',
    path: `${S}.check[0].address_mode`,
    hcl: chk(`        task = "gateway"\n        address_mode = "driver"`),
  },
  // "Consul Connect must be exclusively native, make use of a sidecar, or represent a Gateway"
  {
    rule: 'connect-invalid',
    path: `${S}.connect`,
    hcl: connect(`        native = true\n        sidecar_service {}\n`),
  },
  // "Consul Connect service name "OpenClaw" in group "gateway" must not contain uppercase characters"
  {
    rule: 'connect-invalid',
    path: `${S}.name`,
    hcl: connect(`        sidecar_service {}\n`, 'OpenClaw'),
  },
  // "task nope named by Consul Connect Native service gateway->openclaw does not exist"
  {
    rule: 'connect-invalid',
    path: `${S}.task`,
    hcl: connect(`        native = true\n`).replace(TAGS, `${TAGS}      task     = "nope"\n`),
  },
  // "Service openclaw is Connect Native and requires setting the port"
  {
    rule: 'connect-invalid',
    path: `${S}.port`,
    hcl: connect(`        native = true\n`).replace(PORT, ''),
  },
  // "service.port must be set for mesh gateway service"
  {
    rule: 'connect-invalid',
    path: `${S}.port`,
    hcl: gateway(`          mesh {}\n`).replace(PORT, ''),
  },
  // "One Consul Gateway Configuration must be set"
  {
    rule: 'connect-gateway-invalid',
    path: `${S}.connect.gateway`,
    hcl: gateway(
      `          mesh {}\n          terminating {\n            service {\n              name = "db"\n            }\n          }\n`,
    ),
  },
  // "Consul Gateway Proxy Envoy DNS Discovery type must be STRICT_DNS or LOGICAL_DNS"
  {
    rule: 'connect-gateway-invalid',
    path: `${S}.connect.gateway.proxy.envoy_dns_discovery_type`,
    hcl: gateway(
      `          proxy {\n            envoy_dns_discovery_type = "DNS"\n          }\n          mesh {}\n`,
    ),
  },
  // "Consul Ingress Listener requires protocol of tcp, http, http2, grpc, got "https""
  {
    rule: 'connect-gateway-invalid',
    path: `${S}.connect.gateway.ingress.listener[0].protocol`,
    hcl: gateway(
      `          ingress {\n            listener {\n              port     = 8080\n              protocol = "https"\n              service {\n                name = "web"\n              }\n            }\n          }\n`,
    ),
  },
  // "Consul Ingress Service doesn't support wildcard name for "tcp" protocol"
  {
    rule: 'connect-gateway-invalid',
    path: `${S}.connect.gateway.ingress.listener[0].service[0]`,
    hcl: gateway(
      `          ingress {\n            listener {\n              port = 8080\n              service {\n                name = "*"\n              }\n            }\n          }\n`,
    ),
  },
  // "Consul Linked Service TLS requires CAFile"
  {
    rule: 'connect-gateway-invalid',
    path: `${S}.connect.gateway.terminating.service[0]`,
    hcl: gateway(
      `          terminating {\n            service {\n              name      = "db"\n              cert_file = "/etc/db.pem"\n              key_file  = "/etc/db.key"\n            }\n          }\n`,
    ),
  },
  // "Consul Connect services "openclaw" and "openclaw" in group "gateway" using same address for upstreams (:5432)"
  {
    rule: 'connect-upstreams-invalid',
    path: `${S}.connect.sidecar_service.proxy.upstreams[1]`,
    hcl: connect(
      `        sidecar_service {\n          proxy {\n${upstream(5432)}${upstream(5432)}          }\n        }\n`,
    ),
  },
];

const tproxy = (body: string): string =>
  connect(
    `        sidecar_service {\n          proxy {\n            transparent_proxy {\n${body}            }\n          }\n        }\n`,
  );

/** The group service with a sidecar on port `port` and an exposed http check. */
const exposed = (port: string): string =>
  bridge(
    svc(`      connect {\n        sidecar_service {}\n      }`, chk(`        expose = true`)),
  ).replace(PORT, `      port     = "${port}"\n`);

const SERVICE_CASES_2: readonly InvalidCase[] = [
  // "http type must have valid http path"
  {
    rule: 'check-http-path-missing',
    path: `${S}.check[0].path`,
    hcl: edit(`path     = "/health"`, `path     = "/health%zz"`),
  },
  // "exposed service check gateway->openclaw->service: "openclaw" check requires use of sidecar_proxy"
  { rule: 'check-expose-invalid', path: `${S}.check[0].expose`, hcl: chk(`        expose = true`) },
  // "unable to determine local service port for service check gateway->openclaw->service: "openclaw" check"
  { rule: 'check-expose-invalid', path: `${S}.check[0].expose`, hcl: exposed('canvas') },
  // "Service identity must provide at least one target aud value"
  {
    rule: 'service-identity-aud-missing',
    path: `${S}.identity`,
    hcl: svc(`      identity {\n        ttl = "1h"\n      }`),
  },
  // "transparent proxy block has invalid UID field: invalid user ID "envoy": invalid syntax"
  {
    rule: 'connect-transparent-proxy-invalid',
    path: `${S}.connect.sidecar_service.proxy.transparent_proxy.uid`,
    hcl: tproxy(`              uid = "envoy"\n`),
  },
  // "could not parse transparent proxy excluded outbound CIDR as network prefix: netip.ParsePrefix("10.0.0.0"): no '/'"
  {
    rule: 'connect-transparent-proxy-invalid',
    path: `${S}.connect.sidecar_service.proxy.transparent_proxy.exclude_outbound_cidrs[0]`,
    hcl: tproxy(`              exclude_outbound_cidrs = ["10.0.0.0"]\n`),
  },
  // "Consul Connect transparent proxy port "canvas" must be numeric or one of network.port labels"
  {
    rule: 'connect-transparent-proxy-invalid',
    path: `${S}.connect.sidecar_service.proxy.transparent_proxy.exclude_inbound_ports[0]`,
    hcl: tproxy(`              exclude_inbound_ports = ["canvas"]\n`),
  },
  // "Consul Connect transparent proxy cannot be used with network.dns unless no_dns=true"
  {
    rule: 'connect-transparent-proxy-invalid',
    path: `${S}.connect.sidecar_service.proxy.transparent_proxy.no_dns`,
    hcl: edit(
      `      port "canvas" {`,
      `      dns {\n        servers = ["1.1.1.1"]\n      }\n      port "canvas" {`,
      tproxy(`              uid = "101"\n`),
    ),
  },
];

export const SERVICE_CASES: readonly InvalidCase[] = [...CASES_1, ...SERVICE_CASES_2];
