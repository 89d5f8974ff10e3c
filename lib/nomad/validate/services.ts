import { Service } from '../model';
import { defineRule } from './diagnostic';
import { GroupCtx, ServiceCtx } from './context';
import { checkPortLabel } from './network';
import { arrayOf, duration, text } from './values';

const PROVIDERS = ['consul', 'nomad'];
const CHECK_TYPES = ['http', 'tcp', 'grpc', 'script'];
const ADDRESS_MODES = ['alloc', 'alloc_ipv6', 'auto', 'driver', 'host'];
const CHECK_ADDRESS_MODES = ADDRESS_MODES.filter((m) => m !== 'auto');

const PROVIDER = defineRule(
  'service-provider-invalid',
  'error',
  'service#provider',
  'service provider is "consul" or "nomad".',
);
const NAME = defineRule(
  'service-name-invalid',
  'error',
  'service#name',
  'Service names are DNS labels (letters, digits, "-"; at most 63) once Nomad fills in ${JOB}, ${TASKGROUP}, ${TASK}, ${BASE} and counts any other ${...} as "ENV-VAR".',
);
const DUPLICATE = defineRule(
  'service-duplicate',
  'warning',
  'service',
  'Two services of a group with the same name and port register the same thing twice.',
);
const ADDRESS_MODE = defineRule(
  'service-address-mode-invalid',
  'error',
  'service#address_mode',
  `address_mode is one of ${ADDRESS_MODES.join(', ')}; with an address, only "auto".`,
);
const KINDS = ['api-gateway', 'ingress-gateway', 'mesh-gateway', 'terminating-gateway'];
const KIND = defineRule(
  'service-kind-invalid',
  'error',
  'service#kind',
  `A Consul service's kind is unset or one of ${KINDS.join(', ')}.`,
);
const IDENTITY = defineRule(
  'service-identity-aud-missing',
  'error',
  'identity',
  'A service identity block names at least one audience (aud).',
);
const CHECK_TYPE = defineRule(
  'check-type-invalid',
  'error',
  'check#type',
  `check type is one of ${CHECK_TYPES.join(', ')}.`,
);
// The server lowercases the type only to judge it; the client registers it as written.
const CHECK_TYPE_CASE = defineRule(
  'check-type-case',
  'error',
  'check#type',
  'A check type is written in lower case (a client-side check: the client uses it as written).',
);
const SCRIPT_COMMAND = defineRule(
  'check-script-command-missing',
  'error',
  'check#command',
  'A script check has a command.',
);
const CHECK_ADDRESS_MODE = defineRule(
  'check-address-mode-invalid',
  'error',
  'check#address_mode',
  `A check's address_mode is one of ${CHECK_ADDRESS_MODES.join(', ')} ("auto" is for services only).`,
);
export const HTTP_PATH = defineRule(
  'check-http-path-missing',
  'error',
  'check#path',
  'An http check has a path, one Go can parse as a URL.',
);
const INTERVAL = defineRule(
  'check-interval-missing',
  'error',
  'check#interval',
  'A check has an interval.',
);
const SECOND = 1_000_000_000;
const TIMEOUT_MISSING = defineRule(
  'check-timeout-missing',
  'error',
  'check#timeout',
  'A check has a timeout (Nomad rejects a check without one).',
);
const CHECK_MINIMUM = defineRule(
  'check-duration-minimum',
  'error',
  'check#interval',
  'check interval and timeout are at least 1s.',
);
// A warning: Nomad and Consul accept it, but checks then overlap.
const TIMEOUT = defineRule(
  'check-timeout-not-below-interval',
  'warning',
  'check#timeout',
  'A check timeout is below its interval.',
);

// A DNS label of at most 63 characters (Service.ValidateName).
const SERVICE_NAME = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])$/;
/** A runtime reference as Nomad's helper/args finds one. */
const ENV_REF = /\$\{([a-zA-Z0-9_.-]+)\}/g;

/**
 * The same name and port registered by the group and by a task (Nomad accepts it: the owners
 * differ; Consul gets the service twice). Twins of one owner are `service-not-unique`.
 */
export function checkServiceDuplicates(
  c: GroupCtx,
  services: readonly { svc: Service; at: string; owner: string }[],
): void {
  const seen = new Map<string, string>();
  for (const { svc, at, owner } of services) {
    const name = text(svc.name);
    if (name === undefined) continue;
    const key = `${name}\0${String(svc.port ?? '')}`;
    const first = seen.get(key);
    if (first !== undefined && first !== owner) {
      c.r.add(
        DUPLICATE,
        `${at}.name`,
        `service '${name}' on port '${String(svc.port ?? '')}' is declared more than once`,
        'remove the duplicate, or give it another name or port',
      );
    }
    if (first === undefined) seen.set(key, owner);
  }
}

