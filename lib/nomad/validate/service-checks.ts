import { Check, Service } from '../model';
import { defineRule } from './diagnostic';
import { ServiceCtx } from './context';
import { HTTP_PATH } from './services';
import { arrayOf, duration, numberOf, text } from './values';

// The options of one check that ServiceCheck.validateCommon, validateNomad and validateConsul
// judge, as the server sees them: api Service.Canonicalize gives a check its service's on_update
// and merges the service's check_restart into it, and clamps negative thresholds to 0.

const ON_UPDATES = ['require_healthy', 'ignore_warnings', 'ignore'];
const STATUSES = ['passing', 'warning', 'critical'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'];
const THRESHOLDS = [
  ['successBeforePassing', 'success_before_passing'],
  ['failuresBeforeCritical', 'failures_before_critical'],
  ['failuresBeforeWarning', 'failures_before_warning'],
] as const;

const ON_UPDATE = defineRule(
  'service-on-update-invalid',
  'error',
  'service#on_update',
  'on_update is require_healthy, ignore_warnings or ignore; a check with check_restart cannot use "ignore", and "ignore_warnings" needs check_restart.ignore_warnings.',
);
const INITIAL_STATUS = defineRule(
  'check-initial-status-invalid',
  'error',
  'check#initial_status',
  `A check's initial_status is ${STATUSES.join(', ')} or unset.`,
);
const CHECK_RESTART = defineRule(
  'check-restart-invalid',
  'error',
  'check_restart#limit',
  'check_restart limit is 0 or more.',
);
const CONSUL_OPTIONS = defineRule(
  'check-consul-options-invalid',
  'error',
  'check#expose',
  'expose is for http and grpc checks; success_before_passing and failures_before_* for http, tcp and grpc checks; notes are at most 255 characters.',
);
// Nomad's own checks (provider "nomad") lack several options of Consul's.
const NOMAD_OPTIONS = defineRule(
  'check-nomad-options-invalid',
  'error',
  'check#expose',
  'A check of a provider "nomad" service has no expose, tls_server_name, address_mode "driver", success/failure thresholds or "ignore_warnings", and an http method Go knows.',
);

type Restart = NonNullable<Check['checkRestart']>;

/** api CheckRestart.Merge: the check's own values win (a limit only when above 0). */
function mergedRestart(s: Service, ck: Check): Restart | undefined {
  const svc = s.checkRestart;
  const own = ck.checkRestart;
  if (svc === undefined || own === undefined) return own ?? svc;
  const limit = numberOf(own.limit);
  return {
    limit: limit !== undefined && limit > 0 ? limit : svc.limit,
    grace: own.grace ?? svc.grace,
    ignoreWarnings: own.ignoreWarnings === true || svc.ignoreWarnings === true,
  };
}

/** The on_update, initial_status and check_restart rules of every check; then per provider. */
export function checkServiceChecks(c: ServiceCtx): void {
  const { r, service: s, serviceAt: at } = c;
  const svcOnUpdate = text(s.onUpdate);
  if (svcOnUpdate !== undefined && svcOnUpdate !== '' && !ON_UPDATES.includes(svcOnUpdate))
    r.add(
      ON_UPDATE,
      `${at}.on_update`,
      `service on_update '${svcOnUpdate}' is not one of ${ON_UPDATES.join(', ')}`,
      'use "require_healthy" (the default), "ignore_warnings" or "ignore"',
    );
  // Service.Canonicalize merges it into each check, where Nomad checks it.
  if (arrayOf(s.check).length > 0) duration(r, s.checkRestart?.grace, `${at}.check_restart.grace`);
  arrayOf(s.check).forEach((ck, i) => checkOne(c, ck, `${at}.check[${i}]`));
}

function checkOne(c: ServiceCtx, ck: Check, cAt: string): void {
  const { r } = c;
  const own = text(ck.onUpdate);
  const onUpdate = own === undefined || own === '' ? text(c.service.onUpdate) : own;
  const restart = mergedRestart(c.service, ck);
  if (own !== undefined && own !== '' && !ON_UPDATES.includes(own))
    r.add(
      ON_UPDATE,
      `${cAt}.on_update`,
      `check on_update '${own}' is not one of ${ON_UPDATES.join(', ')}`,
      'use "require_healthy" (the default), "ignore_warnings" or "ignore"',
    );
  if (restart !== undefined && onUpdate === 'ignore')
    r.add(
      ON_UPDATE,
      `${cAt}.on_update`,
      'on_update "ignore" cannot be used with check_restart',
      'remove check_restart, or use on_update = "require_healthy"',
    );
  if (restart !== undefined && onUpdate === 'ignore_warnings' && restart.ignoreWarnings !== true)
    r.add(
      ON_UPDATE,
      `${cAt}.on_update`,
      'on_update "ignore_warnings" needs check_restart.ignore_warnings = true',
      'set ignore_warnings = true in check_restart',
    );
  const status = text(ck.initialStatus);
  if (status !== undefined && status !== '' && !STATUSES.includes(status))
    r.add(
      INITIAL_STATUS,
      `${cAt}.initial_status`,
      `initial_status '${status}' is not one of ${STATUSES.join(', ')}`,
      'use "critical" (until the first check passes), "warning" or "passing", or leave it unset',
    );
  const limit = numberOf(restart?.limit);
  if (limit !== undefined && limit < 0)
    r.add(
      CHECK_RESTART,
      `${cAt}.check_restart.limit`,
      `check_restart limit ${limit} is negative`,
      'use 0 (never restart) or a number of failures, e.g. 3',
    );
  checkPathParses(c, ck, cAt);
  if (text(c.service.provider) === 'nomad') checkNomadCheck(c, ck, cAt, onUpdate, restart);
  else checkConsulCheck(c, ck, cAt);
}

/** Why Go's url.Parse refuses a path, if it does (an absolute URL is judged elsewhere). */
function pathProblem(path: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path)) return 'has a control character';
  if (path.startsWith(':')) return 'starts with ":"';
  const [beforeQuery] = path.split('?');
  const fragment = path.includes('#') ? path.slice(path.indexOf('#') + 1) : '';
  const badEscape = /%(?![0-9a-fA-F]{2})/;
  if (badEscape.test(beforeQuery.split('#')[0]) || badEscape.test(fragment))
    return 'has a "%" not followed by two hex digits';
  const first = beforeQuery.split('/')[0];
  if (first.includes(':') && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(first))
    return 'has a ":" in its first segment';
  return undefined;
}

