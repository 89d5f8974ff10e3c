/**
 * Turns the checked-in extract of Nomad's API definitions (`extract.json`, written by
 * `extract.ts`) into `lib/nomad/schema.generated.ts`: the one field table the model types, the
 * HCL renderer, the HCL parser, the resolver and the JSON renderer are derived from, and the
 * model interfaces themselves.
 *
 *   npm run nomad-api:generate        (a test fails when the checked-in output is stale)
 */
import * as path from 'path';
import { readJsonExtract, writeGenerated } from '../generated-file';
import type { Extract, ExtractField } from './extract';

export const EXTRACT_PATH = path.join(__dirname, 'extract.json');
export const OUTPUT_PATH = path.join(__dirname, '..', '..', 'lib', 'nomad', 'schema.generated.ts');

/**
 * Decisions of this project, not facts of Nomad: where the model spells a field differently
 * from the HCL name (a clash with the block label), which model interfaces get another name
 * (the model's `Task` is a union by driver, built on `TaskBlock`), and which lists the model
 * requires although Nomad's HCL does not (Nomad refuses a job without groups or tasks anyway).
 */
const MODEL_FIELD: Readonly<Record<string, string>> = { 'Job.Name': 'jobName' };
const MODEL_TYPE: Readonly<Record<string, string>> = { Task: 'TaskBlock' };
const MODEL_REQUIRED = new Set(['Job.TaskGroups', 'TaskGroup.Tasks']);
/**
 * Lists the model holds as one block: Nomad refuses a second group `network` when the job is
 * registered, so the model cannot express it. The API JSON still has a one-element list.
 */
const MODEL_SINGLE = new Set(['TaskGroup.Networks']);
/** Groups and tasks come after the other blocks of their parent, as people write jobspecs. */
const LAST = new Set(['TaskGroup', 'Task']);
/** Task `scaling "cpu" { }` blocks carry a label (jobspec2 decodes them by hand). */
const FIELD_LABEL: Readonly<Record<string, string>> = { 'Task.ScalingPolicies': 'name' };

type Kind =
  | 'string'
  | 'duration'
  | 'number'
  | 'bool'
  | 'stringList'
  | 'numberList'
  | 'stringMap'
  | 'stringMapAttr'
  | 'headerMap'
  | 'config'
  | 'block'
  | 'blocks'
  | 'labeledBlocks'
  | 'labeledMap';

