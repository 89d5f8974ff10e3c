/**
 * Reads facts out of a Nomad source tree and writes `scripts/nomad-api/extract.json`:
 * every struct reachable from `api.Job` through `hcl:"..."` struct tags (HCL name, attribute /
 * block / label, optional, Go type, JSON name), plus the few things jobspec2 (Nomad's HCL2
 * parser) decodes by hand: extra blocks (`vault`, `secret`, `task` at job level...) and the
 * constraint/affinity shorthand attributes.
 *
 * Facts only: names, kinds and types. No Nomad code is copied. Run by hand when moving to a new
 * Nomad release (it needs a checkout, so CI does not run it):
 *
 *   npx ts-node scripts/nomad-api/extract.ts /path/to/nomad [--version v2.0.5 --commit <sha>]
 *   npm run nomad-api:generate
 */
import * as fs from 'fs';
import * as path from 'path';

export interface ExtractField {
  /** Go field name. */
  readonly go: string;
  /** Go type as written (`*time.Duration`, `[]*Constraint`). */
  readonly type: string;
  /** HCL name (empty for a label or remain field). */
  readonly hcl: string;
  readonly kind: 'attr' | 'block' | 'label' | 'remain';
  /** gohcl: an attribute without `,optional` must be given. */
  readonly required: boolean;
  /** Name in the API JSON (the `json` tag, else the Go name). */
  readonly json: string;
}

export interface ExtractStruct {
  readonly file: string;
  readonly fields: readonly ExtractField[];
}

export interface Extract {
  readonly nomad: { readonly version: string; readonly commit: string };
  readonly root: string;
  readonly structs: Readonly<Record<string, ExtractStruct>>;
  /** `type X string` and the like: named types that are scalars. */
  readonly scalarTypes: Readonly<Record<string, string>>;
  /** Blocks jobspec2 decodes outside the struct tags: struct -> extra fields. */
  readonly parserExtras: Readonly<Record<string, readonly ExtractField[]>>;
  /** Shorthand attributes of `constraint` / `affinity` blocks (hcldec specs): name -> cty type. */
  readonly shorthands: Readonly<
    Record<'Constraint' | 'Affinity', Readonly<Record<string, string>>>
  >;
}

interface RawStruct {
  file: string;
  body: string;
}

function goFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .map((f) => path.join(dir, f));
}

function readStructs(dir: string): {
  structs: Map<string, RawStruct>;
  scalars: Record<string, string>;
  consts: Map<string, string>;
} {
  const structs = new Map<string, RawStruct>();
  const scalars: Record<string, string> = {};
  const consts = new Map<string, string>();
  for (const file of goFiles(dir)) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      structs.set(m[1], { file: path.basename(file), body: m[2] });
    }
    for (const m of src.matchAll(/^type (\w+) =? ?(string|bool|u?int\d*|float\d+)\s*$/gm)) {
      scalars[m[1]] = m[2];
    }
    for (const m of src.matchAll(/^\s*(\w+)\s*(?:\w+\s*)?=\s*"([^"]*)"/gm)) consts.set(m[1], m[2]);
  }
  return { structs, scalars, consts };
}

function tag(tags: string, key: string): string | undefined {
  return new RegExp(`\\b${key}:"([^"]*)"`).exec(tags)?.[1];
}

