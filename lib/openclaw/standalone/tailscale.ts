import type { PodmanStackSpec } from '../../terraform/podman-stack';
import { UserError } from '../../util/errors';
import { CONFIG_PATH_IN_CONTAINER, GATEWAY_PORT, type GatewaySettings } from '../gateway-settings';
import { QUADLET_NETWORK } from './quadlet';
import type { TailscaleServeConfig } from './tailscale-schema';

/**
 * Tailscale Serve in front of the standalone gateway: HTTPS on the tailnet with no port open on
 * the LAN. The host's tailscaled owns the route (`tailscale serve --bg`), as OpenClaw's Podman
 * guide prefers over the gateway managing Serve from inside a container; the gateway is
 * published on 127.0.0.1 only. Serve forwards with X-Forwarded-* headers, so the gateway must
 * trust the immediate source of those connections (`gateway.trustedProxies`): host loopback, or
 * the Quadlet network's gateway address through Podman's port forwarding. Token auth stays on.
 */

export interface TailscaleServeSettings {
  readonly httpsPort: number;
  /** `http://127.0.0.1:<published http port>` */
  readonly target: string;
  readonly hostname?: string;
  readonly trustedProxies: readonly string[];
  readonly allowedOrigins: readonly string[];
}

export function resolveTailscaleServe(
  settings: GatewaySettings,
  config: TailscaleServeConfig,
): TailscaleServeSettings | undefined {
  if (config === undefined || !config.enabled) return undefined;
  if (settings.bind !== 'loopback') {
    throw new UserError(
      `${settings.where}.tailscaleServe`,
      `Tailscale Serve proxies to 127.0.0.1, but bind "${settings.bind}" also publishes the gateway unencrypted beyond the host`,
      `set ${settings.where}.bind to "loopback" (Serve is then the only way in from other machines), or remove tailscaleServe`,
    );
  }
  const http = settings.ports.find((p) => p.label === 'http');
  const port = http?.hostPort ?? http?.containerPort ?? GATEWAY_PORT;
  const origin =
    config.hostname === undefined
      ? []
      : [`https://${config.hostname}${config.httpsPort === 443 ? '' : `:${config.httpsPort}`}`];
  return {
    httpsPort: config.httpsPort,
    target: `http://127.0.0.1:${port}`,
    ...(config.hostname !== undefined ? { hostname: config.hostname } : {}),
    trustedProxies: ['127.0.0.1', '::1', QUADLET_NETWORK.gateway],
    allowedOrigins: origin,
  };
}

/** The gateway settings Serve needs, added to the openclaw.json Phase 1 uploads. */
export function withTailscaleServe(
  spec: PodmanStackSpec,
  serve: TailscaleServeSettings,
): PodmanStackSpec {
  const uploads = (spec.container.uploads ?? []).map((u) => {
    if (u.file !== CONFIG_PATH_IN_CONTAINER) return u;
    const config = JSON.parse(u.content) as { gateway?: Record<string, unknown> };
    const gateway = { ...(config.gateway ?? {}) };
    gateway.trustedProxies = [...serve.trustedProxies];
    if (serve.allowedOrigins.length > 0) {
      const controlUi = (gateway.controlUi ?? {}) as Record<string, unknown>;
      gateway.controlUi = { ...controlUi, allowedOrigins: [...serve.allowedOrigins] };
    }
    return { ...u, content: `${JSON.stringify({ ...config, gateway }, null, 2)}\n` };
  });
  return { ...spec, container: { ...spec.container, uploads } };
}

/** The command that sets up the route on the Podman host. */
export function tailscaleServeCommand(serve: TailscaleServeSettings): string {
  return `tailscale serve --bg --https=${serve.httpsPort} ${serve.target}`;
}

/** README: the plan's three ways in (SSH tunnel, Tailscale Serve, direct LAN). */
export function accessReadmeSection(
  serve: TailscaleServeSettings | undefined,
  localPort: number,
): string {
  const url =
    serve?.hostname !== undefined
      ? `https://${serve.hostname}${serve.httpsPort === 443 ? '' : `:${serve.httpsPort}`}`
      : 'https://<host>.<tailnet>.ts.net';
  const lines = [
    '| Access | How | When |',
    '| --- | --- | --- |',
    `| SSH tunnel | \`ssh -N -L ${localPort}:127.0.0.1:${localPort} user@host\`, then http://127.0.0.1:${localPort} | always works; nothing else exposed |`,
    `| Tailscale Serve | ${serve !== undefined ? `\`${tailscaleServeCommand(serve)}\` on the host, then ${url}` : 'set `gateways[].tailscaleServe` (with bind `loopback`)'} | HTTPS for every device on the tailnet (the plan's recommendation) |`,
    '| Direct LAN | bind `lan`, then http://<host>:' +
      localPort +
      ' | plain HTTP on the LAN; token auth only |',
  ];
  if (serve !== undefined) {
    lines.push(
      '',
      `Tailscale Serve is on: the gateway is published on 127.0.0.1 only and openclaw.json trusts ` +
        `the proxy sources ${serve.trustedProxies.map((p) => `\`${p}\``).join(', ')} ` +
        '(`gateway.trustedProxies`; the last one is the Quadlet network gateway Podman forwards from)' +
        (serve.allowedOrigins.length > 0
          ? ` and allows the origin ${serve.allowedOrigins.map((o) => `\`${o}\``).join(', ')}.`
          : '; OpenClaw accepts same-origin Control UI loads from `*.ts.net` without an allowed origin.') +
        ' Token auth stays on. Set it up once on the host (the route survives reboots with `--bg`):',
      '',
      '```bash',
      tailscaleServeCommand(serve),
      'tailscale serve status',
      '```',
    );
  }
  return lines.join('\n');
}
