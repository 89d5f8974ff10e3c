import { Check, Service } from '../model';
import { defineRule } from './diagnostic';
import { GroupCtx, ServiceCtx } from './context';
import { checkServiceChecks } from './service-checks';
import { checkConnect, checkExpose, checkUpstreams } from './service-connect';
import { arrayOf, text } from './values';

// Service rules of Nomad's server that depend on where a service sits (group or task), on its
// provider, or on its siblings.

const SCOPE = defineRule(
  'service-scope-invalid',
  'error',
  'service#address_mode',
  'address_mode "driver" is for task services, "alloc" for group services; connect is for group services.',
);
const CHECK_PORT = defineRule(
  'check-port-invalid',
  'error',
  'check#port',
  'An http, tcp or grpc check has a port (its own or the service\'s); a numeric port needs address_mode = "driver".',
);
const CHECK_NAME = defineRule(
  'check-name-duplicate',
  'error',
  'check#name',
  'The checks of a task service have different names (an unnamed check is named after its service).',
);
const SCRIPT_TASK = defineRule(
  'check-script-task-missing',
  'error',
  'check#task',
  'A script check of a group service names the task it runs in (service or check `task`).',
);
const PROVIDERS = defineRule(
  'service-provider-mixed',
  'error',
  'service#provider',
  'All services of a group use the same provider.',
);
const PROVIDER_RULES = defineRule(
  'service-provider-features',
  'error',
  'service#provider',
  'Nomad-provider services have no connect block and only http or tcp checks; tcp checks are not for Connect services; http check paths are relative.',
);
const TASK = defineRule(
  'service-task-invalid',
  'error',
  'service#task',
  'A task service names only its own task; a group check (or its service) names a task of the group, and then has no address_mode "driver".',
);
const NOT_UNIQUE = defineRule(
  'service-not-unique',
  'error',
  'service',
  'Services of one group or one task differ in name or port.',
);

function add(c: ServiceCtx, at: string, message: string, hint: string): void {
  c.r.add(SCOPE, at, message, hint);
}

/** Rules of one service that depend on whether it belongs to the group or to a task. */
export function checkServiceScope(c: ServiceCtx): void {
  const { service: s, serviceAt: at } = c;
  const mode = text(s.addressMode);
  if (c.task === undefined && mode === 'driver')
    add(
      c,
      `${at}.address_mode`,
      'a group service cannot use address_mode "driver"',
      'move the service into the task, or use "host"',
    );
  if (c.task !== undefined && (mode === 'alloc' || mode === 'alloc_ipv6'))
    add(
      c,
      `${at}.address_mode`,
      `a task service cannot use address_mode "${mode}"`,
      'move the service to the group, or use "host"',
    );
  if (c.task !== undefined && s.connect !== undefined)
    add(
      c,
      `${at}.connect`,
      'a task service cannot have a connect block',
      'move the service to the group',
    );
  checkProviderFeatures(c);
  arrayOf(s.check).forEach((ck, i) => checkCheck(c, ck, `${at}.check[${i}]`));
  if (c.task !== undefined) checkCheckNames(c);
  checkTaskNames(c);
  checkServiceChecks(c);
  checkConnect(c);
  checkExpose(c);
}

/**
 * TaskGroup.validateServices: a task service names no other task; a group check runs in the
 * task it or its service names (ServiceCheck.Canonicalize), which must exist and excludes
 * address_mode "driver". A task check's own task is dropped by the HTTP API.
 */
function checkTaskNames(c: ServiceCtx): void {
  const { service: s, serviceAt: at } = c;
  const svcTask = text(s.task);
  if (c.task !== undefined) {
    if (svcTask && svcTask !== c.task.name)
      c.r.add(
        TASK,
        `${at}.task`,
        `the service of task '${c.task.name}' names task '${svcTask}'`,
        'remove task (a task service runs in its own task)',
      );
    return;
  }
  const tasks = new Set(arrayOf(c.group.task).map((t) => t.name));
  arrayOf(s.check).forEach((ck, i) => {
    const own = text(ck.task);
    const task = own || svcTask;
    if (!task) return;
    const cAt = `${at}.check[${i}]`;
    if (!tasks.has(task))
      c.r.add(
        TASK,
        own ? `${cAt}.task` : `${at}.task`,
        `the check runs in task '${task}', which the group does not have`,
        `name one of the group's tasks: ${[...tasks].join(', ')}`,
      );
    if (text(ck.addressMode) === 'driver')
      c.r.add(
        TASK,
        `${cAt}.address_mode`,
        `a group check run in task '${task}' cannot use address_mode "driver"`,
        'use "host" or "alloc", or move the service into the task',
      );
  });
}

