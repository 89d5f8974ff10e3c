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
  default     = "octant.net"
}

variable "certresolver" {
  type        = string
  description = "Traefik certificate resolver (Let's Encrypt)"
  default     = "cloudflare"
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
        "homepage.group=AI",
        "homepage.name=openclaw",
        "homepage.icon=openclaw.png",
        "homepage.href=https://${var.servicename}.${var.domain}",
        "homepage.description=Personal, family and work agents",
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
          "/mnt/services/openclaw/workspace-personal:/home/node/.openclaw/workspace-personal",
          "/mnt/services/openclaw/workspace-family:/home/node/.openclaw/workspace-family",
          "/mnt/services/openclaw/workspace-work:/home/node/.openclaw/workspace-work",
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
        HOME                        = "/home/node"
        TERM                        = "xterm-256color"
        NOMAD_ADDR                  = "http://nomad.service.consul:4646"
        CONSUL_HTTP_ADDR            = "consul.service.consul:8500"
        OPENCLAW_CONFIG_PATH        = "/local/openclaw.json"
        OPENCLAW_STATE_DIR          = "/home/node/.openclaw"
        OTEL_EXPORTER_OTLP_ENDPOINT = "http://otel-collector.service.consul:4318"
        OTEL_SERVICE_NAME           = "openclaw"
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
LITELLM_API_KEY='{{ .litellm_api_key.Value | replaceAll "'" "'\"'\"'" | replaceAll "\n" "'\"\\n\"'" | replaceAll "\t" "'\"\\t\"'" }}'
ANTHROPIC_API_KEY='{{ .anthropic_api_key.Value | replaceAll "'" "'\"'\"'" | replaceAll "\n" "'\"\\n\"'" | replaceAll "\t" "'\"\\t\"'" }}'
TELEGRAM_BOT_TOKEN='{{ .telegram_bot_token.Value | replaceAll "'" "'\"'\"'" | replaceAll "\n" "'\"\\n\"'" | replaceAll "\t" "'\"\\t\"'" }}'
DISCORD_BOT_TOKEN='{{ .discord_bot_token.Value | replaceAll "'" "'\"'\"'" | replaceAll "\n" "'\"\\n\"'" | replaceAll "\t" "'\"\\t\"'" }}'
SLACK_BOT_TOKEN='{{ .slack_bot_token.Value | replaceAll "'" "'\"'\"'" | replaceAll "\n" "'\"\\n\"'" | replaceAll "\t" "'\"\\t\"'" }}'
SLACK_APP_TOKEN='{{ .slack_app_token.Value | replaceAll "'" "'\"'\"'" | replaceAll "\n" "'\"\\n\"'" | replaceAll "\t" "'\"\\t\"'" }}'
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
  },
  "agents": {
    "ownership": "explicit",
    "defaults": {
      "model": {
        "primary": "litellm/claude-opus-4-6",
        "fallbacks": [
          "anthropic/claude-opus-5"
        ]
      },
      "systemAgent": {
        "agentId": "personal"
      }
    },
    "entries": {
      "personal": {
        "name": "Personal Agent",
        "workspace": "~/.openclaw/workspace-personal"
      },
      "family": {
        "name": "Family Agent",
        "workspace": "~/.openclaw/workspace-family",
        "tools": {
          "deny": [
            "exec"
          ]
        }
      },
      "work": {
        "name": "Work Agent",
        "workspace": "~/.openclaw/workspace-work"
      }
    }
  },
  "bindings": [
    {
      "agentId": "personal",
      "match": {
        "channel": "whatsapp",
        "peer": {
          "kind": "direct",
          "id": "+15551234567"
        }
      }
    },
    {
      "agentId": "family",
      "match": {
        "channel": "telegram"
      }
    },
    {
      "agentId": "personal",
      "match": {
        "channel": "discord",
        "guildId": "111222333444"
      }
    },
    {
      "agentId": "work",
      "match": {
        "channel": "discord",
        "guildId": "555666777888"
      }
    },
    {
      "agentId": "work",
      "match": {
        "channel": "slack",
        "teamId": "T22222222"
      }
    },
    {
      "agentId": "personal",
      "match": {
        "channel": "whatsapp",
        "accountId": "*"
      }
    },
    {
      "agentId": "personal",
      "match": {
        "channel": "telegram",
        "accountId": "*"
      }
    },
    {
      "agentId": "personal",
      "match": {
        "channel": "discord",
        "accountId": "*"
      }
    },
    {
      "agentId": "personal",
      "match": {
        "channel": "slack",
        "accountId": "*"
      }
    }
  ],
  "models": {
    "providers": {
      "litellm": {
        "baseUrl": "http://litellm.service.consul:4000/v1",
        "api": "openai-completions",
        "apiKey": {
          "source": "env",
          "provider": "default",
          "id": "LITELLM_API_KEY"
        },
        "models": [
          {
            "id": "claude-opus-4-6",
            "name": "Claude Opus 4.6",
            "contextWindow": 200000,
            "maxTokens": 64000
          },
          {
            "id": "gpt-6-astra",
            "name": "GPT-6 Astra",
            "contextWindow": 1050000,
            "maxTokens": 128000
          }
        ]
      }
    }
  },
  "channels": {
    "whatsapp": {
      "dmPolicy": "allowlist",
      "allowFrom": [
        "+15551234567"
      ]
    },
    "telegram": {
      "botToken": "$${TELEGRAM_BOT_TOKEN}"
    },
    "discord": {
      "token": "$${DISCORD_BOT_TOKEN}",
      "guilds": {
        "111222333444": {
          "requireMention": false
        },
        "555666777888": {
          "requireMention": true
        }
      }
    },
    "slack": {
      "botToken": "$${SLACK_BOT_TOKEN}",
      "appToken": "$${SLACK_APP_TOKEN}"
    }
  },
  "plugins": {
    "entries": {
      "discord": {
        "enabled": true
      },
      "slack": {
        "enabled": true
      },
      "whatsapp": {
        "enabled": true
      }
    }
  },
  "diagnostics": {
    "enabled": true,
    "otel": {
      "enabled": true,
      "endpoint": "http://otel-collector.service.consul:4318",
      "protocol": "http/protobuf",
      "serviceName": "openclaw",
      "traces": true,
      "metrics": true,
      "logs": true
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
