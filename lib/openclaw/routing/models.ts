import { z } from 'zod';
import { UserError, throwProblems } from '../../util/errors';

/**
 * Model providers as the site describes them. Keys are never values: each provider names a
 * secret (`apiKeySecret`) that reaches the gateway as an environment variable, and openclaw.json
 * refers to that variable (a SecretRef `{ source: "env" }` for OpenAI-compatible providers; the
 * built-in Anthropic provider reads ANTHROPIC_API_KEY itself).
 */

/** Provider ids as OpenClaw's schema accepts them (SecretRef provider pattern). */
export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

export const modelInputSchema = z.enum(['text', 'image', 'video', 'audio']);

export const providerModelSchema = z.strictObject({
  /** The id the provider serves it under, e.g. `claude-opus-4-6` on a LiteLLM proxy. */
  id: z.string().min(1),
  /** @default - the id */
  name: z.string().min(1).optional(),
  /** Tokens of context. @default - OpenClaw's default */
  contextWindow: z.int().min(1).optional(),
  /** Output tokens per reply. @default - OpenClaw's default */
  maxTokens: z.int().min(1).optional(),
  /** @default - OpenClaw's default */
  reasoning: z.boolean().optional(),
  /** @default - OpenClaw's default (text) */
  input: z.array(modelInputSchema).min(1).optional(),
});

const apiKeySecret = z
  .string()
  .min(1)
  .optional()
  .describe('Secret (under `secrets.items`) holding the API key. Required.');

export const openAiCompatibleProviderSchema = z.strictObject({
  kind: z.literal('openai-compatible'),
  /** e.g. `http://litellm.service.consul:4000/v1`. */
  baseUrl: z.url(),
  /** OpenClaw's API adapter. @default "openai-completions" */
  api: z.enum(['openai-completions', 'openai-responses']).default('openai-completions'),
  apiKeySecret,
  /** Env variable the key reaches the gateway in. @default - `<ID>_API_KEY` */
  keyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, { error: 'must be an environment variable name (A-Z, 0-9, _)' })
    .optional(),
  /** Models agents may name. @default - none listed: the provider's own list */
  models: z.array(providerModelSchema).min(1).optional(),
});

export const anthropicProviderSchema = z.strictObject({
  kind: z.literal('anthropic'),
  apiKeySecret,
  /** Model ids agents may name; any id when omitted. @default - any */
  models: z.array(providerModelSchema).optional(),
});

export const providerSchema = z.discriminatedUnion('kind', [
  openAiCompatibleProviderSchema,
  anthropicProviderSchema,
]);

/** `provider/model`, e.g. `litellm/claude-opus-4-6`. */
export const modelRefSchema = z.string().regex(/^[a-z][a-z0-9_-]*\/.+$/, {
  error: 'must be "<provider>/<model id>", e.g. "litellm/claude-opus-4-6"',
});

export const modelsSchema = z.strictObject({
  providers: z
    .record(
      z.string().regex(PROVIDER_ID_PATTERN, {
        error: 'must be lowercase letters, digits, "_" and "-", starting with a letter',
      }),
      providerSchema,
    )
    .default({}),
  /** The agents' primary model. @default - OpenClaw's default */
  primary: modelRefSchema.optional(),
  /** Tried in order when the primary fails. @default [] */
  fallbacks: z.array(modelRefSchema).default([]),
});

export type ProviderModel = z.infer<typeof providerModelSchema>;
export type Provider = z.infer<typeof providerSchema>;
export type ModelsConfig = z.infer<typeof modelsSchema>;

/** The env var a provider's key reaches the gateway in. */
export function providerKeyEnv(id: string, p: Provider): string {
  if (p.kind === 'anthropic') return 'ANTHROPIC_API_KEY';
  if (p.keyEnv !== undefined) return p.keyEnv;
  return `${id.toUpperCase().replace(/-/g, '_')}_API_KEY`;
}

/**
 * Checks what the schema cannot: a key secret on every provider (declared), the Anthropic
 * provider under its built-in id, and every model reference pointing at a provider that lists
 * it. `agentModels` are the agents' own `model` fields, with their paths. Every problem is
 * thrown at once.
 */
export function validateModels(
  models: ModelsConfig,
  declaredSecrets: readonly string[],
  where: string,
  agentModels: readonly { readonly path: string; readonly ref: string }[] = [],
): void {
  const refs = [
    ...(models.primary !== undefined ? [{ path: `${where}.primary`, ref: models.primary }] : []),
    ...models.fallbacks.map((ref, i) => ({ path: `${where}.fallbacks[${i}]`, ref })),
    ...agentModels,
  ];
  const problems = [
    ...Object.entries(models.providers).flatMap(([id, p]) =>
      providerProblem(id, p, declaredSecrets, `${where}.providers.${id}`),
    ),
    ...refs.flatMap(({ path, ref }) => referenceProblem(models, ref, path, where)),
  ];
  throwProblems(problems);
}

/** What is wrong with one provider (its id, its key secret), if anything. */
function providerProblem(
  id: string,
  p: Provider,
  declaredSecrets: readonly string[],
  at: string,
): UserError[] {
  if (p.kind === 'anthropic' && id !== 'anthropic') {
    return [
      new UserError(
        at,
        `an Anthropic provider must be named "anthropic": that is the built-in provider that reads ANTHROPIC_API_KEY, and model references use it ("anthropic/<model>")`,
        `rename ${id} to anthropic`,
      ),
    ];
  }
  if (p.apiKeySecret === undefined) {
    return [
      new UserError(
        `${at}.apiKeySecret`,
        `provider "${id}" has no key secret; keys reach the gateway only through secrets, never as text`,
        `declare the key under secrets.items (e.g. ${id}_api_key: { op: "op://Homelab/${id}/credential" }) and set ${at}.apiKeySecret: ${id}_api_key`,
      ),
    ];
  }
  if (!declaredSecrets.includes(p.apiKeySecret)) {
    return [
      new UserError(
        `${at}.apiKeySecret`,
        `secret "${p.apiKeySecret}" is not declared under secrets.items`,
        `declare secrets.items.${p.apiKeySecret} (its 1Password reference), or name a declared secret`,
      ),
    ];
  }
  return [];
}

/** What is wrong with one model reference (`provider/model`) at `path`, if anything. */
function referenceProblem(
  models: ModelsConfig,
  ref: string,
  path: string,
  where: string,
): UserError[] {
  const slash = ref.indexOf('/');
  const providerId = ref.slice(0, slash);
  const modelId = ref.slice(slash + 1);
  const p = models.providers[providerId];
  const known = Object.keys(models.providers);
  if (p === undefined) {
    return [
      new UserError(
        path,
        `model "${ref}" names provider "${providerId}", which ${where}.providers does not declare`,
        known.length > 0
          ? `use one of the declared providers (${known.join(', ')}), or declare ${where}.providers.${providerId}`
          : `declare ${where}.providers.${providerId} (kind openai-compatible or anthropic) with its key secret`,
      ),
    ];
  }
  const ids = p.models?.map((m) => m.id);
  if (ids !== undefined && !ids.includes(modelId)) {
    return [
      new UserError(
        path,
        `model "${modelId}" is not among the models of provider "${providerId}" (${ids.join(', ')})`,
        `use one of ${ids.map((m) => `"${providerId}/${m}"`).join(', ')}, or add { id: "${modelId}" } to ${where}.providers.${providerId}.models`,
      ),
    ];
  }
  return [];
}
