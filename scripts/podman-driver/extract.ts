/**
 * Reads the task `config` keys of the podman task driver (hashicorp/nomad-driver-podman) out of
 * its `config.go` and writes `scripts/podman-driver/extract.json`: each top-level key of the
 * driver's task config spec, whether it is an attribute or a block, its HCL type and whether the
 * driver requires it.
 *
 * Facts only: names, kinds and types; no driver code is copied. Run by hand when moving to a
 * new driver release (it needs a checkout, so CI does not run it):
 *
 *   npx ts-node scripts/podman-driver/extract.ts /path/to/nomad-driver-podman \
 *     [--version v0.6.6 --commit <sha>]
 *   npx ts-node scripts/podman-driver/generate.ts
 */
import * as fs from 'fs';
import * as path from 'path';

export interface PodmanKey {
  readonly name: string;
  readonly kind: 'attr' | 'block';
  /** HCL type of an attribute (`string`, `list(string)`...); `object` for a block. */
  readonly type: string;
  readonly required: boolean;
}

export interface PodmanExtract {
  readonly driver: { readonly version: string; readonly commit: string };
  readonly keys: readonly PodmanKey[];
}

const SPEC_START = 'taskConfigSpec = hclspec.NewObject(map[string]*hclspec.Spec{';

/** The text of the task config spec's map literal (between its braces). */
function specBody(source: string): string {
  const start = source.indexOf(SPEC_START);
  if (start < 0) throw new Error(`config.go has no "${SPEC_START}"`);
  let depth = 1;
  let i = start + SPEC_START.length;
  const from = i;
  for (; i < source.length && depth > 0; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}') depth--;
  }
  return source.slice(from, i - 1);
}

/** Top-level `"key": hclspec.NewX(...)` entries: nested objects (block bodies) are skipped. */
export function extractKeys(source: string): PodmanKey[] {
  const body = specBody(source);
  const keys: PodmanKey[] = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (depth === 0 && ch === '"') {
      const m =
        /^"([a-z_0-9]+)":\s*hclspec\.(NewAttr|NewBlock|NewDefault|NewBlockList|NewBlockAttrs)\(/.exec(
          body.slice(i),
        );
      if (!m) continue;
      const rest = body.slice(i + m[0].length);
      if (m[2] === 'NewAttr' || m[2] === 'NewDefault') {
        const call = m[2] === 'NewAttr' ? `NewAttr(${rest}` : rest;
        const attr = /NewAttr\("([a-z_0-9]+)",\s*"([^"]+)",\s*(true|false)\)/.exec(call);
        if (!attr || attr[1] !== m[1]) throw new Error(`cannot read the attribute ${m[1]}`);
        keys.push({ name: m[1], kind: 'attr', type: attr[2], required: attr[3] === 'true' });
      } else {
        const req = /^"[a-z_0-9]+",\s*(true|false)/.exec(rest);
        keys.push({ name: m[1], kind: 'block', type: 'object', required: req?.[1] === 'true' });
      }
      i += m[0].length - 1;
      depth++;
    }
  }
  return keys.sort((a, b) => a.name.localeCompare(b.name));
}

function main(argv: readonly string[]): void {
  const dir = argv[0];
  if (dir === undefined) throw new Error('usage: extract.ts /path/to/nomad-driver-podman');
  const flag = (name: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : 'unknown';
  };
  const source = fs.readFileSync(path.join(dir, 'config.go'), 'utf8');
  const extract: PodmanExtract = {
    driver: { version: flag('version'), commit: flag('commit') },
    keys: extractKeys(source),
  };
  const out = path.join(__dirname, 'extract.json');
  fs.writeFileSync(out, `${JSON.stringify(extract, null, 2)}\n`);
  process.stdout.write(`wrote ${out}: ${extract.keys.length} keys\n`);
}

if (require.main === module) main(process.argv.slice(2));