function parseFields(body: string): ExtractField[] {
  const out: ExtractField[] = [];
  for (const line of body.split('\n')) {
    const m = /^\s*(\w+)\s+([^\s`]+)\s*`([^`]*)`/.exec(line);
    if (!m) continue;
    const [, go, type, tags] = m;
    const hclTag = tag(tags, 'hcl');
    if (hclTag === undefined || hclTag === '-') continue;
    const [name, ...opts] = hclTag.split(',');
    const kind = opts.includes('block')
      ? 'block'
      : opts.includes('label')
        ? 'label'
        : opts.includes('remain')
          ? 'remain'
          : 'attr';
    const jsonTag = tag(tags, 'json')?.split(',')[0];
    out.push({
      go,
      type,
      hcl: kind === 'label' ? '' : name,
      kind,
      required: kind === 'attr' && !opts.includes('optional'),
      json: jsonTag && jsonTag !== '-' ? jsonTag : go,
    });
  }
  return out;
}

/** The struct a field's Go type names, if it is one of ours (`[]*Constraint` -> `Constraint`). */
function structOf(type: string, structs: Map<string, RawStruct>): string | undefined {
  const base = type.replace(/^(map\[string\])?(\[\])?\*?/, '');
  return structs.has(base) ? base : undefined;
}

/** Fields of an `ObjectSpec` literal in jobspec2: `api.ConstraintVersion: &hcldec.AttrSpec{... Type: cty.String`. */
function objectSpec(
  src: string,
  name: string,
  consts: Map<string, string>,
): Record<string, string> {
  const m = new RegExp(`var ${name} = hcldec\\.ObjectSpec\\{([\\s\\S]*?)\\n\\}`).exec(src);
  if (!m) throw new Error(`jobspec2: no ${name}`);
  const out: Record<string, string> = {};
  for (const f of m[1].matchAll(/Name:\s*(?:"(\w+)"|api\.(\w+)),\s*Type:\s*cty\.(\w+)/g)) {
    const key = f[1] ?? consts.get(f[2]);
    if (key === undefined) throw new Error(`jobspec2: unknown constant ${f[2]}`);
    out[key] = f[3];
  }
  return out;
}

/** `XExtra := struct { Vault *api.Vault `hcl:"vault,block"` ... }` style extras in jobspec2. */
function extraFields(src: string, re: RegExp): ExtractField[] {
  const m = re.exec(src);
  if (!m) throw new Error(`jobspec2: no match for ${re}`);
  return parseFields(m[1].replace(/\bapi\./g, '')).filter((f) => f.kind === 'block');
}

export function extract(nomadDir: string, version: string, commit: string): Extract {
  const { structs: raw, scalars, consts } = readStructs(path.join(nomadDir, 'api'));
  const structs: Record<string, ExtractStruct> = {};
  const visit = (name: string): void => {
    if (structs[name]) return;
    const r = raw.get(name);
    if (!r) throw new Error(`api: no struct ${name}`);
    const fields = parseFields(r.body);
    structs[name] = { file: r.file, fields };
    for (const f of fields) {
      const s = structOf(f.type, raw);
      if (s) visit(s);
    }
  };
  visit('Job');

  const js2 = path.join(nomadDir, 'jobspec2');
  const config = fs.readFileSync(path.join(js2, 'types.config.go'), 'utf8');
  const conv = fs.readFileSync(path.join(js2, 'hcl_conversions.go'), 'utf8');
  const parserExtras: Record<string, ExtractField[]> = {
    Job: extraFields(config, /type jobConfig struct \{([\s\S]*?)\n\}/),
    TaskGroup: extraFields(conv, /tgExtra := struct \{([\s\S]*?)\n\t\}/),
  };
  for (const fields of Object.values(parserExtras)) {
    for (const f of fields) {
      const s = structOf(f.type, raw);
      if (s) visit(s);
    }
  }
  const sorted: Record<string, ExtractStruct> = {};
  for (const k of Object.keys(structs).sort()) sorted[k] = structs[k];
  const usedScalars: Record<string, string> = {};
  for (const k of Object.keys(scalars).sort()) usedScalars[k] = scalars[k];
  return {
    nomad: { version, commit },
    root: 'Job',
    structs: sorted,
    scalarTypes: usedScalars,
    parserExtras,
    shorthands: {
      Constraint: objectSpec(conv, 'constraintSpec', consts),
      Affinity: objectSpec(conv, 'affinitySpec', consts),
    },
  };
}

function main(argv: string[]): void {
  const [dir, ...rest] = argv;
  if (!dir) {
    process.stderr.write('usage: extract.ts NOMAD_DIR [--version vX.Y.Z] [--commit SHA]\n');
    process.exit(2);
  }
  const opt = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const version = opt('--version') ?? 'unknown';
  const commit = opt('--commit') ?? 'unknown';
  const out = path.join(__dirname, 'extract.json');
  const data = extract(dir, version, commit);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(data, null, 2) + '\n');
  process.stdout.write(
    `${out}: ${Object.keys(data.structs).length} structs from Nomad ${version}\n`,
  );
}

if (require.main === module) main(process.argv.slice(2));
