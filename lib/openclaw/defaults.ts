/**
 * Gateway defaults stated once: the site schema (`homelab/schema.ts`) and the gateway settings
 * (`gateway-settings.ts`, the construct props) both default to these.
 */
export const GATEWAY_DEFAULTS = {
  name: 'openclaw',
  /** Repository of the image the plan builds; the tag is the pinned OpenClaw version. */
  imageRepository: 'openclaw-homelab',
  bind: 'lan',
  storage: 'hostVolume',
  /** The secret read into OPENCLAW_GATEWAY_TOKEN. */
  tokenSecret: 'gateway_token',
  /** Octant keeps host volumes under /opt and bind mounts under /mnt/services. */
  hostVolumeRoot: '/opt',
  bindMountRoot: '/mnt/services',
  homepageGroup: 'AI',
  homepageIcon: 'openclaw.png',
  homepageDescription: 'OpenClaw AI agent gateway',
  imagePullTimeout: '15m',
} as const;
