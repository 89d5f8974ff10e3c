import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';

/**
 * Hostile modules against `import` (and `validate --module-vars`): each case builds a module in
 * a fresh folder beside an `outside/` folder holding a canary, runs the CLI, and checks the
 * class of the outcome: a clean error (exit 1, no stack trace) or a harmless import; in every
 * case no canary text in any output or written file, nothing changed outside the out folder.
 */

const CANARY = 'CANARY-5f1d3c9a-not-to-be-read';
const NGINX = 'docker.io/library/nginx:1.27.3';

interface Ctx {
  /** The temporary folder holding everything of the case. */
  readonly work: string;
  /** The module folder (`work/mod/svc`). */
  readonly mod: string;
  /** The canary folder (`work/outside`). */
  readonly outside: string;
  /** The site file import writes (`work/out/site.yaml`). */
  readonly out: string;
}

function jobspec(name = 'svc', region = '${region}', extra = ''): string {
  return [
    `job "${name}" {`,
    `  region = "${region}"`,
    '  group "g" {',
    '    task "t" {',
    '      driver = "podman"',
    '      config {',
    `        image = "${NGINX}"`,
    '      }',
    extra,
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** main.tf passing `region = <expr>` to svc.nomad.hcl, plus any further text. */
function mainTf(region: string, more = ''): string {
  return [
    more,
    'resource "nomad_job" "svc" {',
    `  jobspec = templatefile("\${path.module}/svc.nomad.hcl", { region = ${region} })`,
    '}',
    '',
  ].join('\n');
}

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [f, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), c);
}

function setUp(): Ctx {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-adv-import-'));
  const ctx = {
    work,
    mod: path.join(work, 'mod', 'svc'),
    outside: path.join(work, 'outside'),
    out: path.join(work, 'out', 'site.yaml'),
  };
  fs.mkdirSync(ctx.mod, { recursive: true });
  fs.mkdirSync(ctx.outside);
  fs.mkdirSync(path.dirname(ctx.out));
  write(ctx.outside, {
    canary: `${CANARY}\n`,
    'canary.nomad.hcl': jobspec('svc', 'home', `      meta {\n        x = "${CANARY}"\n      }`),
  });
  return ctx;
}

/** Every file below `dir` (links as their target text), except those below `except`. */
function snapshot(dir: string, except: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (p === except) continue;
      if (e.isSymbolicLink()) out[p] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[p] = fs.readFileSync(p).toString('base64');
      else out[p] = '<special>';
    }
  };
  walk(dir);
  return out;
}

/** Every file the run wrote into the out folder (carried files in folders too), as text. */
function written(ctx: Ctx): string {
  const read = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return read(p);
      return e.isFile() ? [fs.readFileSync(p, 'latin1')] : []; // a case's link: not ours
    });
  return read(path.dirname(ctx.out)).join('\n');
}

interface Case {
  readonly name: string;
  readonly build: (ctx: Ctx) => void;
  /** @default ['import', mod, '--out', out] */
  readonly args?: (ctx: Ctx) => string[];
  /** A clean error matching this, or `ok` (a harmless import). */
  readonly expect: RegExp | 'ok';
  readonly check?: (ctx: Ctx, output: string) => void;
}