/** ServiceCheck.validateCommon: an http check's path is a URL Go parses. */
function checkPathParses(c: ServiceCtx, ck: Check, cAt: string): void {
  const path = text(ck.path);
  if (text(ck.type)?.toLowerCase() !== 'http' || !path) return;
  const problem = pathProblem(path);
  if (problem !== undefined)
    c.r.add(
      HTTP_PATH,
      `${cAt}.path`,
      `http check path '${path}' ${problem}, so it is not a valid URL path`,
      'write a path such as "/health", with "%" only as in "%20"',
    );
}

/** ServiceCheck.validateConsul: what Consul's checks take per type. */
function checkConsulCheck(c: ServiceCtx, ck: Check, cAt: string): void {
  const raw = text(ck.type);
  const type = raw?.toLowerCase();
  if (ck.expose === true && type !== undefined && type !== 'http' && type !== 'grpc')
    c.r.add(
      CONSUL_OPTIONS,
      `${cAt}.expose`,
      `expose is set on a ${type} check`,
      'remove expose, or use an http or grpc check',
    );
  // Nomad compares the type as written here: "HTTP" has no thresholds.
  for (const [field, hcl] of THRESHOLDS) {
    const n = numberOf(ck[field]);
    if (n !== undefined && n > 0 && raw !== undefined && !['tcp', 'http', 'grpc'].includes(raw))
      c.r.add(
        CONSUL_OPTIONS,
        `${cAt}.${hcl}`,
        `${hcl} is set on a check of type '${raw}'`,
        `remove ${hcl}, or use an http, tcp or grpc check (type in lower case)`,
      );
  }
  const notes = text(ck.notes);
  if (notes !== undefined && notes.length > 255)
    c.r.add(
      CONSUL_OPTIONS,
      `${cAt}.notes`,
      `check notes are ${notes.length} characters long`,
      'shorten notes to 255 characters at most',
    );
}

/** ServiceCheck.validateNomad: the options only Consul's checks have. */
function checkNomadCheck(
  c: ServiceCtx,
  ck: Check,
  cAt: string,
  onUpdate: string | undefined,
  restart: Restart | undefined,
): void {
  const bad: [string, string][] = [];
  if (ck.expose === true) bad.push(['expose', 'expose is set']);
  if (onUpdate === 'ignore_warnings') bad.push(['on_update', 'on_update is "ignore_warnings"']);
  if (restart?.ignoreWarnings === true)
    bad.push(['check_restart.ignore_warnings', 'check_restart.ignore_warnings is set']);
  if (text(ck.addressMode) === 'driver') bad.push(['address_mode', 'address_mode is "driver"']);
  const method = text(ck.method);
  if (text(ck.type) === 'http' && method && !METHODS.includes(method.toUpperCase()))
    bad.push(['method', `method '${method}' is not an HTTP method`]);
  for (const [field, hcl] of THRESHOLDS) {
    const n = numberOf(ck[field]);
    if (n !== undefined && n > 0) bad.push([hcl, `${hcl} is set`]);
  }
  if (text(ck.tlsServerName)) bad.push(['tls_server_name', 'tls_server_name is set']);
  for (const [field, what] of bad)
    c.r.add(
      NOMAD_OPTIONS,
      `${cAt}.${field}`,
      `${what} on a check of a provider "nomad" service`,
      `remove ${field.replace(/^check_restart\./, '')} from the check, or use provider = "consul"`,
    );
}
