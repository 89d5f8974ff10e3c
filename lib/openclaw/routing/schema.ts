import { z } from 'zod';

/**
 * Multi-agent routing as the site describes it: agents, the bindings that route messages to
 * them, and the channel accounts. These sub-schemas are embedded in the site schema
 * (`homelab/schema.ts`) under each gateway; every object is strict so a typo is an error.
 *
 * Channel credentials are never values here: a token field holds a `${ENV_VAR}` placeholder,
 * which OpenClaw expands from the container environment, and the environment variable is fed
 * from a declared secret.
 */

/** Agent ids: the key OpenClaw routes on and the suffix of the default workspace. */
export const AGENT_ID_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** A `${ENV_VAR}` placeholder and nothing else. */
export const ENV_PLACEHOLDER_PATTERN = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;

/** The env var a placeholder names, or undefined when the string is not a placeholder. */
export function placeholderVar(value: string): string | undefined {
  return ENV_PLACEHOLDER_PATTERN.exec(value)?.[1];
}

/**
 * A credential field: must be a `${ENV_VAR}` placeholder. The message never repeats the value
 * (it may be a real token pasted by mistake).
 */
export const envPlaceholderSchema = z.string().refine((v) => placeholderVar(v) !== undefined, {
  error:
    'must be an environment placeholder like "${DISCORD_BOT_TOKEN}", not a literal token; ' +
    'put the token in a secret (secrets.items), feed it to the gateway env ' +
    '(env: { DISCORD_BOT_TOKEN: { secret: "discord_bot_token" } }) and reference it here as ' +
    '"${DISCORD_BOT_TOKEN}"',
});

export const sandboxModeSchema = z.enum(['off', 'non-main', 'all']);
export const sandboxScopeSchema = z.enum(['agent', 'session', 'shared']);
export const workspaceAccessSchema = z.enum(['none', 'ro', 'rw']);

/** Tool names OpenClaw knows (`read`, `exec`, `browser`, ...) or groups (`group:fs`). */
const toolName = z.string().regex(/^[A-Za-z0-9_:*.-]+$/, {
  error: 'must be a tool name such as "read", "exec" or "group:fs"',
});

/** A per-agent tool policy (`agents.entries.<id>.tools` of openclaw.json). */
export const toolPolicySchema = z.strictObject({
  /** Only these tools. @default - every tool the agent's profile allows */
  allow: z.array(toolName).optional(),
  /** Never these tools (deny wins over allow). @default - none */
  deny: z.array(toolName).optional(),
});

/** OpenClaw's per-agent sandbox: where tool calls run and what they may see of the workspace. */
export const sandboxSchema = z.strictObject({
  /** `off`: tools run in the gateway; `non-main`: all sessions but the main one; `all`. */
  mode: sandboxModeSchema,
  /** One sandbox per agent, per session, or one shared by all. @default - OpenClaw's default */
  scope: sandboxScopeSchema.optional(),
  /** @default - OpenClaw's default */
  workspaceAccess: workspaceAccessSchema.optional(),
});

export const agentSchema = z.strictObject({
  id: z.string().max(64).regex(AGENT_ID_PATTERN, {
    error: 'must start with a lowercase letter and hold only a-z, 0-9, "_" and "-"',
  }),
  /** Display name. @default - the id */
  name: z.string().min(1).optional(),
  /** Workspace inside the gateway's home. @default `~/.openclaw/workspace-<id>` */
  workspace: z.string().min(1).optional(),
  /** Primary model, `<provider>/<model id>`. @default - the gateway's `models.primary` */
  model: z.string().min(1).optional(),
  /** @default - `agents.defaults.sandbox` */
  sandbox: sandboxSchema.optional(),
  /** Tools the agent may use. @default - OpenClaw's defaults */
  tools: toolPolicySchema.optional(),
  /** Receives every message no binding claims. @default - the first agent of the list */
  default: z.boolean().optional(),
});

/** `agents.defaults` of openclaw.json: settings every agent inherits. */
export const agentDefaultsSchema = z.strictObject({
  sandbox: sandboxSchema.optional(),
});

export const CHANNELS = ['whatsapp', 'telegram', 'discord', 'slack'] as const;
export const channelNameSchema = z.enum(CHANNELS);

export const peerSchema = z.strictObject({
  /** `direct` (a one-to-one chat; `dm` is the older spelling, written as `direct`), `group`, `channel`. */
  kind: z.enum(['direct', 'dm', 'group', 'channel']),
  /** Phone number, chat id, Discord/Slack channel or user id. */
  id: z.string().min(1),
});

