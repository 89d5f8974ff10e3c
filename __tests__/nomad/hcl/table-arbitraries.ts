import fc from 'fast-check';
import { Job, OpenConfig, StrMap, Value } from '../../../lib/nomad/model';
import { BlockName, FieldSpec, blockSpec } from '../../../lib/nomad/schema';
import { hostileString, ident, str } from './arbitraries';

/**
 * Jobs generated from the field table itself: every block type and every field of
 * `schema.generated.ts` can appear, so a field added to the extract is exercised without
 * editing this file. Fields are rarer the deeper they sit, which keeps jobs small.
 */

const varRef = ident.map((name) => ({ kind: 'var' as const, name }));
const num = fc.oneof(fc.integer({ min: -5, max: 70000 }), varRef);
const bool = fc.oneof(fc.boolean(), varRef);
const strList = fc.oneof(fc.array(str, { maxLength: 2 }), varRef);
const numList = fc.oneof(fc.array(num, { maxLength: 2 }), varRef);
const mapKey = fc.oneof(
  ident.map((s) => s.toUpperCase()),
  hostileString,
);
const strMap: fc.Arbitrary<StrMap> = fc.dictionary(mapKey, str, { maxKeys: 2 });
const headerMap = fc.dictionary(mapKey, fc.array(str, { maxLength: 2 }), { maxKeys: 2 });
const configValue: fc.Arbitrary<Value> = fc.oneof(
  str,
  fc.integer(),
  fc.boolean(),
  fc.array(fc.oneof(str, fc.integer()), { maxLength: 2 }),
  fc.dictionary(ident, str, { maxKeys: 2 }),
);
const config: fc.Arbitrary<OpenConfig> = fc.dictionary(ident, configValue, { maxKeys: 3 });
const label = fc.oneof(
  ident,
  hostileString.filter((s) => s !== ''),
);

/** Every `Struct.field` an arbitrary was built for: the completeness test compares it with the table. */
export const covered = new Set<string>();

const MAX_DEPTH = 8;
const memo = new Map<string, fc.Arbitrary<Record<string, unknown>>>();

function presence(depth: number): number {
  // Weight of "absent" against 1 for "present": fields get rarer with depth.
  return 2 + depth;
}

function leaf(f: FieldSpec): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'string':
    case 'duration':
      return str;
    case 'number':
      return num;
    case 'bool':
      return bool;
    case 'stringList':
      return strList;
    case 'numberList':
      return numList;
    case 'stringMap':
    case 'stringMapAttr':
      return strMap;
    case 'headerMap':
      return headerMap;
    case 'config':
      return config;
    default:
      throw new Error(`no leaf arbitrary for ${f.kind}`);
  }
}

function fieldArb(
  owner: BlockName,
  f: FieldSpec,
  depth: number,
): fc.Arbitrary<unknown> | undefined {
  covered.add(`${owner}.${f.field}`);
  if (f.block === undefined) return leaf(f);
  if (depth >= MAX_DEPTH) return undefined;
  const child = blockArb(f.block, depth + 1);
  // jobspec2 refuses a group scaling block without max, or of another type than horizontal.
  if (owner === 'TaskGroup' && f.field === 'scaling')
    return child.map(({ type, ...x }) => ({
      ...x,
      max: x.max ?? 1,
      ...(type !== undefined ? { type: 'horizontal' } : {}),
    }));
  if (f.kind === 'block') return child;
  const labelField = f.labelField ?? blockSpec(f.block).labelField;
  const items = fc.array(child, { minLength: 1, maxLength: 2 });
  if (labelField === undefined) return items;
  // Labels are unique among siblings; task `scaling` labels are the resources Nomad knows.
  const names =
    owner === 'Task' && f.field === 'scaling'
      ? fc.shuffledSubarray(['cpu', 'mem'], { minLength: 2, maxLength: 2 })
      : fc.uniqueArray(label, { minLength: 2, maxLength: 2 });
  // A task policy's type, when given, is the one its label names (`vertical_cpu` for "cpu").
  const typed = (x: Record<string, unknown>, n: string): Record<string, unknown> =>
    owner === 'Task' && f.field === 'scaling' && x.type !== undefined
      ? { ...x, type: `vertical_${n}` }
      : x;
  return fc
    .tuple(items, names)
    .map(([xs, ns]) =>
      xs.slice(0, ns.length).map((x, i) => ({ [labelField]: ns[i], ...typed(x, ns[i]) })),
    );
}

function blockArb(name: BlockName, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const key = `${name}@${depth}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const spec = blockSpec(name);
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of spec.fields) {
    const arb = fieldArb(name, f, depth);
    if (arb === undefined) continue;
    shape[f.field] = f.required
      ? arb
      : fc.oneof(
          { weight: presence(depth), arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: arb },
        );
  }
  const arb = fc.record(shape).map((r) => {
    // Model order: the label first, then fields in table order, absent fields left out.
    const out: Record<string, unknown> = {};
    for (const f of spec.fields) if (r[f.field] !== undefined) out[f.field] = r[f.field];
    return out;
  });
  memo.set(key, arb);
  return arb;
}

/** A job named `name` over every block type of the table. */
export const tableJob = (name: string): fc.Arbitrary<Job> =>
  blockArb('Job', 0).map((j) => ({ name, ...j }) as unknown as Job);
