import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readModuleVars } from '../../../lib/nomad/hcl/templatefile';
import { parseJobspec } from '../../../lib/nomad/hcl/parse';

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

function moduleDir(mainTf: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'module-vars-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'main.tf'), mainTf);
  fs.writeFileSync(path.join(dir, 'variables.tf'), VARIABLES_TF);
  fs.writeFileSync(path.join(dir, 'redis.nomad.hcl'), TEMPLATE);
  return dir;
}

describe('readModuleVars', () => {
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
    const mv = await readModuleVars(dir, 'redis.nomad.hcl');
    expect(mv.vars).toEqual({
      region: 'home',
      dc: 'octant',
      dns: '["10.0.0.1","10.0.0.2"]',
      image: 'docker.io/redis:7.2',
      note: 'literal ${x}',
    });
    // No default in variables.tf: only Terraform knows it.
    expect(mv.unresolved).toEqual(['token']);
    const text = fs.readFileSync(path.join(dir, 'redis.nomad.hcl'), 'utf8');
    const file = await parseJobspec(text, { vars: mv.vars });
    expect(file.job.group[0].network?.dns?.servers).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(file.job.region).toBe('home');
  });

  test('still reads data "template_file" vars, and matches the file name exactly', async () => {
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
    const mv = await readModuleVars(dir, 'redis.nomad.hcl');
    expect(mv.vars).toEqual({ region: 'home', dns: '["10.0.0.1","10.0.0.2"]' });
  });

  test('a module that does not render the file gives no vars', async () => {
    const dir = moduleDir(`resource "nomad_job" "x" {\n  jobspec = file("x.nomad.hcl")\n}\n`);
    expect(await readModuleVars(dir, 'redis.nomad.hcl')).toEqual({ vars: {}, unresolved: [] });
  });
});
