/**
 * Finds literal credentials in config files an import copies (an `openclaw.json`, a LiteLLM
 * `config.yaml`), so they become secret references instead of travelling on. The values are
 * never returned, logged or copied: only the line and the name of the setting.
 */

export interface LiteralSecret {
  readonly line: number;
  /** The setting that held it (`apiKey`, `botToken`) or the kind of token recognized. */
  readonly name: string;
  /** Environment variable name the value is replaced by. */
  readonly env: string;
}

/** Token shapes of well-known services. */
const TOKEN_SHAPES: readonly [RegExp, string][] = [
  [/\bsk-ant-[A-Za-z0-9_-]{20,}/g, 'anthropic_key'],
  [/\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g, 'openai_key'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/g, 'github_token'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/g, 'slack_token'],
  [/\bAKIA[0-9A-Z]{16}\b/g, 'aws_access_key_id'],
  [/\b[0-9]{8,10}:[A-Za-z0-9_-]{35}\b/g, 'telegram_bot_token'],
];

/** `apiKey: "..."`, `"token": "..."`, `password = ...` with a literal value. */
const KEY_VALUE =
  /(["']?)([A-Za-z_]*(?:api[_-]?key|apikey|token|secret|password|passwd)[A-Za-z_]*)\1(\s*[:=]\s*)(["']?)([^"'\s,}#]{8,})\4/gi;

/** Values that already point somewhere else (env references, templates, file paths, HCL refs). */
function isReference(value: string): boolean {
  return /^(\$\{|\{\{|os\.environ\/|env:|op:\/\/|\$[A-Z_]|\/|\.\/|<|(var|local)\.[A-Za-z_])/.test(
    value,
  );
}

function envName(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toUpperCase() || 'SECRET'
  );
}

/**
 * Replaces every literal credential in `text` by `${ENV}` (OpenClaw and most config loaders
 * expand it; LiteLLM reads `os.environ/ENV`) and says where each one was.
 */
export function redactLiteralSecrets(
  text: string,
  envSyntax: (env: string) => string = (env) => `\${${env}}`,
): { text: string; found: LiteralSecret[] } {
  const found: LiteralSecret[] = [];
  const used = new Set<string>();
  const unique = (base: string): string => {
    let env = base;
    for (let n = 2; used.has(env); n++) env = `${base}_${n}`;
    used.add(env);
    return env;
  };
  const lineAt = (src: string, offset: number): number => src.slice(0, offset).split('\n').length;
  let out = text.replace(
    KEY_VALUE,
    (all, q: string, key: string, sep: string, vq: string, value: string, offset: number) => {
      if (isReference(value) || /^(true|false|null)$/i.test(value)) return all;
      const env = unique(envName(key));
      found.push({ line: lineAt(text, offset), name: key, env });
      return `${q}${key}${q}${sep}${vq}${envSyntax(env)}${vq}`;
    },
  );
  for (const [shape, name] of TOKEN_SHAPES) {
    out = out.replace(shape, (_m, offset: number) => {
      const env = unique(name.toUpperCase());
      found.push({ line: lineAt(out, offset), name, env });
      return envSyntax(env);
    });
  }
  return { text: out, found: found.sort((a, b) => a.line - b.line) };
}
