/** A clean, rich jobspec (HCL) shaped like the OpenClaw gateway; cases edit it to break one rule. */
export const CLEAN = `variable "datacenter" {
  type    = string
  default = "dc1"
}

variable "memory" {
  type    = number
  default = 1024
}

job "openclaw" {
  datacenters = [var.datacenter]
  type        = "service"
  priority    = 50

  meta {
    version = "1"
  }

  constraint {
    attribute = "\${meta.rootless}"
    value     = "true"
  }

  update {
    max_parallel      = 1
    min_healthy_time  = "10s"
    healthy_deadline  = "5m"
    progress_deadline = "10m"
    auto_revert       = true
  }

  group "gateway" {
    count          = 1
    shutdown_delay = "5s"

    network {
      port "http" {
        static = 18789
        to     = 18789
      }
      port "canvas" {
        to = 18793
      }
    }

    volume "data" {
      type   = "host"
      source = "openclaw-data"
    }

    restart {
      attempts = 3
      delay    = "15s"
      interval = "5m"
      mode     = "delay"
    }

    service {
      name     = "openclaw"
      port     = "http"
      provider = "consul"
      tags     = ["traefik.enable=true"]

      check {
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }
    }

    task "gateway" {
      driver = "podman"

      config {
        image = "ghcr.io/openclaw/openclaw:1.0.0"
        ports = ["http", "canvas"]
      }

      env {
        OPENCLAW_GATEWAY_PORT = "18789"
      }

      volume_mount {
        volume      = "data"
        destination = "/home/node/.openclaw"
      }

      template {
        data        = "{{ with nomadVar \\"nomad/jobs/openclaw\\" }}TOKEN={{ .token }}{{ end }}"
        destination = "\${NOMAD_SECRETS_DIR}/env"
        env         = true
        change_mode = "restart"
        perms       = "0600"
      }

      resources {
        cpu    = 500
        memory = var.memory
      }

      kill_timeout = "30s"
    }
  }
}
`;

/** CLEAN with one piece of text replaced; fails loudly when the piece is not there. */
export function edit(from: string, to: string, base: string = CLEAN): string {
  if (!base.includes(from)) throw new Error(`fixture does not contain: ${from}`);
  return base.replace(from, to);
}
