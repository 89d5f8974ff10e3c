import fc from 'fast-check';
import { Interpolation, Job, Str, StrMap, VarRef, Variable } from '../../../lib/nomad/model';

/** Pieces that have broken HCL writers before: quotes, escapes, template markers, heredoc ends. */
const HOSTILE = [
  '"',
  '\\',
  '\\n',
  '${',
  '%{',
  '$${',
  '%%{',
  '$',
  '%',
  '{',
  '}',
  '\n',
  '\t',
  '\r',
  '\u0001',
  '\u007f',
  'EOT',
  '\nEOT\n',
  'EOT1\n',
  ' ',
  'é',
  '日本',
  '😀',
  'a',
  'Z',
  '0',
  '-',
  '.',
  '`',
  'var.x',
  '${var.x}',
  '<<EOT',
];

export const hostileString: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...HOSTILE), { maxLength: 4 })
  .map((a) => a.join(''));

/** Multi-line text ending in a newline: written as a heredoc. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(hostileString, { minLength: 1, maxLength: 4 })
  .map((lines) => lines.join('\n') + '\n');

/** Present one time in four: keeps generated jobs small so 10,000 of them parse quickly. */
function rare<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

/** Like fc.record with `requiredKeys`, but optional keys are rare. */
function sparse<T extends Record<string, unknown>>(
  shape: { [K in keyof T]: fc.Arbitrary<T[K]> },
  opts: { requiredKeys: readonly string[] } = { requiredKeys: [] },
): fc.Arbitrary<T> {
  const out: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, arb] of Object.entries(shape) as [string, fc.Arbitrary<unknown>][]) {
    out[k] = opts.requiredKeys.includes(k) ? arb : rare(arb);
  }
  return fc.record(out) as unknown as fc.Arbitrary<T>;
}

export const ident: fc.Arbitrary<string> = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);

const varRef: fc.Arbitrary<VarRef> = ident.map((name) => ({ kind: 'var', name }));

/** Interpolations in normal form: at least two parts, no empty or adjacent literal parts. */
const interpolation: fc.Arbitrary<Interpolation> = fc
  .array(
    fc.oneof(
      hostileString.filter((s) => s !== ''),
      varRef,
    ),
    { minLength: 2, maxLength: 4 },
  )
  .map((raw) => {
    const parts: (string | VarRef)[] = [];
    for (const p of raw) {
      const last = parts[parts.length - 1];
      if (typeof p === 'string' && typeof last === 'string') parts[parts.length - 1] = last + p;
      else parts.push(p);
    }
    return { kind: 'interp' as const, parts };
  })
  .filter((i) => i.parts.length >= 2);

export const str: fc.Arbitrary<Str> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileText },
  { weight: 1, arbitrary: varRef },
  { weight: 2, arbitrary: interpolation },
);

const mapKey = fc.oneof(
  ident.map((s) => s.toUpperCase()),
  hostileString,
);
const strMap: fc.Arbitrary<StrMap> = fc.dictionary(mapKey, str, { maxKeys: 2 });
const identMap: fc.Arbitrary<StrMap> = fc.dictionary(ident, str, { maxKeys: 2 });
const num = fc.oneof(fc.integer({ min: -5, max: 70000 }), varRef);
const bool = fc.oneof(fc.boolean(), varRef);
const strList = fc.oneof(fc.array(str, { maxLength: 2 }), varRef);

