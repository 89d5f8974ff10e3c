import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import {
  parseExpr,
  readModuleTemplateVars,
  TfModule,
  Unknown,
} from '../../../lib/octant/module-reader';
import { main } from '../../../cli/main';

const VARIABLES_TF = `
variable "region" {
  default = "home"
}
variable "dns" {
  type    = list(string)
  default = ["10.0.0.1", "10.0.0.2"]
}
variable "token" {
  type = string
}
variable "hosts" {
  type    = list(string)
  default = ["a.example", "b.example"]
}
`;

const TEMPLATE = `job "redis" {
  region      = "\${region}"
  datacenters = ["\${dc}"]
  group "redis" {
    network {
      dns {
        servers = \${dns}
      }
    }
    task "redis" {
      driver = "podman"
      config {
        image = "\${image}"
      }
    }
  }
}
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function moduleDir(mainTf: string, extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'module-reader-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'main.tf'), mainTf);
  fs.writeFileSync(path.join(dir, 'variables.tf'), VARIABLES_TF);
  fs.writeFileSync(path.join(dir, 'redis.nomad.hcl'), TEMPLATE);
  for (const [n, c] of Object.entries(extra)) fs.writeFileSync(path.join(dir, n), c);
  return dir;
}

describe('readModuleTemplateVars', () => {
  test('reads the vars of a templatefile() call (newer Octant modules)', async () => {
    const dir = moduleDir(`
resource "nomad_job" "other" {
  jobspec = templatefile("\${path.module}/other-redis.nomad.hcl", { region = "wrong" })
}
resource "nomad_job" "redis" {
  jobspec = templatefile("\${path.module}/redis.nomad.hcl", {
    region = var.region
    dc     = "octant"
    dns    = jsonencode(var.dns)
    image  = "docker.io/redis:7.2"
    token  = var.token
    note   = "literal $\${x}"
  })
}
`);
    const mv = await readModuleTemplateVars(dir, 'redis.nomad.hcl');
    expect(mv.vars).toEqual({
      region: 'home',
      dc: 'octant',
      dns: '["10.0.0.1","10.0.0.2"]',
      image: 'docker.io/redis:7.2',
      note: 'literal ${x}',
    });
    // No default in variables.tf: only Terraform knows it, and the reader says where.
    expect(mv.unresolved).toEqual([
      expect.objectContaining({ name: 'token', where: 'main.tf:11', secret: false }),
    ]);
    expect(mv.unresolved[0].reason).toMatch(/var\.token has no default \(variables\.tf:9\)/);
    const text = fs.readFileSync(path.join(dir, 'redis.nomad.hcl'), 'utf8');
    const file = await parseJobspec(text, { vars: mv.vars });
    expect(file.job.group[0].network?.dns?.servers).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(file.job.region).toBe('home');
  });

  test('data "template_file" vars, matching the file name exactly', async () => {
    const dir = moduleDir(`
data "template_file" "lb" {
  template = "\${file("./lb-redis.nomad.hcl")}"
  vars = { region = "wrong" }
}
data "template_file" "redis" {
  template = "\${file("./redis.nomad.hcl")}"
  vars = {
    region = var.region
    dns    = jsonencode(var.dns)
  }
}
`);
    const mv = await readModuleTemplateVars(dir, 'redis.nomad.hcl');
    expect(mv.block).toBe('data.template_file.redis');
    expect(mv.vars).toEqual({ region: 'home', dns: '["10.0.0.1","10.0.0.2"]' });
  });

  test('locals, file(), data "local_file", join(), nested template_file and base64', async () => {
    const dir = moduleDir(
      `
locals {
  site  = "lab"
  fqdn  = "\${local.site}.\${var.region}"
  hosts = join(",", var.hosts)
  upper = [for h in var.hosts : upper(h) if h != "b.example"]
}
data "local_file" "conf" {
  filename = "\${path.module}/app.conf"
}
data "template_file" "inner" {
  template = file("\${path.module}/inner.tmpl")
  vars = { who = local.site }
}
data "template_file" "redis" {
  template = file("\${path.module}/redis.nomad.hcl")
  vars = {
    region = local.fqdn
    dc     = local.hosts
    dns    = jsonencode(local.upper)
    image  = data.local_file.conf.content
    conf64 = data.local_file.conf.content_base64
    inner  = base64encode(data.template_file.inner.rendered)
    cond   = var.region == "home" ? "yes" : "no"
  }
}
`,
      { 'app.conf': 'key=1\n', 'inner.tmpl': 'hello ${who} $${keep}' },
    );
    const mv = await readModuleTemplateVars(dir, 'redis.nomad.hcl');
    expect(mv.unresolved).toEqual([]);
    expect(mv.vars).toEqual({
      region: 'lab.home',
      dc: 'a.example,b.example',
      dns: '["A.EXAMPLE"]',
      image: 'key=1\n',
      conf64: Buffer.from('key=1\n').toString('base64'),
      inner: Buffer.from('hello lab ${keep}').toString('base64'),
      cond: 'yes',
    });
  });

  test('for_each: the instance whose path names the template', async () => {
    const dir = moduleDir(`
