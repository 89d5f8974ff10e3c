import { OCTANT_DEFAULTS } from '../octant/defaults';

/** OpenClaw's ports inside the container; the host ports default to the same numbers. */
export const GATEWAY_PORT = 18789;
export const CANVAS_PORT = 18793;
/** Uid of the rootless Podman user on the host (standalone phases): a single-user host's first user. */
export const DEFAULT_PODMAN_UID = 1000;

/**
 * Gateway defaults stated once: the site schema (`homelab/schema.ts`) and the gateway settings
 * (`gateway-settings.ts`, the construct props) both default to these. The gateway's Nomad group
 * and task are named after its job, as in most of Octant's modules today.
 */
export const GATEWAY_DEFAULTS = {
  name: 'openclaw',
  /** Repository of the image the plan builds; the tag is the pinned OpenClaw version. */
  imageRepository: 'openclaw-homelab',
  bind: 'lan',
  /**
   * Host ports: the container's own; not reserved (static) by default, as in Octant: Nomad picks
   * them and Traefik finds them through Consul.
   */
  ports: { http: GATEWAY_PORT, canvas: CANVAS_PORT, static: false },
  /** CPU shares of the task, MHz. */
  cpu: 500,
  /** Octant mounts shared storage into Podman (no Nomad client config needed). */
  storage: 'bindMount',
  /** The secret read into OPENCLAW_GATEWAY_TOKEN. */
  tokenSecret: 'gateway_token',
  /** Nomad host volumes, when chosen, live under /opt as the plan has them. */
  hostVolumeRoot: '/opt',
  bindMountRoot: OCTANT_DEFAULTS.bindMountRoot,
  /** The group of Octant's own AI services today (its openclaw-gateway and phoenix modules). */
  homepageGroup: 'AI & LLM',
  homepageIcon: 'openclaw.png',
  homepageDescription: 'OpenClaw AI agent gateway',
  imagePullTimeout: '15m',
  /** openclaw.json is rendered by a Nomad template (the site is the source of truth). */
  configFile: 'template',
  /** Field path of a gateway in messages when the caller names none. */
  where: 'gateway',
} as const;