const labels = (min: number, max: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(
    fc.oneof(
      ident,
      hostileString.filter((s) => s !== ''),
    ),
    {
      minLength: min,
      maxLength: max,
    },
  );

const task = sparse(
  {
    name: fc.constant(''),
    driver: fc.constant('podman' as const),
    user: str,
    config: sparse(
      {
        image: str,
        args: strList,
        force_pull: fc.oneof(fc.boolean(), fc.constant('true')),
        ports: fc.array(ident, { maxLength: 2 }),
        logging: sparse({
          driver: str,
          options: fc.oneof(
            fc.array(fc.dictionary(mapKey, str, { maxKeys: 2 }), { maxLength: 2 }),
            fc.dictionary(mapKey, str, { maxKeys: 2 }),
          ),
        }),
        custom_thing: fc.oneof(fc.integer(), str, fc.array(fc.integer(), { maxLength: 2 })),
      },
      { requiredKeys: ['image'] },
    ),
    env: strMap,
    template: fc.array(
      sparse(
        {
          data: fc.oneof(hostileText, str),
          destination: str,
          changeMode: fc.constantFrom('noop', 'restart', 'signal'),
          env: bool,
          perms: fc.constantFrom('644', '0600'),
          leftDelimiter: hostileString,
        },
        { requiredKeys: ['destination'] },
      ),
      { minLength: 1, maxLength: 1 },
    ),
    volumeMount: fc.array(
      sparse({ volume: ident, destination: str, readOnly: bool }, { requiredKeys: ['volume'] }),
      { minLength: 1, maxLength: 2 },
    ),
    resources: sparse({ cpu: num, memory: num, memoryMax: num }, { requiredKeys: [] }),
  },
  { requiredKeys: ['name', 'driver', 'config'] },
);

const service = sparse(
  {
    name: str,
    provider: fc.constantFrom('consul', 'nomad'),
    port: fc.oneof(ident, fc.integer({ min: 1, max: 65535 }).map(String)),
    tags: strList,
    meta: identMap,
    connect: sparse({ native: bool }),
    check: fc.array(
      sparse(
        {
          type: fc.constantFrom('http', 'tcp'),
          path: str,
          interval: fc.constantFrom('10s', '1m'),
          header: fc.dictionary(mapKey, fc.array(str, { maxLength: 2 }), { maxKeys: 2 }),
          checkRestart: sparse({ limit: num, grace: fc.constant('5s') }),
        },
        { requiredKeys: ['type'] },
      ),
      { minLength: 1, maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);

/** Gives each item one of `names` (unique), dropping items beyond the names. */
function named<T extends { name: string }>(items: T[], names: string[]): T[] {
  return items.slice(0, names.length).map((it, i) => ({ ...it, name: names[i] }));
}

const port = sparse({ label: fc.constant(''), static: num, to: num }, { requiredKeys: ['label'] });

const group = fc
  .record(
    {
      name: fc.constant(''),
      count: num,
      meta: strMap,
      network: sparse(
        {
          mode: fc.constantFrom('bridge', 'host'),
          port: fc.array(port, { minLength: 1, maxLength: 2 }),
          dns: sparse({ servers: strList }),
        },
        { requiredKeys: [] },
      ),
      service: fc.array(service, { minLength: 0, maxLength: 1 }),
      task: fc.array(task, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['name', 'task'] },
  )
  .chain((g) => fc.tuple(fc.constant(g), labels(2, 2), labels(2, 2)))
  .map(([g, taskNames, portNames]) => {
    const network = g.network?.port
      ? {
          ...g.network,
          port: g.network.port.slice(0, 2).map((p, i) => ({ ...p, label: portNames[i] })),
        }
      : g.network;
    const out = { ...g, task: named(g.task, taskNames) };
    if (network) return { ...out, network };
    return out;
  });

/** A job whose name is `name` (callers keep names unique when they batch jobs). */
export const job = (name: string): fc.Arbitrary<Job> =>
  fc
    .tuple(
      sparse(
        {
          name: fc.constant(name),
          region: str,
          datacenters: strList,
          type: fc.constantFrom('service', 'batch'),
          priority: num,
          meta: strMap,
          constraint: fc.array(
            sparse(
              { attribute: str, operator: fc.constantFrom('=', 'regexp'), value: str },
              { requiredKeys: [] },
            ),
            // Zero: an empty block list, which reads back absent (see normalizeJobFile).
            { minLength: 0, maxLength: 1 },
          ),
          periodic: sparse(
            { crons: fc.array(str, { maxLength: 2 }), prohibitOverlap: bool },
            { requiredKeys: [] },
          ),
          update: sparse(
            { maxParallel: num, autoRevert: bool, minHealthyTime: fc.constant('30s') },
            { requiredKeys: [] },
          ),
          group: fc.array(group, { minLength: 1, maxLength: 1 }),
        },
        { requiredKeys: ['name', 'group'] },
      ),
      labels(2, 2),
    )
    .map(([j, groupNames]) => ({ ...j, group: named(j.group, groupNames) }) as Job);

export const variable = (name: string): fc.Arbitrary<Variable> =>
  sparse(
    {
      name: fc.constant(name),
      type: fc.constantFrom('string', 'list(string)', 'number'),
      description: hostileString,
      default: fc.oneof(
        hostileString,
        fc.integer(),
        fc.array(hostileString, { maxLength: 2 }),
        fc.dictionary(mapKey, hostileString, { maxKeys: 2 }),
      ),
      validation: fc.array(
        fc.record({
          condition: fc.constantFrom(
            'length(var.x) > 0',
            'var.x != ""',
            'contains(["a", "b"], var.x)',
          ),
          errorMessage: hostileString,
        }),
        { minLength: 1, maxLength: 2 },
      ),
    },
    { requiredKeys: ['name'] },
  );
