/**
 * A synthetic Octant `terraform/` tree for the whole-tree bench (issue 18: today's tree has 77
 * service folders). The modules have the shapes of Octant's own, written here from scratch:
 * whoami-like services rendered with `templatefile()`, Octant's standard variables, 1Password
 * reads of `service_<name>` items into `nomad/jobs/<job>`, Traefik and homepage tags, and every
 * eighth module a second job (a worker) in the same folder.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Today's Octant tree: 77 service folders. */
export const OCTANT_TREE_SIZE = 77;

const VARIABLES = `variable "op_vault_name" {
  type    = string
  default = "Octant"
}

variable "nomad" {
  type    = string
  default = "localhost"
}

variable "region" {
  type    = string
  default = "home"
}

variable "datacenter" {
  type    = string
  default = "octant"
}

variable "domain" {
  type    = string
  default = "octant.local"
}

variable "certresolver" {
  type    = string
  default = ""
}

variable "dns" {
  type    = list(string)
  default = ["192.168.122.101", "192.168.122.102", "192.168.122.103"]
}
`;

function variablesTf(name: string, port: number): string {
  return `${VARIABLES}
variable "servicename" {
  type    = string
  default = "${name}"
}

variable "image" {
  type    = string
  default = "docker.io/traefik/whoami:v1.10"
}

variable "port" {
  type    = number
  default = ${port}
}
`;
}

function mainTf(name: string, worker: boolean): string {
  const id = name.replace(/-/g, '_');
  const job = (file: string, res: string) => `resource "nomad_job" "${res}" {
  depends_on = [nomad_variable.${id}]
  jobspec = templatefile("\${path.module}/${file}", {
    region       = var.region
    datacenter   = var.datacenter
    image        = var.image
    domain       = var.domain
    certresolver = var.certresolver
    servicename  = var.servicename
    port         = var.port
    dns          = jsonencode(var.dns)
  })
}
`;
  return `provider "nomad" {
  address = "http://\${var.nomad}:4646"
}

data "onepassword_vault" "vault" {
  name = var.op_vault_name
}

data "onepassword_item" "service_${id}" {
  vault = data.onepassword_vault.vault.uuid
  title = "service_${name}"
}

resource "nomad_variable" "${id}" {
  path = "nomad/jobs/${name}"
  items = {
    username = data.onepassword_item.service_${id}.username
    password = data.onepassword_item.service_${id}.password
  }
}

${job(`${name}.nomad.hcl`, id)}${worker ? '\n' + job(`${name}-worker.nomad.hcl`, `${id}_worker`) : ''}`;
}

function jobspec(name: string, job: string, group: string): string {
  return `job "${job}" {
  region      = "\${region}"
  datacenters = ["\${datacenter}"]
  type        = "service"

  constraint {
    attribute = "$\${meta.rootless}"
    value     = "true"
  }

  group "${job}" {
    network {
      port "http" {
        to = \${port}
      }

      dns {
        servers = \${dns}
      }
    }

    service {
      name     = "${job === name ? '${servicename}' : job}"
      provider = "consul"
      port     = "http"

      tags = [
        "traefik.enable=true",
        "traefik.consulcatalog.connect=false",
        "traefik.http.routers.${job}.rule=Host(\`${job}.\${domain}\`)",
        "traefik.http.routers.${job}.entrypoints=web,websecure",
        "traefik.http.routers.${job}.tls.certresolver=\${certresolver}",
        "homepage.group=${group}",
        "homepage.name=${job}",
        "homepage.icon=mdi-web",
        "homepage.description=Synthetic service ${job}",
      ]

      check {
        name     = "alive"
        type     = "http"
        path     = "/health"
        interval = "30s"
        timeout  = "5s"
      }
    }

    task "${job}" {
      driver = "podman"

      config {
        image              = "\${image}"
        force_pull         = true
        ports              = ["http"]
        image_pull_timeout = "15m"
        args               = ["--port=\${port}"]
        volumes            = ["/mnt/services/${name}/data:/data"]
        logging = {
          driver = "journald"
          options = [
            {
              "tag" = "${job}"
            }
          ]
        }
      }

      template {
        destination = "$\${NOMAD_SECRETS_DIR}/env.txt"
        env         = true
        data        = <<EOT
{{- with nomadVar "nomad/jobs/${name}" -}}
APP_USER="{{ .username }}"
APP_PASSWORD="{{ .password }}"
{{- end -}}
EOT
      }

      resources {
        cpu    = 100
        memory = 128
      }
    }
  }
}
`;
}

const GROUPS = ['Apps', 'AI & LLM', 'Monitoring', 'Infrastructure', 'Media'];

/** Writes `count` module folders into `dir` (created); returns their names. */
export function writeOctantTree(dir: string, count: number = OCTANT_TREE_SIZE): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const worker = i % 8 === 7;
    const group = GROUPS[i % GROUPS.length];
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'main.tf'), mainTf(name, worker));
    fs.writeFileSync(path.join(folder, 'variables.tf'), variablesTf(name, 8000 + i));
    fs.writeFileSync(path.join(folder, `${name}.nomad.hcl`), jobspec(name, name, group));
    if (worker) {
      const job = `${name}-worker`;
      fs.writeFileSync(path.join(folder, `${job}.nomad.hcl`), jobspec(name, job, group));
    }
    return name;
  });
}
