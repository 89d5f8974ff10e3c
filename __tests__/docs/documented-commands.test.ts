import * as fs from 'fs';
import * as path from 'path';
import { root } from '../synth/synth-fixture';

/**
 * Every command README and `help` show is run by a test. The commands are read from README's
 * fenced shell blocks and help's command lines; each one (and each of its flags) must have an
 * entry below naming the file that runs it and what that file must contain to run it (the
 * command's arguments as the test passes them). A command of another tool (terraform, op, git)
 * is listed with the reason no test can run it. A documented command without an entry fails.
 */

type Entry =
  { readonly runBy: string; readonly evidence: readonly string[] } | { readonly external: string };

const cli = (file: string, ...evidence: string[]): Entry => ({ runBy: file, evidence });
const CI = (line: string): Entry => ({ runBy: '.ci/run', evidence: [line] });
const NEEDS_TERRAFORM =
  'needs terraform and a Nomad cluster (none in the tests); the stack it plans is what `cdktf synth` writes, run by the heavy tier';

const RUNS: Readonly<Record<string, Entry>> = {
  'npm ci': CI('npm ci'),
  'npm test': CI('run test npm test'),
  'npm run test:heavy': CI('npm run test:heavy'),
  'npm run test:e2e': CI('npm run test:e2e'),
  'npm run synth': cli('__tests__/synth/one-path.test.ts', 'npm run synth'),
  'npm run bench': cli('__tests__/docs/bench.heavy.test.ts', "'bench'", "'--runs'"),
  'npm run nomad-api:generate': cli(
    '__tests__/nomad/schema-completeness.test.ts',
    "'../../scripts/nomad-api/generate'",
  ),
  // Development tools run on this repository: npm test runs each in check mode.
  'npm run format': cli('bin/checks.js', "'prettier --check .'"),
  'jest -u': cli('bin/checks.js', "bin('jest', 'bin/jest.js')"),
  'cdktf synth': cli('__tests__/synth/cdktf-cli.heavy.test.ts', 'cdktfSynth('),
  'cdktf diff': { external: NEEDS_TERRAFORM },
  'cdktf deploy': { external: NEEDS_TERRAFORM },
  'openclaw-octant --help': cli('__tests__/cli/docs.test.ts', "'--help'"),
  'openclaw-octant --version': cli('__tests__/cli/docs.test.ts', "'--version'"),
  'openclaw-octant synth': cli('__tests__/docs/documented-paths.test.ts', "'synth'"),
  'openclaw-octant synth --site': cli('__tests__/docs/documented-paths.test.ts', "'--site'"),
  'openclaw-octant synth --out': cli('__tests__/docs/documented-paths.test.ts', "'--out'"),
  'openclaw-octant vendor': cli('__tests__/octant/vendor.test.ts', "vendorCommand.run(['--octant'"),
  'openclaw-octant vendor --octant': cli('__tests__/octant/vendor.test.ts', "'--octant'"),
  'openclaw-octant vendor --dry-run': cli('__tests__/octant/vendor.test.ts', "'--dry-run'"),
  'openclaw-octant vendor --site': cli('__tests__/octant/vendor.test.ts', "'--site'"),
  'openclaw-octant vendor --force': cli('__tests__/octant/vendor.test.ts', "'--force'"),
  'openclaw-octant secrets check': cli('__tests__/secrets/secrets-cli.test.ts', "'check'"),
  'openclaw-octant secrets provision': cli('__tests__/secrets/secrets-cli.test.ts', "'provision'"),
  'openclaw-octant secrets provision --dry-run': cli(
    '__tests__/secrets/dry-run-without-op.test.ts',
    "'provision'",
    "'--dry-run'",
  ),
  'openclaw-octant backup restore': cli(
    '__tests__/openclaw/backup/backup-restore.test.ts',
    "'backup', 'restore'",
  ),
  'openclaw-octant backup restore --to': cli(
    '__tests__/openclaw/backup/backup-restore.test.ts',
    "'--to'",
  ),
  'openclaw-octant import': cli('__tests__/import/import.test.ts', "main(['import'"),
  'openclaw-octant import --out': cli('__tests__/import/import.test.ts', "'--out'"),
  'openclaw-octant import --force': cli('__tests__/adversarial/import.test.ts', "'--force'"),
  'openclaw-octant validate': cli('__tests__/docs/documented-paths.test.ts', "main(['validate'"),
  'openclaw-octant validate --var': cli('__tests__/nomad/hcl/cli.test.ts', "'validate'", "'--var'"),
  'openclaw-octant validate --module-vars': cli(
    '__tests__/nomad/validate/cli.test.ts',
    "'--module-vars'",
  ),
  'openclaw-octant validate --memory-oversubscription': cli(
    '__tests__/nomad/validate/cli.test.ts',
    "'--memory-oversubscription'",
  ),
  'openclaw-octant validate --json': cli('__tests__/nomad/validate/cli.test.ts', "'--json'"),
  'openclaw-octant fmt': cli('__tests__/nomad/hcl/cli.test.ts', "main(['fmt'"),
  'openclaw-octant fmt --check': cli('__tests__/nomad/hcl/cli.test.ts', "'fmt', '--check'"),
  'openclaw-octant convert': cli('__tests__/nomad/hcl/cli.test.ts', "main(['convert'"),
  'openclaw-octant convert --to': cli('__tests__/nomad/hcl/cli.test.ts', "'--to', 'json'"),
  'openclaw-octant convert --var': cli('__tests__/nomad/hcl/cli.test.ts', "'--to', 'hcl', '--var'"),
  'openclaw-octant install-config': cli(
    '__tests__/import/migration-guide.test.ts',
    'guideCommands(section)',
  ),
  'openclaw-octant install-config --to': cli('__tests__/cli/install-config.test.ts', "'--to'"),
  'openclaw-octant install-config --force': cli(
    '__tests__/cli/install-config.test.ts',
    "install('--force')",
  ),
  nomad: {
    external:
      'the Nomad CLI on the cluster (none in the tests; the migration guide test checks the job it restarts is the vendored one)',
  },
  terraform: { external: 'the Terraform CLI applies the generated module; no test can run it' },
  op: { external: "1Password's CLI (the tests run a fake `op` for the secrets commands)" },
  git: { external: 'git, on the operator’s Octant checkout' },
  cd: { external: 'a shell builtin' },
};

