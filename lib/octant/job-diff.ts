import type { JobFile, Value, VarValue } from '../nomad/model';
import { resolveVars } from '../nomad/resolve';
import { blockSpec, type BlockName } from '../nomad/schema';
import type { JobOverride } from './job-override';
import { isUserError } from '../util/errors';

/**
 * The overrides that turn one job into another: the inverse of `applyJobOverrides`. Both jobs
 * are compared with their variables resolved (a `var.region` whose default is the other job's
 * literal is the same value and stays a reference). Blocks are compared field by field, labeled
 * blocks by label, repeated blocks by index, driver config and user maps key by key; where the
 * shapes differ (other labels, another number of blocks) the whole field is replaced. Used by
 * `import` to keep a hand-written job identical on top of a typed service.
 */
export function overridesBetween(
  current: JobFile,
  want: JobFile,
  vars: {
    readonly current?: Readonly<Record<string, VarValue>>;
    readonly want?: Readonly<Record<string, VarValue>>;
  } = {},
): JobOverride[] {
  const out: JobOverride[] = [];
  diffBlock('Job', resolved(current, vars.current), resolved(want, vars.want), [], out);
  return out;
}

/** The job with its variables resolved; as written when they cannot be (undeclared ones). */
function resolved(file: JobFile, vars: Readonly<Record<string, VarValue>> | undefined): Rec {
  try {
    return resolveVars(file, vars) as unknown as Rec;
  } catch (e) {
    if (isUserError(e)) return file.job as unknown as Rec;
    throw e;
  }
}

type Rec = Record<string, unknown>;

/** Canonical text of a value: object keys sorted, so field order never counts as a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Rec)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Rec)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** A path step the override syntax can address: no dots, and not all digits (an index). */
const addressable = (label: unknown): label is string =>
  typeof label === 'string' && label !== '' && !label.includes('.') && !/^\d+$/.test(label);

function diffBlock(
  block: BlockName,
  cur: Rec,
  want: Rec,
  prefix: string[],
  out: JobOverride[],
): void {
  for (const f of blockSpec(block).fields) {
    const c = cur[f.field];
    const w = want[f.field];
    if (same(c, w)) continue;
    const at = [...prefix, f.hcl];
    const whole = (): void => void out.push({ path: at.join('.'), value: w as Value | undefined });
    if (c === undefined || w === undefined || f.block === undefined) {
      if (
        (f.kind === 'config' || f.kind === 'stringMap' || f.kind === 'stringMapAttr') &&
        isRec(c) &&
        isRec(w)
      ) {
        diffMap(c, w, at, out);
      } else whole();
      continue;
    }
    if (f.kind === 'block') {
      if (isRec(c) && isRec(w)) diffBlock(f.block, c, w, at, out);
      else whole();
      continue;
    }
    if (!Array.isArray(c) || !Array.isArray(w) || c.length !== w.length) {
      whole();
      continue;
    }
    const labelField = f.labelField ?? blockSpec(f.block).labelField;
    if (f.kind === 'labeledBlocks' || f.kind === 'labeledMap') {
      const labels = c.map((x) => (x as Rec)[labelField ?? '']);
      const wantLabels = w.map((x) => (x as Rec)[labelField ?? '']);
      if (!same(labels, wantLabels) || !labels.every(addressable)) {
        whole();
        continue;
      }
      c.forEach((x, i) =>
        diffBlock(f.block!, x as Rec, w[i] as Rec, [...at, labels[i] as string], out),
      );
      continue;
    }
    c.forEach((x, i) => diffBlock(f.block!, x as Rec, w[i] as Rec, [...at, String(i)], out));
  }
}

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Driver config and user maps: key by key (keys with dots are replaced with the whole map). */
function diffMap(c: Rec, w: Rec, at: string[], out: JobOverride[]): void {
  const keys = [...new Set([...Object.keys(c), ...Object.keys(w)])];
  if (keys.some((k) => !addressable(k))) {
    out.push({ path: at.join('.'), value: w as Value });
    return;
  }
  for (const k of keys) {
    if (!same(c[k], w[k]))
      out.push({ path: [...at, k].join('.'), value: w[k] as Value | undefined });
  }
}