export const bindingMatchSchema = z.strictObject({
  channel: channelNameSchema,
  /** An account key of `channels.<channel>.accounts`. @default - any account */
  accountId: z.string().min(1).optional(),
  peer: peerSchema.optional(),
  /** Discord server id (discord only). */
  guildId: z.string().min(1).optional(),
  /** Slack workspace id (slack only). */
  teamId: z.string().min(1).optional(),
});

export const bindingSchema = z.strictObject({
  agentId: z.string().min(1),
  match: bindingMatchSchema,
});

const dmPolicySchema = z.enum(['pairing', 'allowlist', 'open', 'disabled']);

/** Settings shared by every channel section. */
const channelCommon = {
  /** @default true */
  enabled: z.boolean().optional(),
  /** Who may start a direct conversation. @default - OpenClaw's default (`pairing`) */
  dmPolicy: dmPolicySchema.optional(),
  /** Senders allowed when `dmPolicy` is `allowlist`. */
  allowFrom: z.array(z.string().min(1)).optional(),
};

/** Discord servers an account answers in; keys are guild ids. */
const discordGuildsSchema = z.record(
  z.string().min(1),
  z.strictObject({
    /** @default - OpenClaw's default */
    requireMention: z.boolean().optional(),
  }),
);

export const whatsappSchema = z.strictObject({
  ...channelCommon,
  /** WhatsApp logs in by QR code: accounts carry no token. */
  accounts: z.record(z.string().min(1), z.strictObject({ name: z.string().optional() })).optional(),
});

export const telegramAccountSchema = z.strictObject({
  name: z.string().optional(),
  botToken: envPlaceholderSchema,
});

export const telegramSchema = z.strictObject({
  ...channelCommon,
  /** Single-bot form. */
  botToken: envPlaceholderSchema.optional(),
  accounts: z.record(z.string().min(1), telegramAccountSchema).optional(),
});

export const discordAccountSchema = z.strictObject({
  name: z.string().optional(),
  token: envPlaceholderSchema,
  /** @default - every server the bot has joined */
  guilds: discordGuildsSchema.optional(),
});

export const discordSchema = z.strictObject({
  ...channelCommon,
  /** Single-bot form. */
  token: envPlaceholderSchema.optional(),
  /** @default - every server the bot has joined */
  guilds: discordGuildsSchema.optional(),
  accounts: z.record(z.string().min(1), discordAccountSchema).optional(),
});

export const slackAccountSchema = z.strictObject({
  name: z.string().optional(),
  botToken: envPlaceholderSchema,
  appToken: envPlaceholderSchema.optional(),
});

export const slackSchema = z.strictObject({
  ...channelCommon,
  /** Single-app form. */
  botToken: envPlaceholderSchema.optional(),
  appToken: envPlaceholderSchema.optional(),
  accounts: z.record(z.string().min(1), slackAccountSchema).optional(),
});

export const channelsSchema = z.strictObject({
  whatsapp: whatsappSchema.optional(),
  telegram: telegramSchema.optional(),
  discord: discordSchema.optional(),
  slack: slackSchema.optional(),
});

export type SandboxMode = z.infer<typeof sandboxModeSchema>;
export type Sandbox = z.infer<typeof sandboxSchema>;
export type ToolPolicy = z.infer<typeof toolPolicySchema>;
export type Agent = z.infer<typeof agentSchema>;
export type AgentDefaults = z.infer<typeof agentDefaultsSchema>;
export type ChannelName = z.infer<typeof channelNameSchema>;
export type Peer = z.infer<typeof peerSchema>;
export type BindingMatch = z.infer<typeof bindingMatchSchema>;
export type Binding = z.infer<typeof bindingSchema>;
export type Channels = z.infer<typeof channelsSchema>;
export type DiscordChannel = z.infer<typeof discordSchema>;

/** The agent OpenClaw uses when a gateway lists none. */
export const IMPLICIT_AGENT_ID = 'main';

/** Workspace of an agent: its own, or `~/.openclaw/workspace-<id>`. */
export function agentWorkspace(agent: Pick<Agent, 'id' | 'workspace'>): string {
  return agent.workspace ?? `~/.openclaw/workspace-${agent.id}`;
}

/**
 * The agent that receives unrouted messages: the one marked `default`, else the first listed
 * (OpenClaw's rule), else the implicit `main`.
 */
export function defaultAgentId(agents: readonly Pick<Agent, 'id' | 'default'>[]): string {
  return agents.find((a) => a.default === true)?.id ?? agents[0]?.id ?? IMPLICIT_AGENT_ID;
}