resource "nomad_job" "svc" {
  for_each = { redis = "octant", other = "x" }
  jobspec = templatefile("\${path.module}/\${each.key}.nomad.hcl", {
    region = each.key
    dc     = each.value
  })
}
`);
    const mv = await readModuleTemplateVars(dir, 'redis.nomad.hcl');
    expect(mv.vars).toEqual({ region: 'redis', dc: 'octant' });
  });

  test('a 1Password value and a missing file are named, with the reason', async () => {
    const dir = moduleDir(`
data "onepassword_item" "db" {
  vault = "v"
  title = "Postgres"
}
data "local_file" "gone" {
  filename = "missing.yaml"
}
data "template_file" "redis" {
  template = file("redis.nomad.hcl")
  vars = {
    region = data.onepassword_item.db.password
    dc     = data.local_file.gone.content
  }
}
`);
    const mv = await readModuleTemplateVars(dir, 'redis.nomad.hcl');
    const byName = Object.fromEntries(mv.unresolved.map((u) => [u.name, u]));
    expect(byName.region.secret).toBe(true);
    expect(byName.region.reason).toMatch(/1Password item "Postgres".*only Terraform reads/);
    expect(byName.dc.where).toBe('main.tf:13');
    expect(byName.dc.reason).toMatch(/missing\.yaml" does not exist/);
  });

  test('a module that does not render the file gives no vars', async () => {
    const dir = moduleDir(`resource "nomad_job" "x" {\n  jobspec = file("x.nomad.hcl")\n}\n`);
    expect(await readModuleTemplateVars(dir, 'redis.nomad.hcl')).toEqual({
      found: false,
      vars: {},
      unresolved: [],
    });
  });

  test('not a module, and a main.tf that is not HCL: errors name the file', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'module-reader-'));
    dirs.push(empty);
    await expect(TfModule.read(empty)).rejects.toThrow(/has no main\.tf/);
    const dir = moduleDir('resource "nomad_job" "x" {\n  jobspec = \n}\n');
    await expect(TfModule.read(dir)).rejects.toThrow(
      /main\.tf:2:13: is not valid Terraform HCL: Invalid expression/,
    );
  });

  test('the expression parser refuses what it does not know', () => {
    expect(() => parseExpr('var.x +')).toThrow();
    expect(parseExpr('a.b[0].c')).toEqual({
      k: 'get',
      attr: 'c',
      obj: {
        k: 'index',
        idx: { k: 'lit', v: 0 },
        obj: { k: 'get', attr: 'b', obj: { k: 'ref', name: 'a' } },
      },
    });
    expect(new Unknown('x').secret).toBe(false);
  });
});

describe('validate --module-vars', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        cwd: '/',
        env: {},
        stdout: (s: string) => void out.push(s),
        stderr: (s: string) => void err.push(s),
      },
    };
  }

  test('names the placeholder it cannot resolve, where main.tf passes it and why', async () => {
    const dir = moduleDir(`
data "onepassword_item" "db" {
  vault = "v"
  title = "Postgres"
}
data "template_file" "redis" {
  template = file("redis.nomad.hcl")
  vars = {
    region = var.region
    dc     = "octant"
    dns    = jsonencode(var.dns)
    image  = data.onepassword_item.db.password
  }
}
`);
    const t = io();
    const code = await main(['validate', '--module-vars', path.join(dir, 'redis.nomad.hcl')], t.io);
    expect(code).toBe(1);
    const msg = t.err.join('');
    expect(msg).toMatch(/redis\.nomad\.hcl:13: template placeholder \$\{image\} \(line 13\)/);
    expect(msg).toMatch(/main\.tf:12 passes a value that cannot be computed statically/);
    expect(msg).toMatch(/--var image=VALUE/);
    // Given on the command line, the rest of the file is checked.
    const t2 = io();
    const ok = await main(
      ['validate', '--module-vars', '--var', 'image=redis:7', path.join(dir, 'redis.nomad.hcl')],
      t2.io,
    );
    expect(t2.err.join('')).toBe('');
    expect(ok).toBe(0);
  });
});
