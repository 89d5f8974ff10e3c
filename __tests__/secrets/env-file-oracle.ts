/**
 * Test oracles for the env-file templates, written from the documented behaviour rather than
 * from our code:
 * - `renderEnvTemplate` evaluates the small subset of consul-template our templates use
 *   (`with nomadVar` / `with secret`, field lookups, `index`, `.Value`, `replaceAll`);
 * - `parseEnvFile` follows hashicorp/go-envparse, the parser Nomad uses for `env = true`
 *   templates: `KEY=value` lines, `#` comments outside quotes, '...' literal, "..." with only
 *   \" \\ \n \t escapes, control characters refused, quoted runs concatenated.
 */

/** Go string literal -> string (the escapes Go and JSON share are all we emit). */
function goString(lit: string): string {
  return JSON.parse(lit) as string;
}

export function renderEnvTemplate(
  data: string,
  store: {
    nomadVar?: Record<string, Record<string, string>>;
    vault?: Record<string, Record<string, string>>;
  },
): string {
  const lines = data.split('\n');
  const open = /^\{\{ with (nomadVar|secret) ("[^"]*") \}\}$/.exec(lines[0]);
  if (!open) throw new Error(`unexpected first line ${lines[0]}`);
  const kind = open[1];
  const path = goString(open[2]);
  const values = kind === 'nomadVar' ? store.nomadVar?.[path] : store.vault?.[path];
  if (!values) throw new Error(`nothing stored at ${path}`);
  const out: string[] = [''];
  for (const line of lines.slice(1)) {
    if (line === '{{ end }}' || line === '') continue;
    const m = /^([^=]+)=(.*)$/.exec(line);
    if (!m) throw new Error(`not an assignment: ${line}`);
    const rendered = m[2].replace(/\{\{ (.*?) \}\}/g, (_all, pipeline: string) => {
      const stages = pipeline.split(' | ');
      let value = lookup(stages[0], kind, values);
      for (const stage of stages.slice(1)) {
        const r = /^replaceAll ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*")$/.exec(stage);
        if (!r) throw new Error(`unsupported stage ${stage}`);
        value = value.split(goString(r[1])).join(goString(r[2]));
      }
      return value;
    });
    out.push(`${m[1]}=${rendered}`);
  }
  return out.join('\n') + '\n';
}

function lookup(expr: string, kind: string, values: Record<string, string>): string {
  let key: string | undefined;
  if (kind === 'nomadVar') {
    const field = /^\.([A-Za-z_][A-Za-z0-9_]*)\.Value$/.exec(expr);
    const index = /^\(index \. ("[^"]*")\)\.Value$/.exec(expr);
    key = field?.[1] ?? (index ? goString(index[1]) : undefined);
  } else {
    const field = /^\.Data\.data\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
    const index = /^\(index \.Data\.data ("[^"]*")\)$/.exec(expr);
    key = field?.[1] ?? (index ? goString(index[1]) : undefined);
  }
  if (key === undefined) throw new Error(`unsupported expression ${expr}`);
  if (!(key in values)) throw new Error(`map has no entry for key "${key}"`);
  return values[key];
}

export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`line ${i + 1}: missing "="`);
    const key = line
      .slice(0, eq)
      .trim()
      .replace(/^export /, '');
    if (!/^[A-Za-z_]/.test(key)) throw new Error(`line ${i + 1}: bad key`);
    const raw = line.slice(eq + 1).trim();
    let value = '';
    let mode: 'plain' | 'double' | 'single' | 'escape' = 'plain';
    let significant = 0;
    for (const ch of raw) {
      if (ch.charCodeAt(0) < 32) throw new Error(`line ${i + 1}: control character`);
      if (mode === 'plain') {
        if (ch === '"') mode = 'double';
        else if (ch === "'") mode = 'single';
        else if (ch === '#') {
          value = value.slice(0, significant);
          mode = 'plain';
          break;
        } else {
          value += ch;
          if (ch !== ' ' && ch !== '\t') significant = value.length;
        }
      } else if (mode === 'single') {
        if (ch === "'") mode = 'plain';
        else value += ch;
        significant = value.length;
      } else if (mode === 'double') {
        if (ch === '"') mode = 'plain';
        else if (ch === '\\') mode = 'escape';
        else value += ch;
        significant = value.length;
      } else {
        const map: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };
        if (!(ch in map)) throw new Error(`line ${i + 1}: invalid escape \\${ch}`);
        value += map[ch];
        significant = value.length;
        mode = 'double';
      }
    }
    if (mode !== 'plain') throw new Error(`line ${i + 1}: unterminated quote`);
    env[key] = value;
  });
  return env;
}
