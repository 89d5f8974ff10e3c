import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../cli/main';
import { Io } from '../../../cli/io';

function capture(cwd: string): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {} }, out, err };
}

const UGLY =
  'job "j" {\n  type = "service"\n  datacenters = ["dc1"]\n  group "g" {\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n';
const TEMPLATE =
  'job "j" {\n  datacenters = ["${datacenter}"]\n  group "g" {\n    network {\n      dns {\n        servers = ${dns}\n      }\n    }\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octant-hcl-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('fmt', () => {
  test('--check lists a file that would change, exits 1, and changes nothing', async () => {
    fs.writeFileSync(path.join(dir, 'a.hcl'), UGLY);
    const c = capture(dir);
    expect(await main(['fmt', '--check', 'a.hcl'], c.io)).toBe(1);
    expect(c.out.join('')).toBe('a.hcl\n');
    expect(fs.readFileSync(path.join(dir, 'a.hcl'), 'utf8')).toBe(UGLY);
  });

  test('rewrites to canonical form; a second --check is clean', async () => {
    fs.writeFileSync(path.join(dir, 'a.hcl'), UGLY);
    expect(await main(['fmt', 'a.hcl'], capture(dir).io)).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'a.hcl'), 'utf8')).toContain(
      '  type        = "service"\n',
    );
    expect(await main(['fmt', '--check', 'a.hcl'], capture(dir).io)).toBe(0);
  });

  test('a syntax error leaves every file untouched and exits 1', async () => {
    fs.writeFileSync(path.join(dir, 'a.hcl'), UGLY);
    fs.writeFileSync(path.join(dir, 'b.hcl'), 'job "x" {\n  a = \n}\n');
    const c = capture(dir);
    expect(await main(['fmt', 'a.hcl', 'b.hcl'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/b\.hcl:2:\d+: /);
    expect(fs.readFileSync(path.join(dir, 'a.hcl'), 'utf8')).toBe(UGLY);
  });

  test('no file is a usage error', async () => {
    expect(await main(['fmt'], capture(dir).io)).toBe(2);
  });

  test('a rendered jobspec is left alone; the same with a comment and a misaligned line is formatted', async () => {
    const text =
      'job "j" {\n  type = "batch"\n\n  group "g" {\n    task "t" {\n      driver = "exec"\n    }\n  }\n}\n';
    fs.writeFileSync(path.join(dir, 'r.hcl'), text);
    expect(await main(['fmt', '--check', 'r.hcl'], capture(dir).io)).toBe(0);
    const commented =
      '# nightly\n' + text.replace('  type = "batch"', '  type = "batch"\n  priority  = 10');
    fs.writeFileSync(path.join(dir, 'c.hcl'), commented);
    expect(await main(['fmt', 'c.hcl'], capture(dir).io)).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'c.hcl'), 'utf8')).toContain(
      '# nightly\njob "j" {\n  type     = "batch"\n  priority = 10\n',
    );
  });
});

describe('convert', () => {
  test('--to hcl prints canonical HCL; --var fills templatefile placeholders', async () => {
    fs.writeFileSync(path.join(dir, 't.nomad.hcl'), TEMPLATE);
    const c = capture(dir);
    const code = await main(
      [
        'convert',
        't.nomad.hcl',
        '--to',
        'hcl',
        '--var',
        'datacenter=octant',
        '--var',
        'dns=["10.0.0.1"]',
      ],
      c.io,
    );
    expect(c.err.join('')).toBe('');
    expect(code).toBe(0);
    expect(c.out.join('')).toContain('servers = ["10.0.0.1"]');
    expect(c.out.join('')).toContain('datacenters = ["octant"]');
  });

  test('a missing placeholder is an error naming it and its line', async () => {
    fs.writeFileSync(path.join(dir, 't.nomad.hcl'), TEMPLATE);
    const c = capture(dir);
    expect(
      await main(['convert', 't.nomad.hcl', '--to', 'hcl', '--var', 'datacenter=x'], c.io),
    ).toBe(1);
    expect(c.err.join('')).toMatch(/t\.nomad\.hcl:6: template placeholder \$\{dns\} has no value/);
  });

  test('--to json prints Nomad API JSON with HCL2 variables set', async () => {
    const text =
      'variable "dc" {\n  type = string\n}\n\njob "j" {\n  datacenters = [var.dc]\n  group "g" {\n    task "t" {\n      driver = "exec"\n      config {\n        command = "x"\n      }\n    }\n  }\n}\n';
    fs.writeFileSync(path.join(dir, 'j.nomad.hcl'), text);
    const c = capture(dir);
    expect(await main(['convert', 'j.nomad.hcl', '--to', 'json', '--var', 'dc=octant'], c.io)).toBe(
      0,
    );
    const job = JSON.parse(c.out.join('')) as { Job: { Datacenters: string[] } };
    expect(job.Job.Datacenters).toEqual(['octant']);
  });

  test('usage errors exit 2', async () => {
    fs.writeFileSync(path.join(dir, 'j.hcl'), UGLY);
    expect(await main(['convert', 'j.hcl', '--to', 'yaml'], capture(dir).io)).toBe(2);
    expect(
      await main(['convert', 'j.hcl', '--to', 'hcl', '--var', 'novalue'], capture(dir).io),
    ).toBe(2);
  });
});

