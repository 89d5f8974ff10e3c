import * as fs from 'fs';
import { generate, OUTPUT_PATH, readExtract, tableOf } from '../../scripts/nomad-api/generate';
import { BlockName, FieldSpec, allBlockSpecs, blockSpec } from '../../lib/nomad/schema';
import { NOMAD_VERSION, STRUCTS } from '../../lib/nomad/schema.generated';
import { JobFile } from '../../lib/nomad/model';
import { renderHcl } from '../../lib/nomad/hcl/render';
import { parseJobspec, parserExtraNames } from '../../lib/nomad/hcl/parse';
import { renderJson } from '../../lib/nomad/json/render';
import { covered, tableJob } from './hcl/table-arbitraries';

const extract = readExtract();
type Rec = Record<string, unknown>;

describe('the field table and the extract of Nomad API definitions', () => {
  test('schema.generated.ts is what the generator makes of the checked-in extract', () => {
    const fresh = generate(extract);
    const current = fs.readFileSync(OUTPUT_PATH, 'utf8');
    if (current !== fresh)
      throw new Error('schema.generated.ts is stale: run npm run nomad-api:generate');
    expect(NOMAD_VERSION).toBe(extract.nomad.version);
    expect(extract.nomad.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  test('every struct and every hcl field of the extract is in the table', () => {
    const table = tableOf(extract);
    for (const [name, s] of Object.entries(extract.structs)) {
      const spec = blockSpec(name as BlockName);
      for (const f of s.fields) {
        if (f.kind === 'label') {
          expect(spec.labelField).toBeDefined();
          continue;
        }
        const row = spec.fields.find((r) => r.hcl === f.hcl);
        if (!row) throw new Error(`${name}.${f.go} (${f.hcl}) is missing from the table`);
        expect(row.json).toBe(f.json);
      }
      expect(table[name].rows.length).toBe(spec.fields.length);
    }
    expect(Object.keys(STRUCTS).sort()).toEqual(Object.keys(extract.structs).sort());
  });

  test('constraint and affinity shorthands and the parser extras of jobspec2 are read', () => {
    for (const kind of ['Constraint', 'Affinity'] as const) {
      const names = blockSpec(kind).fields.map((f) => f.hcl);
      expect(names).toEqual(expect.arrayContaining(Object.keys(extract.shorthands[kind])));
    }
    const extras = parserExtraNames();
    for (const [struct, fields] of Object.entries(extract.parserExtras)) {
      expect(extras[struct]).toEqual(expect.arrayContaining(fields.map((f) => f.hcl)));
    }
  });

  test('the property generator covers every field of every block', () => {
    tableJob('x'); // builds the arbitraries
    const missing: string[] = [];
    for (const spec of allBlockSpecs()) {
      // HCL2 variables: the `variable` arbitrary of arbitraries.ts.
      if (spec.name === 'Variable' || spec.name === 'VariableValidation') continue;
      for (const f of spec.fields)
        if (!covered.has(`${spec.name}.${f.field}`)) missing.push(`${spec.name}.${f.field}`);
    }
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// A job with every field of every block set once: through HCL and back, and into the API JSON.
// ---------------------------------------------------------------------------------------------

function sample(f: FieldSpec): unknown {
  switch (f.kind) {
    case 'string':
      return `${f.hcl}-v`;
    case 'duration':
      return '1m30s';
    case 'number':
      return 7;
    case 'bool':
      return true;
    case 'stringList':
      return ['a', 'b'];
    case 'numberList':
      return [1, 2];
    case 'stringMap':
    case 'stringMapAttr':
      return { KEY: 'v', 'dotted.key': 'w' };
    case 'headerMap':
      return { 'X-Probe': ['a', 'b'] };
    case 'config':
      return { image: 'img', args: ['x'], nested: { a: 'b' } };
    default:
      return undefined;
  }
}

function full(name: BlockName, depth = 0): Rec {
  if (depth > 12) throw new Error(`the table nests deeper than 12 at ${name}`);
  const out: Rec = {};
  for (const f of blockSpec(name).fields) {
    if (f.block === undefined) out[f.field] = sample(f);
    else if (f.kind === 'block') out[f.field] = full(f.block, depth + 1);
    else {
      const labelField = f.labelField ?? blockSpec(f.block).labelField;
      const label = name === 'Task' && f.field === 'scaling' ? 'cpu' : `${f.hcl}-label`;
      out[f.field] = [
        { ...(labelField ? { [labelField]: label } : {}), ...full(f.block, depth + 1) },
      ];
    }
    // Scaling types are fixed by where the policy sits (jobspec2 refuses any other).
    if (f.field === 'scaling' && name === 'TaskGroup') (out.scaling as Rec).type = 'horizontal';
    if (f.field === 'scaling' && name === 'Task') (out.scaling as Rec[])[0].type = 'vertical_cpu';
  }
  return out;
}

const job = { name: 'every-field', ...full('Job') } as unknown as JobFile['job'];
// Named identities stay listed (the unnamed one would become `Identity`).
const file: JobFile = { job };

/** Every (JSON path of a) field the table names, checked against the rendered JSON. */
function checkJson(name: BlockName, model: Rec, json: Rec, at: string, missing: string[]): void {
  const spec = blockSpec(name);
  if (
    spec.labelJson !== undefined &&
    spec.labelField !== undefined &&
    json[spec.labelJson] === undefined
  ) {
    missing.push(`${at}.${spec.labelJson}`);
  }
  for (const f of spec.fields) {
    if (f.json === undefined || model[f.field] === undefined) continue;
    // jobspec2 files ports with a static value under ReservedPorts.
    const key = name === 'NetworkResource' && f.json === 'DynamicPorts' ? 'ReservedPorts' : f.json;
    const j = json[key];
    if (j === undefined) {
      missing.push(`${at}.${key}`);
      continue;
    }
    if (f.block === undefined) continue;
    const m = model[f.field];
    if (f.kind === 'block') {
      checkJson(
        f.block,
        m as Rec,
        (f.jsonList ? (j as Rec[])[0] : j) as Rec,
        `${at}.${key}`,
        missing,
      );
    } else if (f.kind === 'labeledMap') {
      for (const b of m as Rec[]) {
        const k = String(b[f.labelField ?? 'name']);
        checkJson(f.block, b, (j as Record<string, Rec>)[k], `${at}.${key}.${k}`, missing);
      }
    } else {
      (m as Rec[]).forEach((b, i) =>
        checkJson(f.block!, b, (j as Rec[])[i], `${at}.${key}[${i}]`, missing),
      );
    }
  }
}

describe('a job with every field of the table set', () => {
  test('round-trips through HCL', async () => {
    const text = renderHcl(file);
    const back = await parseJobspec(text, { filename: 'every-field.nomad.hcl' });
    expect(back).toEqual(file);
    expect(renderHcl(back)).toBe(text);
  });

  test('writes every field under its API JSON name', () => {
    const json = (JSON.parse(renderJson(file)) as { Job: Rec }).Job;
    const missing: string[] = [];
    checkJson('Job', job as unknown as Rec, json, 'Job', missing);
    expect(missing).toEqual([]);
    expect(json.ID).toBe('id-v');
    expect(json.Name).toBe('name-v');
  });
});