interface Row {
  field: string;
  hcl: string;
  kind: Kind;
  json?: string;
  block?: string;
  labelField?: string;
  required?: boolean;
  jsonList?: boolean;
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function scalarKind(type: string, ex: Extract): Kind {
  const t = type.replace(/^\*/, '');
  if (t === 'time.Duration') return 'duration';
  if (t === 'string') return 'string';
  if (t === 'bool') return 'bool';
  if (/^(u?int\d*|float\d+)$/.test(t)) return 'number';
  const named = ex.scalarTypes[t];
  if (named !== undefined) return scalarKind(named, ex);
  throw new Error(`generate: no kind for Go type ${type}`);
}

function labelOf(struct: string, ex: Extract): ExtractField | undefined {
  return ex.structs[struct]?.fields.find((f) => f.kind === 'label');
}

function labelField(f: ExtractField): string {
  return f.go === 'Label' ? 'label' : 'name';
}

function row(struct: string, f: ExtractField, ex: Extract): Row | undefined {
  if (f.kind === 'label' || f.kind === 'remain') return undefined;
  const key = `${struct}.${f.go}`;
  const field = MODEL_FIELD[key] ?? camel(f.hcl);
  const base = { field, hcl: f.hcl, json: f.json };
  const target = f.type.replace(/^(map\[string\])?(\[\])?\*?/, '');
  if (f.kind === 'attr') {
    if (f.type === '[]string') return { ...base, kind: 'stringList' };
    if (/^\[\](u?int\d*)$/.test(f.type)) return { ...base, kind: 'numberList' };
    if (f.type === 'map[string]string') return { ...base, kind: 'stringMapAttr' };
    return { ...base, kind: scalarKind(f.type, ex), ...(f.required ? { required: true } : {}) };
  }
  if (f.type === 'map[string]string') return { ...base, kind: 'stringMap' };
  if (f.type === 'map[string][]string') return { ...base, kind: 'headerMap' };
  if (/^map\[string\](any|interface\{\})$/.test(f.type)) return { ...base, kind: 'config' };
  if (!ex.structs[target]) throw new Error(`generate: ${key} names unknown struct ${target}`);
  const label = labelOf(target, ex);
  const req = MODEL_REQUIRED.has(key) ? { required: true } : {};
  if (f.type.startsWith('map[string]')) {
    if (!label) throw new Error(`generate: ${key} is a map of unlabeled blocks`);
    return { ...base, kind: 'labeledMap', block: target, labelField: labelField(label), ...req };
  }
  if (MODEL_SINGLE.has(key)) return { ...base, kind: 'block', block: target, jsonList: true };
  if (f.type.startsWith('[]')) {
    const lf = FIELD_LABEL[key] ?? (label ? labelField(label) : undefined);
    if (lf) return { ...base, kind: 'labeledBlocks', block: target, labelField: lf, ...req };
    return { ...base, kind: 'blocks', block: target, ...req };
  }
  return { ...base, kind: 'block', block: target, ...req };
}

const SHORTHAND_KIND: Readonly<Record<string, Kind>> = {
  String: 'string',
  Bool: 'bool',
  Number: 'number',
};

/** Builds the rows of every struct: attributes first, then blocks, each in Go order. */
export function tableOf(
  ex: Extract,
): Record<string, { label?: string; labelJson?: string; rows: Row[] }> {
  const out: Record<string, { label?: string; labelJson?: string; rows: Row[] }> = {};
  for (const [name, s] of Object.entries(ex.structs)) {
    const rows = s.fields.map((f) => row(name, f, ex)).filter((r): r is Row => r !== undefined);
    if (name === 'Constraint' || name === 'Affinity') {
      // Shorthands (`distinct_hosts = true`): jobspec2 reads them into Operand/RTarget.
      for (const [hcl, cty] of Object.entries(ex.shorthands[name])) {
        if (rows.some((r) => r.hcl === hcl)) continue;
        rows.push({ field: camel(hcl), hcl, kind: SHORTHAND_KIND[cty] });
      }
    }
    const isBlock = (r: Row): boolean =>
      [
        'stringMap',
        'headerMap',
        'config',
        'block',
        'blocks',
        'labeledBlocks',
        'labeledMap',
      ].includes(r.kind);
    // The job's label is jobspec2's (`jobConfig.JobID`), not a field of `api.Job`.
    const label = name === ex.root ? 'name' : labelOf(name, ex) && labelField(labelOf(name, ex)!);
    const labelJson = name === ex.root ? undefined : labelOf(name, ex)?.json;
    out[name] = {
      ...(label ? { label } : {}),
      ...(labelJson ? { labelJson } : {}),
      rows: [
        ...rows.filter((r) => !isBlock(r)),
        ...rows.filter((r) => isBlock(r) && !LAST.has(r.block ?? '')),
        ...rows.filter((r) => LAST.has(r.block ?? '')),
      ],
    };
  }
  return out;
}

function tsType(r: Row): string {
  const ref = (b: string): string => MODEL_TYPE[b] ?? b;
  switch (r.kind) {
    case 'string':
    case 'duration':
      return 'Str';
    case 'number':
      return 'Num';
    case 'bool':
      return 'Bool';
    case 'stringList':
      return 'StrList';
    case 'numberList':
      return 'NumList';
    case 'stringMap':
    case 'stringMapAttr':
      return 'StrMap';
    case 'headerMap':
      return 'HeaderMap';
    case 'config':
      return 'OpenConfig';
    case 'block':
      return ref(r.block ?? '');
    default:
      // The model's task list holds the driver-typed `Task` union.
      return `readonly ${r.block === 'Task' ? 'Task' : ref(r.block ?? '')}[]`;
  }
}

export function generate(ex: Extract): string {
  const table = tableOf(ex);
  const lines: string[] = [
    `// GENERATED by scripts/nomad-api/generate.ts from scripts/nomad-api/extract.json: do not edit.`,
    `// Nomad ${ex.nomad.version} (commit ${ex.nomad.commit}), api/*.go struct tags and jobspec2.`,
    `// Regenerate with \`npm run nomad-api:generate\`.`,
    `/* eslint-disable */`,
    `import type { BlockSpec } from './schema';`,
    `import type { Bool, HeaderMap, Num, NumList, OpenConfig, Str, StrList, StrMap, Task } from './model';`,
    '',
    `/** The Nomad release the field table comes from. */`,
    `export const NOMAD_VERSION = ${JSON.stringify(ex.nomad.version)};`,
    `export const NOMAD_COMMIT = ${JSON.stringify(ex.nomad.commit)};`,
    '',
    `/** Block types (Nomad \`api\` struct names). */`,
    `export type StructName =`,
    ...Object.keys(table).map((n) => `  | ${JSON.stringify(n)}`),
    `;`,
    '',
    `/** Every block type: attributes first, then blocks, each in Nomad's struct order. */`,
    `export const STRUCTS: Readonly<Record<StructName, BlockSpec>> = {`,
  ];
  for (const [name, t] of Object.entries(table)) {
    lines.push(`  ${name}: {`, `    name: ${JSON.stringify(name)},`);
    if (t.label) lines.push(`    labelField: ${JSON.stringify(t.label)},`);
    if (t.labelJson) lines.push(`    labelJson: ${JSON.stringify(t.labelJson)},`);
    lines.push(`    fields: [`);
    for (const r of t.rows) lines.push(`      ${JSON.stringify(r)},`);
    lines.push(`    ],`, `  },`);
  }
  lines.push(`};`, '');
  for (const [name, t] of Object.entries(table)) {
    const iface = MODEL_TYPE[name] ?? name;
    lines.push(`/** Nomad \`api.${name}\`. */`, `export interface ${iface} {`);
    if (t.label) lines.push(`  readonly ${t.label}: string;`);
    for (const r of t.rows) {
      if (r.field === t.label) continue;
      lines.push(`  readonly ${r.field}${r.required ? '' : '?'}: ${tsType(r)};`);
    }
    lines.push(`}`, '');
  }
  return lines.join('\n');
}

export function readExtract(): Extract {
  return readJsonExtract<Extract>(EXTRACT_PATH);
}

if (require.main === module) writeGenerated(OUTPUT_PATH, generate(readExtract()));