describe('an unfilled placeholder inside a string (valid HCL) is still an error', () => {
  // `["${datacenter}"]` parses as HCL; read as-is it would be the literal text `${datacenter}`.
  const ONLY_DC =
    'job "j" {\n  datacenters = ["${datacenter}"]\n  group "g" {\n    task "t" {\n      driver = "exec"\n      config {\n        command = "x"\n      }\n    }\n  }\n}\n';

  test('validate without --var fails naming the placeholder and its line', async () => {
    fs.writeFileSync(path.join(dir, 'p.nomad.hcl'), ONLY_DC);
    const c = capture(dir);
    expect(await main(['validate', 'p.nomad.hcl'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(
      /p\.nomad\.hcl:2: template placeholder \$\{datacenter\} has no value/,
    );
    expect(c.err.join('')).toContain('--var datacenter=VALUE');
  });

  test('convert --to hcl refuses instead of writing $${datacenter} (which would change its meaning)', async () => {
    fs.writeFileSync(path.join(dir, 'p.nomad.hcl'), ONLY_DC);
    for (const to of ['hcl', 'json']) {
      const c = capture(dir);
      expect(await main(['convert', 'p.nomad.hcl', '--to', to], c.io)).toBe(1);
      expect(c.out.join('')).toBe('');
      expect(c.err.join('')).toMatch(/template placeholder \$\{datacenter\} has no value/);
    }
  });

  test('upper-case names are task environment variables Nomad fills in, not placeholders', async () => {
    fs.writeFileSync(
      path.join(dir, 'e.nomad.hcl'),
      ONLY_DC.replace('["${datacenter}"]', '["home"]').replace(
        'command = "x"',
        'command = "--endpoint=${CSI_ENDPOINT}"',
      ),
    );
    const c = capture(dir);
    expect(await main(['convert', 'e.nomad.hcl', '--to', 'json'], c.io)).toBe(0);
    expect(c.out.join('')).toContain('"command": "--endpoint=${CSI_ENDPOINT}"');
  });

  test('with --var the value is filled; Nomad runtime references stay as they are', async () => {
    fs.writeFileSync(
      path.join(dir, 'p.nomad.hcl'),
      ONLY_DC.replace('command = "x"', 'command = "${NOMAD_TASK_DIR}/x"'),
    );
    const c = capture(dir);
    expect(
      await main(['convert', 'p.nomad.hcl', '--to', 'hcl', '--var', 'datacenter=home'], c.io),
    ).toBe(0);
    expect(c.out.join('')).toContain('datacenters = ["home"]');
    expect(c.out.join('')).toContain('"$${NOMAD_TASK_DIR}/x"');
    expect(
      await main(['validate', 'p.nomad.hcl', '--var', 'datacenter=home'], capture(dir).io),
    ).toBe(0);
  });
});

describe('convert and validate read --var values alike', () => {
  const varsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-vars-'));
  const job = `variable "count" {
  type = number
}
variable "note" {
  type = any
}
job "x" {
  meta {
    note = var.note
  }
  group "x" {
    count = var.count
    task "x" {
      driver = "podman"
      config {
        image = "busybox:1.36"
      }
    }
  }
}
`;
  fs.writeFileSync(path.join(varsDir, 'v.nomad.hcl'), job);

  test('a number variable given as text becomes a number; an any variable stays text', async () => {
    const c = capture(varsDir);
    const args = ['v.nomad.hcl', '--var', 'count=2', '--var', 'note=hello'];
    expect(await main(['convert', ...args, '--to', 'json'], c.io)).toBe(0);
    const api = JSON.parse(c.out.join('')) as {
      Job: { Meta: Record<string, string>; TaskGroups: { Count: number }[] };
    };
    expect(api.Job.TaskGroups[0].Count).toBe(2);
    expect(api.Job.Meta.note).toBe('hello');
    expect(await main(['validate', ...args], capture(varsDir).io)).toBe(0);
  });

  test('a value of the wrong type is the same error for both commands', async () => {
    const args = ['v.nomad.hcl', '--var', 'count=two', '--var', 'note=x'];
    const convert = capture(varsDir);
    expect(await main(['convert', ...args, '--to', 'json'], convert.io)).toBe(1);
    expect(convert.err.join('')).toContain('\'count\' is a number variable but got "two"');
    const validate = capture(varsDir);
    expect(await main(['validate', ...args], validate.io)).toBe(1);
    expect(validate.out.join('') + validate.err.join('')).toContain("'count' is a number variable");
  });
});
