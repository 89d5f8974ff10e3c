import type { PodmanImageBuild, PodmanStackSpec } from '../../terraform/podman-stack';
import { UserError } from '../../util/errors';
import {
  CONFIG_PATH_IN_CONTAINER,
  openClawJsonInput,
  type GatewaySettings,
} from '../gateway-settings';
import { DEFAULT_PODMAN_UID } from '../defaults';
import { renderOpenClawJson } from '../routing/openclaw-json';
import { secretReadCommand } from '../onboarding';

/**
 * Phase 1: the gateway as one rootless Podman container, built from the same
 * {@link GatewaySettings} as the Nomad job (image, command, ports, volumes, env, secrets).
 * Only what is specific to a bare container is decided here: the publish address, the
 * healthcheck and the restart policy.
 */

export const PODMAN_STACK_ID = 'openclaw-podman';

export interface StandalonePodmanOptions {
  /** Uid of the rootless Podman user on the host. @default DEFAULT_PODMAN_UID (1000) */
  readonly uid?: number;
  /** Podman API socket. @default - `unix:///run/user/<uid>/podman/podman.sock` */
  readonly socket?: string;
  /** Build the image on the host from a context. @default - pull (or use the local image) */
  readonly build?: PodmanImageBuild;
  /** Local state file for the stack. @default - Terraform's default */
  readonly localStatePath?: string;
}

/** Host address ports are published on: 127.0.0.1 for loopback, all interfaces for lan. */
export function publishAddress(
  settings: Pick<GatewaySettings, 'bind' | 'tailnetAddress' | 'where'>,
): string {
  switch (settings.bind) {
    case 'loopback':
      return '127.0.0.1';
    case 'lan':
      return '0.0.0.0';
    case 'tailnet':
      if (settings.tailnetAddress === undefined) {
        throw new UserError(
          `${settings.where}.tailnetAddress`,
          'bind "tailnet" needs the Tailscale address of the host to publish the ports on',
          `set ${settings.where}.tailnetAddress to the host's 100.x.y.z address (tailscale ip -4)`,
        );
      }
      return settings.tailnetAddress;
  }
}

/**
 * The container's command: the gateway's, except that the process binds `lan` inside the
 * container's own network namespace. Published ports reach only that interface, so a
 * process bound to the namespace's loopback would be unreachable; what the site's `bind`
 * controls on the host is the publish address.
 */
function containerCommand(settings: GatewaySettings): string[] {
  const cmd = [...settings.command];
  const i = cmd.indexOf('--bind');
  if (i >= 0 && i + 1 < cmd.length) cmd[i + 1] = 'lan';
  return cmd;
}

/** The health check run inside the container: node is always there, curl may not be. */
export function healthcheckCommand(port: number, path: string): string[] {
  const url = `http://127.0.0.1:${port}${path}`;
  return [
    'CMD',
    'node',
    '-e',
    `fetch(${JSON.stringify(url)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
  ];
}

function secretDescription(settings: GatewaySettings, env: string, secret: string): string {
  const decl = settings.secrets.find((s) => s.name === secret);
  const what = decl?.description ?? `Secret "${secret}"`;
  const read = secretReadCommand(settings, secret);
  const hint = read === undefined ? '' : ` Set it with TF_VAR_${secret}="$(${read})".`;
  return `${what} (env ${env} of the gateway container).${hint}`;
}

/** The Phase 1 stack spec of one gateway. */
export function podmanStackSpec(
  settings: GatewaySettings,
  options: StandalonePodmanOptions = {},
): PodmanStackSpec {
  const uid = options.uid ?? DEFAULT_PODMAN_UID;
  const tokenEnv = settings.authTokenEnv;
  if (tokenEnv === undefined) {
    throw new UserError(
      `${settings.where}.tokenSecret`,
      'the standalone container needs a gateway token: its process binds lan inside the container (published ports reach only that) and OpenClaw refuses lan without auth',
      'declare the token secret (secrets.items.gateway_token with generate: hex32) and name it in tokenSecret',
    );
  }
  const ip = publishAddress(settings);
  const http = settings.ports.find((p) => p.label === 'http');
  if (http === undefined) throw new Error('internal: gateway settings have no http port');

  const config = renderOpenClawJson(
    openClawJsonInput(settings, { bind: 'lan', port: http.containerPort }),
  );

  return {
    host: options.socket ?? `unix:///run/user/${uid}/podman/podman.sock`,
    image: {
      name: settings.image,
      keepLocally: true,
      ...(options.build !== undefined ? { build: options.build } : {}),
    },
    container: {
      name: settings.name,
      command: containerCommand(settings),
      ports: settings.ports.map((p) => ({
        internal: p.containerPort,
        // Dynamic ports are a Nomad notion; a bare container publishes the container port.
        external: p.hostPort ?? p.containerPort,
        ip,
      })),
      mounts: settings.volumes.map((v) => ({ source: v.hostPath, target: v.containerPath })),
      env: { ...settings.env },
      secretEnv: Object.entries(settings.secretEnv).map(([env, secret]) => ({
        env,
        variable: secret,
        description: secretDescription(settings, env, secret),
        ...(secretReadCommand(settings, secret) !== undefined
          ? { readCommand: secretReadCommand(settings, secret) }
          : {}),
      })),
      healthcheck: {
        test: healthcheckCommand(http.containerPort, settings.health.path),
        interval: settings.health.interval,
        timeout: settings.health.timeout,
        retries: 3,
        startPeriod: settings.health.grace,
      },
      restart: 'unless-stopped',
      init: true,
      // The same file the Nomad job renders with a template, at the same path (its env points
      // there); see CONFIG_PATH_IN_CONTAINER for why /local need not exist in the image.
      uploads: [{ file: CONFIG_PATH_IN_CONTAINER, content: config }],
    },
    ...(options.localStatePath !== undefined ? { localStatePath: options.localStatePath } : {}),
  };
}
