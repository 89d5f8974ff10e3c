import { homepageTags } from '../../octant/homepage';
import { traefikTags } from '../../octant/traefik';
import type { Str } from '../../nomad/model';
import type { ConsulStackSpec } from '../../terraform/consul-stack';
import { UserError } from '../../util/errors';
import type { GatewaySettings } from '../gateway-settings';

/**
 * Phase 2: the standalone gateway registered in Consul as an external service, with the same
 * Traefik (and homepage) tags as the Nomad service, so `https://<name>.<domain>` works before
 * Nomad runs the gateway. Consul agents do not probe catalog-registered services; consul-esm
 * does, for nodes carrying the `external-node`/`external-probe` meta.
 */

export const CONSUL_STACK_ID = 'openclaw-consul';

export interface StandaloneConsulOptions {
  /**
   * Address Traefik reaches the Podman host at.
   * @default - the tailnet address when bind is `tailnet`; required for `lan` and `loopback`
   */
  readonly hostAddress?: string;
  /** Catalog node name of the Podman host. @default `<service>-podman` */
  readonly nodeName?: string;
  /**
   * Initial check status. Starts `passing` so Traefik routes at once; consul-esm then keeps it
   * truthful. @default 'passing'
   */
  readonly initialStatus?: 'passing' | 'warning' | 'critical';
  /** Local state file for the stack. @default - Terraform's default */
  readonly localStatePath?: string;
}

/** Tags built by lib/octant from plain values are plain strings. */
function plain(tags: readonly Str[]): string[] {
  return tags.map((t) => {
    if (typeof t !== 'string')
      throw new Error('internal: tag built from plain values is not plain');
    return t;
  });
}

function hostAddress(settings: GatewaySettings, given: string | undefined): string {
  if (given !== undefined) return given;
  if (settings.bind === 'tailnet' && settings.tailnetAddress !== undefined)
    return settings.tailnetAddress;
  const why =
    settings.bind === 'loopback'
      ? 'bind "loopback" publishes the gateway on 127.0.0.1 of the Podman host only, which Traefik on another node cannot reach'
      : 'bind "lan" publishes the gateway on every interface of the Podman host, but which address Traefik should use is not known';
  throw new UserError(
    `${settings.where}.bind`,
    `the Consul registration needs the Podman host's address: ${why}`,
    settings.bind === 'loopback'
      ? 'bind "lan" or "tailnet" for Phase 2 (or pass the host address explicitly if Traefik runs on that host)'
      : 'pass the host address Traefik reaches (its LAN or Tailscale IP), or bind "tailnet" with tailnetAddress',
  );
}

/** The Phase 2 stack spec of one gateway. */
export function consulStackSpec(
  settings: GatewaySettings,
  options: StandaloneConsulOptions = {},
): ConsulStackSpec {
  const address = hostAddress(settings, options.hostAddress);
  const http = settings.ports.find((p) => p.label === 'http');
  if (http === undefined) throw new Error('internal: gateway settings have no http port');
  const port = http.hostPort ?? http.containerPort;
  const host = `${settings.name}.${settings.domain}`;

  const tags: string[] = [];
  if (settings.traefik) {
    tags.push(
      ...plain(traefikTags({ router: settings.name, host, certresolver: settings.certresolver })),
    );
  }
  if (settings.homepage !== undefined) {
    const h = settings.homepage;
    tags.push(
      ...plain(
        homepageTags({
          group: h.group,
          name: h.name,
          ...(h.icon !== undefined ? { icon: h.icon } : {}),
          href: `https://${host}`,
          ...(h.description !== undefined ? { description: h.description } : {}),
        }),
      ),
    );
  }

  const consul = settings.consulAddress.includes('://')
    ? settings.consulAddress
    : `http://${settings.consulAddress}:8500`;
  const nodeName = options.nodeName ?? `${settings.name}-podman`;
  return {
    address: consul,
    datacenter: settings.datacenter,
    node: {
      name: nodeName,
      address,
      meta: { 'external-node': 'true', 'external-probe': 'true' },
    },
    service: {
      name: settings.name,
      port,
      address,
      tags,
      meta: { phase: 'podman' },
      check: {
        checkId: `${settings.name}-health`,
        name: `${settings.name} health`,
        http: `http://${address}:${port}${settings.health.path}`,
        method: 'GET',
        interval: settings.health.interval,
        timeout: settings.health.timeout,
        status: options.initialStatus ?? 'passing',
      },
    },
    ...(options.localStatePath !== undefined ? { localStatePath: options.localStatePath } : {}),
  };
}
