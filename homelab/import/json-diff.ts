/**
 * Where two JSON documents first differ, as a path and the kinds of the two values there
 * (`string` / `number` / ...), never the values: a jobspec value may be a credential.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface JsonDifference {
  /** `Job.TaskGroups[0].Tasks[0].Config.args[1]`; "" for the top level. */
  readonly path: string;
  /** Kind of each side's value there: `string`, `number`, `list`, `object`, `absent`, ... */
  readonly want: string;
  readonly got: string;
}

const kindOf = (v: Json | undefined): string =>
  v === undefined
    ? 'absent'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? `list of ${v.length}`
        : typeof v === 'object'
          ? 'object'
          : typeof v;

const join = (at: string, key: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? at === ''
      ? key
      : `${at}.${key}`
    : `${at}[${JSON.stringify(key)}]`;

function differ(a: Json | undefined, b: Json | undefined, at: string): JsonDifference | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = differ(a[i], b[i], `${at}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const isObj = (v: Json | undefined): v is { [k: string]: Json } =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = differ(a[k], b[k], join(at, k));
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a === b) return undefined;
  const want = kindOf(a);
  const got = kindOf(b);
  // Same kind, different value: say so without showing either.
  return {
    path: at,
    want: want === got ? `one ${want}` : want,
    got: want === got ? `another ${got}` : got,
  };
}

/** The first difference between two JSON texts, or undefined when they are equal as JSON. */
export function firstJsonDifference(want: string, got: string): JsonDifference | undefined {
  return differ(JSON.parse(want) as Json, JSON.parse(got) as Json, '');
}