function checkProviderFeatures(c: ServiceCtx): void {
  const { service: s, serviceAt: at } = c;
  const nomad = text(s.provider) === 'nomad';
  const sidecar = s.connect?.sidecarService !== undefined;
  if (nomad && s.connect !== undefined)
    c.r.add(
      PROVIDER_RULES,
      `${at}.connect`,
      'a service with provider "nomad" cannot use Consul Connect',
      'use provider = "consul"',
    );
  arrayOf(s.check).forEach((ck, i) => {
    const type = text(ck.type)?.toLowerCase();
    const cAt = `${at}.check[${i}]`;
    if (nomad && (type === 'grpc' || type === 'script'))
      c.r.add(
        PROVIDER_RULES,
        `${cAt}.type`,
        `a ${type} check needs provider "consul"`,
        'use an http or tcp check, or provider = "consul"',
      );
    if (type === 'tcp' && sidecar && !nomad)
      c.r.add(
        PROVIDER_RULES,
        `${cAt}.type`,
        'a tcp check cannot reach a Connect service (it listens on loopback)',
        'use an http check with expose = true',
      );
    const path = text(ck.path);
    if (type === 'http' && path !== undefined && /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path))
      c.r.add(
        PROVIDER_RULES,
        `${cAt}.path`,
        `http check path '${path}' is an absolute URL`,
        'give the path only, e.g. "/health"',
      );
  });
}

function checkCheck(c: ServiceCtx, ck: Check, at: string): void {
  const type = text(ck.type)?.toLowerCase();
  if (
    type === 'script' &&
    c.task === undefined &&
    text(c.service.task) === undefined &&
    text(ck.task) === undefined
  ) {
    c.r.add(
      SCRIPT_TASK,
      `${at}.task`,
      'a script check of a group service does not say which task runs it',
      'set task = "<task name>" on the check or the service',
    );
  }
  if (type !== 'http' && type !== 'tcp' && type !== 'grpc') return;
  const port = text(ck.port) ?? text(c.service.port);
  if (port === undefined) {
    if (ck.port === undefined && c.service.port === undefined)
      c.r.add(
        CHECK_PORT,
        `${at}.port`,
        `the ${type} check has no port, and neither has its service`,
        'set port = "<label>" on the service',
      );
    return;
  }
  if (c.task === undefined || !/^\d+$/.test(port)) return;
  if (text(ck.addressMode) === 'driver') {
    if (Number(port) <= 0)
      c.r.add(CHECK_PORT, `${at}.port`, `check port ${port} is not a port`, 'use a port above 0');
  } else {
    c.r.add(
      CHECK_PORT,
      `${at}.port`,
      `the check uses numeric port ${port} without address_mode = "driver"`,
      'use a port label, or set address_mode = "driver" on the check',
    );
  }
}

/** Nomad names an unnamed check `service: "<name>" check`, so two unnamed checks collide. */
function checkCheckNames(c: ServiceCtx): void {
  const seen = new Set<string>();
  arrayOf(c.service.check).forEach((ck, i) => {
    const name = text(ck.name) ?? `service: "${text(c.service.name) ?? ''}" check`;
    if (seen.has(name))
      c.r.add(
        CHECK_NAME,
        `${c.serviceAt}.check[${i}].name`,
        `check name '${name}' is used twice in this service`,
        'give each check its own name',
      );
    seen.add(name);
  });
}

/** Group-wide service rules: one provider, and no two services of one owner alike. */
export function checkGroupServices(
  g: GroupCtx,
  services: readonly { svc: Service; at: string; owner: string }[],
): void {
  const providers = new Set(services.map(({ svc }) => text(svc.provider) ?? 'consul'));
  if (providers.size > 1) {
    g.r.add(
      PROVIDERS,
      `${g.groupAt}.service`,
      `the group's services use the providers ${[...providers].join(' and ')}`,
      'use one provider for every service of the group',
    );
  }
  checkUpstreams(g);
  const seen = new Set<string>();
  for (const { svc, at, owner } of services) {
    const name = text(svc.name);
    if (name === undefined) continue;
    const key = `${owner}\0${name}\0${text(svc.port) ?? ''}`;
    if (seen.has(key))
      g.r.add(
        NOT_UNIQUE,
        `${at}.name`,
        `service '${name}' on port '${text(svc.port) ?? ''}' is declared twice in ${owner === '' ? 'the group' : `task '${owner}'`}`,
        'remove the duplicate, or give it another name or port',
      );
    seen.add(key);
  }
}
