import * as fs from 'fs';
import * as path from 'path';

/**
 * One source per fact: a default value is stated once. Every `?? <literal>` and
 * `.default(<literal>)` (non-empty strings, arrays of strings, numbers) in lib/, cli/, homelab/
 * and main.ts is collected; a literal that is the default in two places fails, naming both.
 * 0, 1, true and false are left out: they are the neutral values of sums, counts and switches,
 * not facts of the domain (the site and the library agreeing on the gateway's switches is
 * checked by building both, in __tests__/homelab/site.test.ts).
 */
const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Defaults stated twice that are known and not yet folded into one place. */
const KNOWN: ReadonlySet<string> = new Set([
  // Template change_mode in the two secret-template builders (Nomad's own default).
  "'restart'",
  // lib/nomad internals: the parser's default file name, an operator's fallback.
  "'jobspec.nomad.hcl'",
  "'='",
]);

const DEFAULT_RE =
  /(?:\?\?|\.default\()\s*('(?:[^'\\\n]|\\.)+'|\[\s*'[^\]]*\]|-?\d[\d_.e]*(?![\w.]))/g;
const NEUTRAL = new Set(['0', '1']);

function defaultsIn(file: string): { literal: string; where: string }[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: { literal: string; where: string }[] = [];
  for (let m = DEFAULT_RE.exec(text); m; m = DEFAULT_RE.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    if (NEUTRAL.has(m[1])) continue;
    out.push({ literal: m[1].replace(/\s+/g, ' '), where: `${path.relative(root, file)}:${line}` });
  }
  return out;
}

test('no default literal is stated in two places', () => {
  const files = [
    ...sources(path.join(root, 'lib')),
    ...sources(path.join(root, 'cli')),
    ...sources(path.join(root, 'homelab')),
    path.join(root, 'main.ts'),
  ];
  const seen = new Map<string, string[]>();
  for (const f of files) {
    for (const { literal, where } of defaultsIn(f)) {
      seen.set(literal, [...(seen.get(literal) ?? []), where]);
    }
  }
  const twice = [...seen]
    .filter(([literal, wheres]) => wheres.length > 1 && !KNOWN.has(literal))
    .map(([literal, wheres]) => `${literal}: ${wheres.join(', ')}`);
  expect(twice).toEqual([]);
  // The scan finds defaults at all, numbers too (it would pass vacuously otherwise).
  expect(seen.size).toBeGreaterThan(10);
  expect([...seen.keys()].some((l) => /^\d+$/.test(l))).toBe(true);
});

test('the facts folded into one place stay there', () => {
  const code = [...sources(path.join(root, 'lib')), ...sources(path.join(root, 'homelab'))]
    .map((f) => [f, fs.readFileSync(f, 'utf8')] as const)
    .map(([f, t]) => [f, t.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')] as const);
  const count = (needle: string): string[] =>
    code.filter(([, t]) => t.includes(needle)).map(([f]) => path.relative(root, f));
  // The DNS list: Octant's standard variables.
  expect(count("'192.168.122.102'")).toEqual([path.join('lib', 'octant', 'variables.ts')]);
  // Octant's registry and its 1Password item naming.
  expect(count("'192.168.122.1:5000'")).toEqual([path.join('lib', 'octant', 'variables.ts')]);
  expect(count("'service_'")).toEqual([path.join('lib', 'octant', 'variables.ts')]);
  // The image-pin rule.
  expect(count('@sha256:[a-f0-9]{64}')).toEqual([path.join('lib', 'octant', 'image.ts')]);
  // The gateway's image repository (the tag is the pinned OpenClaw version) and token defaults.
  expect(count("'openclaw-homelab'")).toEqual([path.join('lib', 'openclaw', 'defaults.ts')]);
  // The gateway's ports, numbers written once.
  for (const n of ['18789', '18793'])
    expect(count(n)).toEqual([path.join('lib', 'openclaw', 'defaults.ts')]);
  expect(count("'gateway_token'").filter((f) => !f.includes('site-secrets'))).toEqual([
    path.join('lib', 'openclaw', 'defaults.ts'),
  ]);
});
