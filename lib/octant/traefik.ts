import type { Str } from '../nomad/model';
import { UserError } from '../util/errors';
import { concatStr } from './str';

/** Octant's Traefik entrypoints: plain HTTP and HTTPS. */
export const OCTANT_ENTRYPOINTS: readonly string[] = ['web', 'websecure'];
/**
 * The group `shutdown_delay` of a service Traefik routes to: Nomad deregisters the service from
 * Consul, waits this long, then stops the task. Traefik's Consul Catalog provider re-reads the
 * catalog every 15s (its `refreshInterval` default), so after 15s no new request reaches the
 * stopping instance; Nomad warns about a service group without a delay.
 */
export const SERVICE_SHUTDOWN_DELAY = '15s';
/** Octant's HTTP -> HTTPS redirect, the `@internal` middleware Octant's Traefik config defines. */
export const REDIRECT_WEB_TO_WEBSECURE = 'redirect-web-to-websecure@internal';

export interface TraefikRouterOptions {
  /** Router name in `traefik.http.routers.<router>.*` (Octant uses the service name). */
  readonly router: Str;
  /** Host the router matches: `Host(\`<host>\`)`. */
  readonly host: Str;
  /** @default ['web', 'websecure'] */
  readonly entrypoints?: readonly string[];
  /** @default ['redirect-web-to-websecure@internal'] */
  readonly middlewares?: readonly string[];
  /** Certificate resolver for the router's TLS certificate. @default - no certresolver tag */
  readonly certresolver?: Str;
  /** Emit `tls=true` for the router. @default false (Octant relies on the certresolver tag) */
  readonly tls?: boolean;
}

const LABEL = /^[A-Za-z0-9@._-]+$/;

function checkNames(field: string, names: readonly string[]): void {
  for (const n of names) {
    if (!LABEL.test(n)) {
      throw new UserError(
        `traefik.${field}`,
        `'${n}' is not a valid Traefik name (letters, digits, '.', '_', '-', '@')`,
        'use the name as Traefik knows it, e.g. redirect-web-to-websecure@internal',
      );
    }
  }
}

/**
 * The Consul service tags Octant puts on every web service so Traefik (consulcatalog provider)
 * routes `https://<host>` to it, in Octant's order: enable, consulcatalog.connect=false, rule,
 * entrypoints, tls, middlewares.
 */
export function traefikTags(options: TraefikRouterOptions): Str[] {
  const entrypoints = options.entrypoints ?? OCTANT_ENTRYPOINTS;
  const middlewares = options.middlewares ?? [REDIRECT_WEB_TO_WEBSECURE];
  checkNames('entrypoints', entrypoints);
  checkNames('middlewares', middlewares);
  if (entrypoints.length === 0) {
    throw new UserError('traefik.entrypoints', 'no entrypoint given', "use ['web', 'websecure']");
  }
  const router = (key: string, value: Str): Str =>
    concatStr('traefik.http.routers.', options.router, `.${key}=`, value);
  const tags: Str[] = [
    'traefik.enable=true',
    'traefik.consulcatalog.connect=false',
    router('rule', concatStr('Host(`', options.host, '`)')),
    router('entrypoints', entrypoints.join(',')),
  ];
  if (options.tls === true) tags.push(router('tls', 'true'));
  if (options.certresolver !== undefined) {
    tags.push(router('tls.certresolver', options.certresolver));
  }
  if (middlewares.length > 0) tags.push(router('middlewares', middlewares.join(',')));
  return tags;
}