/** Sub-commands that take a second word (`secrets check`, `backup restore`). */
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  secrets: ['check', 'provision'],
  backup: ['restore'],
};

/** The keys one shell command documents: the command, then each of its flags. */
function keysOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] === 'op' && words.includes('--')) {
    return ['op', ...keysOf(words.slice(words.indexOf('--') + 1).join(' '))];
  }
  if (words[0] === 'npm') return [words.slice(0, words[1] === 'run' ? 3 : 2).join(' ')];
  if (words[0] !== 'npx') return [words[0]];
  const [tool, ...rest] = words.slice(1);
  if (tool !== 'openclaw-octant') return [[tool, rest[0]].join(' ')];
  const name = rest[0].startsWith('--') ? [] : [rest[0]];
  if (name.length > 0 && SUBCOMMANDS[rest[0]]?.includes(rest[1])) name.push(rest[1]);
  const base = ['openclaw-octant', ...name].join(' ');
  const flags = rest.flatMap((w) => [...w.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]));
  const keys = name.length > 0 ? [base] : [];
  return [...keys, ...[...new Set(flags)].map((f) => `${base} ${f}`)];
}

/** Shell commands of README's fenced sh/bash blocks and of help's command lines. */
function documentedCommands(): { doc: string; command: string }[] {
  const out: { doc: string; command: string }[] = [];
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const m of readme.matchAll(/```(sh|bash)\n([\s\S]*?)```/g)) {
    for (const line of m[2].split('\n')) out.push({ doc: 'README.md', command: line });
  }
  const help = fs.readFileSync(path.join(root, 'help'), 'utf8');
  for (const line of help.split('\n')) {
    const m = /^\s{4}(np[mx] .*?)(?:\s{2,}|$)/.exec(line);
    if (m) out.push({ doc: 'help', command: m[1] });
    const then = /Then: (.*)$/.exec(line);
    if (then) out.push({ doc: 'help', command: then[1] });
  }
  return out.flatMap(({ doc, command }) =>
    command
      .replace(/\s#.*$/, '')
      .split('&&')
      .map((c) => c.trim())
      .filter((c) => c !== '')
      .map((c) => ({ doc, command: c })),
  );
}

const documented = documentedCommands().flatMap(({ doc, command }) =>
  keysOf(command).map((key) => ({ doc, command, key })),
);

test('the docs are read: commands from both files, flags included', () => {
  expect(documented.filter((d) => d.doc === 'help').length).toBeGreaterThan(15);
  expect(documented.filter((d) => d.doc === 'README.md').length).toBeGreaterThan(15);
  expect(documented.map((d) => d.key)).toEqual(
    expect.arrayContaining([
      'openclaw-octant validate --module-vars',
      'npm run synth',
      'terraform',
    ]),
  );
  // The parser itself: an `op run` wraps the command it runs; a sub-command keeps its word.
  expect(keysOf('op run --env-file=op.env -- npx cdktf diff openclaw')).toEqual([
    'op',
    'cdktf diff',
  ]);
  expect(keysOf('npx openclaw-octant secrets provision --dry-run')).toEqual([
    'openclaw-octant secrets provision',
    'openclaw-octant secrets provision --dry-run',
  ]);
});

test('every documented command and flag has a test that runs it', () => {
  const missing = documented
    .filter((d) => RUNS[d.key] === undefined)
    .map((d) => `${d.doc}: \`${d.command}\` (${d.key}): add the test that runs it to RUNS`);
  expect(missing).toEqual([]);
});

test('each listed test exists and runs the command it is listed for', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const wrong: string[] = [];
  for (const [key, entry] of Object.entries(RUNS)) {
    const script = /^npm run (\S+)$/.exec(key)?.[1];
    if (script !== undefined && pkg.scripts[script] === undefined) wrong.push(`${key}: no script`);
    if (!('runBy' in entry)) continue;
    const file = path.join(root, entry.runBy);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (text === undefined) wrong.push(`${key}: ${entry.runBy} does not exist`);
    for (const e of entry.evidence)
      if (text !== undefined && !text.includes(e)) wrong.push(`${key}: ${entry.runBy} lacks ${e}`);
  }
  expect(wrong).toEqual([]);
});

test('no entry outlives the docs: every listed command is still documented', () => {
  const keys = new Set(documented.map((d) => d.key));
  expect(Object.keys(RUNS).filter((k) => !keys.has(k))).toEqual([]);
});
