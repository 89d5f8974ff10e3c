variable "region" {
  type        = string
  description = "Nomad region of the job"
  default     = "home"
}

variable "datacenter" {
  type        = string
  description = "Nomad datacenter the job runs in"
  default     = "octant"
}

variable "image" {
  type        = string
  description = "OpenClaw container image (pinned tag or digest)"
  default     = "192.168.122.1:5000/openclaw-homelab:2026.9.6"
}

variable "domain" {
  type        = string
  description = "Domain Traefik serves the gateway under (<servicename>.<domain>)"
  default     = "octant.local"
}

variable "certresolver" {
  type        = string
  description = "Traefik certificate resolver (Let's Encrypt)"
  default     = ""
}

variable "servicename" {
  type        = string
  description = "Consul service name and host name under the domain"
  default     = "openclaw"
}

variable "dns" {
  type        = list(string)
  description = "DNS servers of the task network"
  default     = ["192.168.122.101", "192.168.122.102", "192.168.122.103"]
}

job "openclaw" {
  region      = var.region
  type        = "service"
  datacenters = [var.datacenter]

  constraint {
    attribute = "$${meta.rootless}"
    value     = "true"
  }

  group "openclaw" {
    count          = 1
    shutdown_delay = "15s"

    restart {
      interval = "5m"
      attempts = 3
      delay    = "15s"
      mode     = "fail"
    }

    update {
      max_parallel      = 1
      health_check      = "checks"
      min_healthy_time  = "30s"
      healthy_deadline  = "5m"
      progress_deadline = "10m"
      canary            = 0
      auto_revert       = true
    }

    network {
      dns {
        servers = var.dns
      }

      port "http" {
        to = 18789
      }

      port "canvas" {
        to = 18793
      }
    }

    service {
      name = var.servicename
      tags = [
        "traefik.enable=true",
        "traefik.consulcatalog.connect=false",
        "traefik.http.routers.${var.servicename}.rule=Host(`${var.servicename}.${var.domain}`)",
        "traefik.http.routers.${var.servicename}.entrypoints=web,websecure",
        "traefik.http.routers.${var.servicename}.tls.certresolver=${var.certresolver}",
        "traefik.http.routers.${var.servicename}.middlewares=redirect-web-to-websecure@internal",
        "homepage.group=AI & LLM",
        "homepage.name=openclaw",
        "homepage.icon=openclaw.png",
        "homepage.href=https://${var.servicename}.${var.domain}",
        "homepage.description=OpenClaw AI agent gateway",
      ]
      port     = "http"
      provider = "consul"

      check {
        name     = "health"
        type     = "http"
        path     = "/readyz"
        interval = "10s"
        timeout  = "3s"

        check_restart {
          limit           = 3
          grace           = "120s"
          ignore_warnings = false
        }
      }
    }

    task "openclaw" {
      driver       = "podman"
      kill_timeout = "60s"

      config {
        image   = var.image
        command = "node"
        args    = ["dist/index.js", "gateway", "--bind", "lan", "--port", "18789"]
        ports   = ["http", "canvas"]
        volumes = [
          "/mnt/services/openclaw/config:/home/node/.openclaw",
          "/mnt/services/openclaw/workspace:/home/node/.openclaw/workspace",
        ]
        force_pull         = true
        image_pull_timeout = "15m"
        logging = {
          driver = "journald"
          options = [
            {
              tag = var.servicename
            },
          ]
        }
      }

      env {
        HOME                 = "/home/node"
        TERM                 = "xterm-256color"
        NOMAD_ADDR           = "http://nomad.service.consul:4646"
        CONSUL_HTTP_ADDR     = "consul.service.consul:8500"
        OPENCLAW_CONFIG_PATH = "/local/openclaw.json"
        OPENCLAW_STATE_DIR   = "/home/node/.openclaw"
      }

      resources {
        cpu    = 500
        memory = 1536
      }

      template {
        destination          = "$${NOMAD_SECRETS_DIR}/openclaw.env"
        data                 = <<EOT
{{ with nomadVar "nomad/jobs/openclaw" }}
OPENCLAW_GATEWAY_TOKEN='{{ .gateway_token.Value | replaceAll "'" "'\"'\"'" | replaceAll "\n" "'\"\\n\"'" | replaceAll "\t" "'\"\\t\"'" }}'
{{ end }}
EOT
        change_mode          = "restart"
        perms                = "0400"
        env                  = true
        error_on_missing_key = true
      }

      template {
        destination = "local/openclaw.json"
        data        = <<EOT
{
  "gateway": {
    "mode": "local",
    "bind": "lan",
    "port": 18789,
    "auth": {
      "mode": "token",
      "token": "$${OPENCLAW_GATEWAY_TOKEN}"
    }
  }
}
EOT
        change_mode = "restart"
        perms       = "0644"
      }
    }
  }
}