const CASES: readonly Case[] = [
  {
    name: 'file("/proc/self/environ") passed to the jobspec',
    build: ({ mod }) =>
      write(mod, { 'main.tf': mainTf('file("/proc/self/environ")'), 'svc.nomad.hcl': jobspec() }),
    expect: /svc\/main\.tf:3: "\/proc\/self\/environ" is an absolute path/,
    check: (_ctx, output) => expect(output).not.toMatch(/PATH=|HOME=/),
  },
  {
    name: 'file("../../outside/canary")',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('file("../../outside/canary")'),
        'svc.nomad.hcl': jobspec(),
      }),
    expect: /svc\/main\.tf:3: "\.\.\/\.\.\/outside\/canary" leads outside the folder/,
  },
  {
    name: '${path.root}/../ out of the folder, in data "local_file"',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf(
          'data.local_file.c.content',
          'data "local_file" "c" {\n  filename = "${path.root}/../../outside/canary"\n}\n',
        ),
        'svc.nomad.hcl': jobspec(),
      }),
    expect: /svc\/main\.tf:2: "\.\/\.\.\/\.\.\/outside\/canary" leads outside the folder/,
  },
  {
    name: 'templatefile() with an absolute path as the jobspec',
    build: ({ mod, outside }) =>
      write(mod, {
        'main.tf': `resource "nomad_job" "svc" {\n  jobspec = templatefile("${outside}/canary.nomad.hcl", {})\n}\n`,
      }),
    expect: /svc\/main\.tf:1: ".*canary\.nomad\.hcl" is an absolute path/,
  },
  {
    name: 'a symlinked jobspec leading out',
    build: ({ mod, outside }) => {
      write(mod, { 'main.tf': mainTf('"home"') });
      fs.symlinkSync(path.join(outside, 'canary.nomad.hcl'), path.join(mod, 'svc.nomad.hcl'));
    },
    expect: /svc\/main\.tf:2: "\.\/svc\.nomad\.hcl" is a symlink leading outside the folder/,
  },
  {
    name: 'a symlinked folder leading out, read through',
    build: ({ mod, outside }) => {
      write(mod, { 'main.tf': mainTf('file("conf/canary")'), 'svc.nomad.hcl': jobspec() });
      fs.symlinkSync(outside, path.join(mod, 'conf'));
    },
    expect: /svc\/main\.tf:3: "conf\/canary" is a symlink leading outside the folder/,
  },
  {
    name: 'a symlink beside the module is reported, not copied',
    build: ({ mod, outside }) => {
      write(mod, { 'main.tf': mainTf('"home"'), 'svc.nomad.hcl': jobspec() });
      fs.symlinkSync(path.join(outside, 'canary'), path.join(mod, 'settings.toml'));
    },
    expect: 'ok',
    check: (ctx, output) => {
      expect(output).toMatch(/svc\/settings\.toml: a symlink; not followed and not copied/);
      expect(fs.existsSync(path.join(path.dirname(ctx.out), 'settings.toml'))).toBe(false);
    },
  },
  {
    name: 'a FIFO as the jobspec (no hang)',
    build: ({ mod }) => {
      write(mod, { 'main.tf': mainTf('"home"') });
      execFileSync('mkfifo', [path.join(mod, 'svc.nomad.hcl')]);
    },
    expect: /svc\/svc\.nomad\.hcl: is a FIFO, not a regular file/,
  },
  {
    name: 'a FIFO beside the module (no hang)',
    build: ({ mod }) => {
      write(mod, { 'main.tf': mainTf('"home"'), 'svc.nomad.hcl': jobspec() });
      execFileSync('mkfifo', [path.join(mod, 'notes.txt')]);
    },
    expect: 'ok',
    check: (_ctx, output) => expect(output).toMatch(/svc\/notes\.txt: not a regular file/),
  },
  {
    name: '/dev/zero through a symlink as the jobspec',
    build: ({ mod }) => {
      write(mod, { 'main.tf': mainTf('"home"') });
      fs.symlinkSync('/dev/zero', path.join(mod, 'svc.nomad.hcl'));
    },
    expect: /svc\/main\.tf:2: "\.\/svc\.nomad\.hcl" is a symlink leading outside the folder/,
  },
  {
    name: '/dev/zero as a .tf file',
    build: ({ mod }) => {
      write(mod, { 'main.tf': mainTf('"home"'), 'svc.nomad.hcl': jobspec() });
      fs.symlinkSync('/dev/zero', path.join(mod, 'zero.tf'));
    },
    expect: /"zero\.tf" is a symlink leading outside the folder/,
  },
  {
    name: 'a .env file beside the module is not copied',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('"home"'),
        'svc.nomad.hcl': jobspec(),
        '.env': `TOKEN=${CANARY}\n`,
        '.env.local': `TOKEN=${CANARY}\n`,
      }),
    expect: 'ok',
    check: (_ctx, output) => expect(output).toMatch(/svc\/\.env not carried over \(private/),
  },
  {
    name: 'file(".env") is refused',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('file("${path.module}/.env")'),
        'svc.nomad.hcl': jobspec(),
        '.env': `TOKEN=${CANARY}\n`,
      }),
    expect: /svc\/main\.tf:3: "\.\/\.env" is a file the operator or Terraform keeps private/,
  },
  {
    name: "a config/ file written through the site folder's config link out",
    build: ({ mod, out, outside }) => {
      write(mod, { 'main.tf': mainTf('"home"'), 'svc.nomad.hcl': jobspec() });
      fs.mkdirSync(path.join(mod, 'config', 'teams'), { recursive: true });
      write(mod, { 'config/teams/app.conf': 'listen 80;\n' });
      fs.symlinkSync(outside, path.join(path.dirname(out), 'config'));
    },
    expect: /config\/teams\/app\.conf: .*symlink leading outside the folder/,
  },
  {
    name: 'a config/ file whose path synth would refuse is refused',
    build: ({ mod }) => {
      write(mod, { 'main.tf': mainTf('"home"'), 'svc.nomad.hcl': jobspec() });
      fs.mkdirSync(path.join(mod, 'config'));
      write(mod, { 'config/.hidden': `${CANARY}\n` });
    },
    expect: /svc\/config\/\.hidden: cannot be carried into the generated module/,
  },
  {
    name: 'state files beside the module are not copied',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('"home"'),
        'svc.nomad.hcl': jobspec(),
        'x.tfstate': `{"secret": "${CANARY}"}\n`,
        'x.tfstate.backup': `{"secret": "${CANARY}"}\n`,
      }),
    expect: 'ok',
    check: (_ctx, output) => expect(output).toMatch(/svc\/x\.tfstate not carried over/),
  },
  {
    name: 'a data "local_file" of the state is refused',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf(
          'data.local_file.s.content',
          'data "local_file" "s" {\n  filename = "terraform.tfstate"\n}\n',
        ),
        'svc.nomad.hcl': jobspec(),
        'terraform.tfstate': `{"secret": "${CANARY}"}\n`,
      }),
    expect:
      /svc\/main\.tf:2: "terraform\.tfstate" is a file the operator or Terraform keeps private/,
  },
  {
    name: 'a binary file beside the module is copied as bytes',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('"home"'),
        'svc.nomad.hcl': jobspec(),
        'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0]),
      }),
    expect: 'ok',
    check: (ctx, output) => {
      const copy = fs.readFileSync(path.join(path.dirname(ctx.out), 'logo.png'));
      expect(copy).toEqual(fs.readFileSync(path.join(ctx.mod, 'logo.png')));
      expect(output).toMatch(/svc\/logo\.png: a binary file; copied beside the site file as it is/);
    },
  },
  {
    name: 'a second job named ../../evil',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': [
          mainTf('"home"'),
          'resource "nomad_job" "evil" {',
          '  jobspec = file("${path.module}/evil.nomad.hcl")',
          '}',
          '',
        ].join('\n'),
        'svc.nomad.hcl': jobspec(),
        'evil.nomad.hcl': jobspec('../../evil', 'home'),
      }),
    expect: /svc\/evil\.nomad\.hcl: the job name "\.\.\/\.\.\/evil" cannot be used as a file name/,
    check: (ctx) => {
      expect(fs.existsSync(path.resolve(path.dirname(ctx.out), '../../evil.nomad.hcl'))).toBe(
        false,
      );
    },
  },
  {
    name: 'exponential locals (lists)',
    build: ({ mod }) => {
      const locals = ['b0 = ["x"]'];
      for (let i = 1; i <= 60; i++) locals.push(`b${i} = [local.b${i - 1}, local.b${i - 1}]`);
      write(mod, {
        'main.tf': mainTf('jsonencode(local.b60)', `locals {\n  ${locals.join('\n  ')}\n}\n`),
        'svc.nomad.hcl': jobspec(),
      });
    },
    expect: /svc\/main\.tf:\d+ \(local\.b\d+\): evaluating it produces a value larger than/,
  },
  {
    name: 'exponential locals (string doubling)',
    build: ({ mod }) => {
      const locals = ['s0 = "xxxxxxxx"'];
      for (let i = 1; i <= 60; i++) locals.push(`s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"`);
      write(mod, {
        'main.tf': mainTf('local.s60', `locals {\n  ${locals.join('\n  ')}\n}\n`),
        'svc.nomad.hcl': jobspec(),
      });
    },
    expect: /svc\/main\.tf:\d+ \(local\.s\d+\): evaluating it produces a text longer than/,
  },
  {
    name: 'a loop over a loop (steps, not size)',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf(
          'length(local.pairs)',
          `locals {\n  l = split("", "${'x'.repeat(1_000)}")\n  pairs = [for a in local.l : length([for b in local.l : b])]\n}\n`,
        ),
        'svc.nomad.hcl': jobspec(),
      }),
    expect: /svc\/main\.tf:3 \(local\.pairs\): evaluating it takes more than 250000 steps/,
  },
  {
    name: 'a jobspec nested 2000 levels',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('"home"'),
        'svc.nomad.hcl': jobspec(
          'svc',
          '${region}',
          `meta = ${'['.repeat(2000)}${']'.repeat(2000)}`,
        ),
      }),
    expect: /svc\/svc\.nomad\.hcl:9: the jobspec, .* does not parse: nests deeper than 100 levels/,
  },
  {
    name: 'a main.tf nested 2000 levels',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('"home"', `locals {\n  x = ${'['.repeat(2000)}${']'.repeat(2000)}\n}\n`),
        'svc.nomad.hcl': jobspec(),
      }),
    expect: /svc\/main\.tf:2: nests deeper than 100 levels/,
  },
  {
    name: 'an expression nested 2000 levels inside a string of main.tf',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf(`"\${${'('.repeat(2000)}1${')'.repeat(2000)}}"`),
        'svc.nomad.hcl': jobspec(),
      }),
    expect: /svc\/main\.tf:3: nests deeper than 100 levels/,
  },
  {
    name: 'an expression nested 2000 levels in a file templatefile() reads',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('local.deep', 'locals {\n  deep = templatefile("deep.tpl", {})\n}\n'),
        'deep.tpl': `\${${'('.repeat(2000)}1${')'.repeat(2000)}}`,
        'svc.nomad.hcl': jobspec(),
      }),
    expect:
      /\$\{region\} cannot be computed statically: templatefile\(deep\.tpl\): nesting deeper than 100 levels/,
  },
  {
    name: '--out inside the module',
    build: ({ mod }) => write(mod, { 'main.tf': mainTf('"home"'), 'svc.nomad.hcl': jobspec() }),
    args: ({ mod }) => ['import', mod, '--out', path.join(mod, 'site.yaml'), '--force'],
    expect: /--out .*site\.yaml: is inside the module folder/,
  },
  {
    name: 'validate --module-vars with file() of the canary',
    build: ({ mod }) =>
      write(mod, {
        'main.tf': mainTf('file("../../outside/canary")'),
        'svc.nomad.hcl': jobspec(),
      }),
    args: ({ mod }) => ['validate', '--module-vars', path.join(mod, 'svc.nomad.hcl')],
    expect: /svc\/main\.tf:3: "\.\.\/\.\.\/outside\/canary" leads outside the folder/,
  },
];