export function checkService(c: ServiceCtx): void {
  const { r, service: s, serviceAt: at } = c;
  const provider = text(s.provider);
  if (provider !== undefined && !PROVIDERS.includes(provider)) {
    r.add(
      PROVIDER,
      `${at}.provider`,
      `service provider '${provider}' is not "consul" or "nomad"`,
      'use "consul" (Octant registers services in Consul for Traefik)',
    );
  }
  checkServiceName(c);
  const addressMode = text(s.addressMode);
  if (addressMode !== undefined && !ADDRESS_MODES.includes(addressMode)) {
    r.add(
      ADDRESS_MODE,
      `${at}.address_mode`,
      `address_mode '${s.addressMode}' is not one of ${ADDRESS_MODES.join(', ')}`,
      'use "auto" (the default) or "host"',
    );
  }
  checkAddressAndKind(c);
  if (typeof s.port === 'string' && !/^\d+$/.test(s.port))
    checkPortLabel(c, s.port, `${at}.port`, 'service.port');
  // sidecar_service.port needs no declaration: Nomad adds that port to the group network.
  arrayOf(s.check).forEach((ck, i) => checkCheck(c, ck, `${at}.check[${i}]`));
}

/** Service.Validate: an address goes with mode "auto", an identity has an audience; Consul's kinds. */
function checkAddressAndKind(c: ServiceCtx): void {
  const { service: s, serviceAt: at } = c;
  const mode = text(s.addressMode);
  const address = text(s.address);
  if (address && mode !== undefined && mode !== 'auto' && ADDRESS_MODES.includes(mode))
    c.r.add(
      ADDRESS_MODE,
      `${at}.address_mode`,
      `address '${address}' is set with address_mode '${mode}'`,
      'remove address_mode (an address needs "auto"), or remove address',
    );
  const kind = text(s.kind);
  if (kind && text(s.provider) !== 'nomad' && !KINDS.includes(kind))
    c.r.add(
      KIND,
      `${at}.kind`,
      `service kind '${kind}' is not one of ${KINDS.join(', ')}`,
      'remove kind (a typical service), or use one of the gateway kinds',
    );
  // Service.validateIdentity, for either provider.
  const aud = s.identity?.aud;
  if (s.identity !== undefined && (aud === undefined || (Array.isArray(aud) && aud.length === 0)))
    c.r.add(
      IDENTITY,
      `${at}.identity`,
      'the service identity has no audience',
      'set aud = ["consul.io"] (the audience Consul expects)',
    );
}

/**
 * The name Service.Validate checks: Service.Canonicalize first fills ${JOB}, ${TASKGROUP},
 * ${TASK} ("group" for a group service) and ${BASE}, then every other ${...} counts as the
 * 7 characters "ENV-VAR". An unnamed service is "<job>-<group>[-<task>]" (api Canonicalize).
 */
function nameAsChecked(c: ServiceCtx, name: string): string {
  const task = c.task?.name ?? 'group';
  const known: Readonly<Record<string, string>> = {
    JOB: c.job.name,
    TASKGROUP: c.group.name,
    TASK: task,
    BASE: `${c.job.name}-${c.group.name}-${task}`,
  };
  const filled = name.replace(ENV_REF, (ref: string, key: string) => known[key] ?? ref);
  return filled.replace(ENV_REF, 'ENV-VAR');
}

function checkServiceName(c: ServiceCtx): void {
  const given = c.service.name;
  const name =
    given === undefined || given === ''
      ? [c.job.name, c.group.name, ...(c.task ? [c.task.name] : [])].join('-')
      : text(given);
  if (name === undefined) return;
  // The Connect hook fills a sidecar or gateway name from the job's environment first, to a
  // length unknown here: only its literal text can be judged.
  const connect = c.service.connect?.sidecarService ?? c.service.connect?.gateway;
  const unknown = connect !== undefined && name.search(ENV_REF) >= 0;
  const checked = unknown ? name.replace(ENV_REF, '') : nameAsChecked(c, name);
  const bad = unknown
    ? checked.length > 63 || /[^a-zA-Z0-9-]/.test(checked)
    : !SERVICE_NAME.test(checked);
  if (!bad) return;
  c.r.add(
    NAME,
    `${c.serviceAt}.name`,
    given === undefined || given === ''
      ? `the service has no name, and the one Nomad gives it, '${name}', is not a valid DNS label`
      : `service name '${name}' is not a valid DNS label${checked === name ? '' : ` once Nomad fills it in ('${checked}')`}`,
    'use letters, digits and "-", at most 63 characters with ${...} counted as Nomad fills it in, e.g. "openclaw-gateway"',
  );
}