describe('import behind the trust boundary: hostile modules', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const ctx = setUp();
    c.build(ctx);
    const before = snapshot(ctx.work, path.dirname(ctx.out));
    const outBefore = fs.readdirSync(path.dirname(ctx.out)); // empty, but for a case's link
    const out: string[] = [];
    const io = {
      cwd: ctx.work,
      env: {},
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void out.push(s),
    };
    const started = Date.now();
    const code = await main(c.args ? c.args(ctx) : ['import', ctx.mod, '--out', ctx.out], io);
    const output = out.join('');
    // Quick: a FIFO, /dev/zero or exponential locals never hang.
    expect(Date.now() - started).toBeLessThan(10_000);
    if (c.expect === 'ok') {
      expect([code, output]).toEqual([0, expect.stringContaining('wrote ')]);
    } else {
      expect([code, output]).toEqual([1, expect.stringMatching(c.expect)]);
      expect(fs.readdirSync(path.dirname(ctx.out))).toEqual(outBefore);
    }
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain(CANARY);
    expect(written(ctx)).not.toContain(CANARY);
    expect(snapshot(ctx.work, path.dirname(ctx.out))).toEqual(before);
    c.check?.(ctx, output);
    fs.rmSync(ctx.work, { recursive: true, force: true });
  });
});