type Check = NonNullable<ServiceCtx['service']['check']>[number];

/** ServiceCheck.validateCommon: a script check needs its command; "auto" is not a check mode. */
function checkScriptAndAddress(c: ServiceCtx, ck: Check, cAt: string, type?: string): void {
  if (type === 'script' && (ck.command === undefined || text(ck.command) === ''))
    c.r.add(
      SCRIPT_COMMAND,
      `${cAt}.command`,
      'script check has no command',
      'set command = "/bin/sh" with args, e.g. args = ["-c", "pgrep openclaw"]',
    );
  const mode = text(ck.addressMode);
  if (mode !== undefined && mode !== '' && !CHECK_ADDRESS_MODES.includes(mode))
    c.r.add(
      CHECK_ADDRESS_MODE,
      `${cAt}.address_mode`,
      mode === 'auto'
        ? 'address_mode "auto" is for services only, not checks'
        : `check address_mode '${mode}' is not one of ${CHECK_ADDRESS_MODES.join(', ')}`,
      'remove address_mode from the check (it then follows its service), or use "host" or "driver"',
    );
}

/** A check's type (http with a path), port label, and interval and timeout Nomad accepts. */
function checkCheck(c: ServiceCtx, ck: Check, cAt: string): void {
  const { r } = c;
  // ServiceCheck.validateCommon lowercases the type: "HTTP" is an http check.
  const written = text(ck.type);
  const type = written?.toLowerCase();
  if (type === undefined || !CHECK_TYPES.includes(type)) {
    r.add(
      CHECK_TYPE,
      `${cAt}.type`,
      `check type '${type ?? ''}' is not one of ${CHECK_TYPES.join(', ')}`,
      'use "http" with a path, or "tcp"',
    );
  } else if (written !== type) {
    // command/agent/consul/service_client.go and client/serviceregistration/checks switch on it.
    r.add(
      CHECK_TYPE_CASE,
      `${cAt}.type`,
      `check type '${written}' is not in lower case: Nomad's server accepts it, but Consul refuses to register it and a Nomad-provider check runs it as tcp`,
      `write type = "${type}"`,
    );
  }
  if (type === 'http' && (ck.path === undefined || text(ck.path) === '')) {
    r.add(
      HTTP_PATH,
      `${cAt}.path`,
      'http check has no path',
      'set path = "/health" (the OpenClaw gateway health endpoint)',
    );
  }
  checkScriptAndAddress(c, ck, cAt, type);
  const ckPort = text(ck.port);
  if (ckPort !== undefined && !/^\d+$/.test(ckPort))
    checkPortLabel(c, ckPort, `${cAt}.port`, 'check.port');
  const interval = duration(r, ck.interval, `${cAt}.interval`);
  const timeout = duration(r, ck.timeout, `${cAt}.timeout`);
  if (ck.interval === undefined && type !== undefined && CHECK_TYPES.includes(type)) {
    r.add(INTERVAL, `${cAt}.interval`, `${type} check has no interval`, 'set interval = "10s"');
  }
  if (ck.timeout === undefined && type !== undefined && CHECK_TYPES.includes(type)) {
    r.add(TIMEOUT_MISSING, `${cAt}.timeout`, `${type} check has no timeout`, 'set timeout = "2s"');
  }
  for (const [name, ns, written] of [
    ['interval', interval, ck.interval],
    ['timeout', timeout, ck.timeout],
  ] as const) {
    if (ns !== undefined && ns < SECOND) {
      r.add(
        CHECK_MINIMUM,
        `${cAt}.${name}`,
        `check ${name} ${written ?? ''} is below Nomad's minimum of 1s`,
        `set ${name} to "1s" or more`,
      );
    }
  }
  if (interval !== undefined && timeout !== undefined && timeout >= interval) {
    r.add(
      TIMEOUT,
      `${cAt}.timeout`,
      `timeout ${ck.timeout ?? ''} is not below interval ${ck.interval ?? ''}`,
      'make timeout shorter than interval, e.g. interval "10s", timeout "2s"',
    );
  }
  duration(r, ck.checkRestart?.grace, `${cAt}.check_restart.grace`);
}
