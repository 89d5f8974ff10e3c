import { CLEAN, edit } from './fixtures';
import type { InvalidCase } from './cases';

// One case per refusal (or warning) of Task.Validate and the blocks under it that the
// validator once missed: templates, logs, artifacts, dispatch_payload, vault, consul,
// identities, csi_plugin, actions and secrets (nomad/structs, v2.0.6).

const G = 'job[openclaw].group[gateway]';
const T = `${G}.task[gateway]`;
const TPL = `${T}.template[0]`;

const KILL = `      kill_timeout = "30s"`;
const GROUP = `    shutdown_delay = "5s"\n`;
const MODE = `        change_mode = "restart"`;
const inTask = (text: string, base = CLEAN): string => edit(KILL, `${KILL}\n${text}`, base);
const inGroup = (text: string): string => edit(GROUP, GROUP + text);
/** CLEAN's template with its change_mode line replaced by `lines`. */
const template = (lines: string): string => edit(MODE, lines);
/** CLEAN's template, no longer an env template. */
const NOT_ENV = edit(`        env         = true\n`, '');
const block = (head: string, lines: string[]): string =>
  `      ${head} {\n${lines.map((l) => `        ${l}\n`).join('')}      }`;
/** A named identity with one aud and a ttl (no warnings), plus `lines`. */
const identity = (...lines: string[]): string =>
  inTask(
    block('identity', ['name = "aws"', 'aud  = ["sts.amazonaws.com"]', 'ttl  = "1h"', ...lines]),
  );
const artifact = (...lines: string[]): string => inTask(block('artifact', lines));
const secret = (name: string, ...lines: string[]): string => block(`secret "${name}"`, lines);

export const SERVER_TASK_CASES: readonly InvalidCase[] = [
  // "Must specify signal value when change mode is signal" (an unset one is SIGHUP)
  {
    rule: 'template-change-signal-missing',
    path: `${TPL}.change_signal`,
    hcl: edit(MODE, `        change_mode   = "signal"\n        change_signal = ""`, NOT_ENV),
  },
  // "cannot use signals with env var templates"
  {
    rule: 'template-env-signal',
    path: `${TPL}.change_mode`,
    hcl: template(`        change_mode = "signal"`),
  },
  // "must specify change script configuration value when change mode is script"
  {
    rule: 'template-change-script',
    path: `${TPL}.change_mode`,
    hcl: template(`        change_mode = "script"`),
  },
  // "must specify script path value when change mode is script"
  {
    rule: 'template-change-script',
    path: `${TPL}.change_script.command`,
    hcl: template(
      `        change_mode = "script"\n        change_script {\n          command       = ""\n          fail_on_error = false\n        }`,
    ),
  },
  // "wait min 10s is greater than max 5s"
  {
    rule: 'template-wait-range',
    path: `${TPL}.wait`,
    hcl: template(
      `${MODE}\n        wait {\n          min = "10s"\n          max = "5s"\n        }`,
    ),
  },
  // Warning: "VaultGrace has been deprecated as of Nomad 0.11 and ignored since Vault 0.5. ..."
  {
    rule: 'template-vault-grace-ignored',
    path: `${TPL}.vault_grace`,
    hcl: template(`${MODE}\n        vault_grace = "15s"`),
  },
  // "Must specify a source path or have an embedded template" (empty data is no data)
  {
    rule: 'template-source-data',
    path: TPL,
    hcl: edit(/data {8}= ".*"/.exec(CLEAN)?.[0] ?? 'data', `data        = ""`),
  },
  // "minimum number of files is 1; got 0"
  {
    rule: 'logs-invalid',
    path: `${T}.logs.max_files`,
    hcl: inTask(block('logs', ['max_files = 0'])),
  },
  // "minimum file size is 1MB; got 0"
  {
    rule: 'logs-invalid',
    path: `${T}.logs.max_file_size`,
    hcl: inTask(block('logs', ['max_file_size = 0'])),
  },
  // "log storage (100 MB) must be less than requested disk capacity (100 MB)" (default logs)
  {
    rule: 'logs-invalid',
    path: `${T}.logs`,
    hcl: inGroup(`    ephemeral_disk {\n      size = 100\n    }\n`),
  },
  // "log storage (300 MB) must be less than requested disk capacity (300 MB)" (default disk)
  {
    rule: 'logs-invalid',
    path: `${T}.logs`,
    hcl: inTask(block('logs', ['max_files     = 10', 'max_file_size = 30'])),
  },
  // Not refused: apiLogConfigToStructs reads disabled only, enabled is dropped.
  {
    rule: 'logs-enabled-ignored',
    path: `${T}.logs.enabled`,
    hcl: inTask(block('logs', ['enabled = false'])),
  },
  // "source must be specified"
  {
    rule: 'artifact-invalid',
    path: `${T}.artifact[0].source`,
    hcl: artifact('destination = "local/tools"'),
  },
  // "invalid artifact mode "files"; must be one of: any, file, dir"
  {
    rule: 'artifact-invalid',
    path: `${T}.artifact[0].mode`,
    hcl: artifact('source = "https://example.com/tool.tgz"', 'mode   = "files"'),
  },
  // "destination escapes allocation directory"
  {
    rule: 'artifact-invalid',
    path: `${T}.artifact[0].destination`,
    hcl: artifact('source      = "https://example.com/tool.tgz"', 'destination = "../../../etc"'),
  },
  // "invalid sha256 checksum: abcd"
  {
    rule: 'artifact-invalid',
    path: `${T}.artifact[0].options.checksum`,
    hcl: artifact(
      'source = "https://example.com/tool.tgz"',
      'options {\n          checksum = "sha256:abcd"\n        }',
    ),
  },
  // "Dispatch Payload validation failed: destination escapes allocation directory"
  {
    rule: 'dispatch-payload-file-escapes',
    path: `${T}.dispatch_payload.file`,
    hcl: inTask(block('dispatch_payload', ['file = "../../../input"'])),
  },
  // "Vault validation failed: Unknown change mode "reload""
  {
    rule: 'vault-change-mode',
    path: `${T}.vault.change_mode`,
    hcl: inTask(block('vault', ['role        = "openclaw"', 'change_mode = "reload"'])),
  },
  // "Signal must be specified when using change mode "signal"" (an unset one is SIGHUP)
  {
    rule: 'vault-change-mode',
    path: `${T}.vault.change_signal`,
    hcl: inTask(
      block('vault', [
        'role          = "openclaw"',
        'change_mode   = "signal"',
        'change_signal = ""',
      ]),
    ),
  },
  // Not refused: ApiTaskToStructsTask does not copy vault policies.
  {
    rule: 'vault-policies-ignored',
    path: `${T}.vault.policies`,
    hcl: inTask(block('vault', ['policies = ["openclaw"]'])),
  },
  // "task.consul.partition "b" must match group.consul.partition "a" if both are set"
  {
    rule: 'task-consul-partition-mismatch',
    path: `${T}.consul.partition`,
    hcl: inTask(
      block('consul', ['partition = "b"']),
      inGroup(`    consul {\n      partition = "a"\n    }\n`),
    ),
  },
  // "Identity "bad name" is invalid: invalid name "bad name". Must match regex ^[a-zA-Z0-9-_]{1,128}$"
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].name`,
    hcl: inTask(block('identity', ['name = "bad name"', 'aud  = ["x"]', 'ttl  = "1h"'])),
  },
  // "an empty string is an invalid audience (2)"
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].aud[1]`,
    hcl: inTask(block('identity', ['name = "aws"', 'aud  = ["x", ""]', 'ttl  = "1h"'])),
    also: ['identity-insecure'],
  },
  // "can only use change_signal="SIGHUP" with change_mode="signal""
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].change_signal`,
    hcl: identity('change_signal = "SIGHUP"'),
  },
  // "change_signal must be specified when using change_mode="signal""
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].change_signal`,
    hcl: identity('change_mode = "signal"'),
  },
  // "invalid change_mode: reload"
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].change_mode`,
    hcl: identity('change_mode = "reload"'),
  },
  // "ttl for default identity not yet supported"
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].ttl`,
    hcl: inTask(block('identity', ['ttl = "1h"'])),
  },
  // "ttl must be >= 0"
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].ttl`,
    hcl: inTask(block('identity', ['name = "aws"', 'aud  = ["x"]', 'ttl  = "-1h"'])),
  },
  // "file parameter must be true in order to specify filepath"
  {
    rule: 'identity-invalid',
    path: `${T}.identity[0].filepath`,
    hcl: identity('filepath = "secrets/aws.jwt"'),
  },
  // "Duplicate default identities found" (jobspec2 and Task.Canonicalize each move out one)
  {
    rule: 'identity-invalid',
    path: `${T}.identity[2]`,
    hcl: inTask(
      [
        block('identity', ['env = true']),
        block('identity', ['file = true']),
        block('identity', ['name = "default"']),
      ].join('\n'),
    ),
  },
  // Not refused: with two default identities Nomad keeps the second.
  {
    rule: 'identity-default-repeated',
    path: `${T}.identity[1]`,
    hcl: inTask([block('identity', ['env = true']), block('identity', ['file = true'])].join('\n')),
  },
  // Warning: "identities without an audience are insecure"
  {
    rule: 'identity-insecure',
    path: `${T}.identity[0].aud`,
    hcl: inTask(block('identity', ['name = "aws"', 'ttl  = "1h"'])),
  },
  // Warning: "identities without an expiration are insecure"
  {
    rule: 'identity-insecure',
    path: `${T}.identity[0].ttl`,
    hcl: inTask(block('identity', ['name = "aws"', 'aud  = ["x"]'])),
  },
  // Warning: "using env=true without change_mode="restart" may result in task not getting updated identity"
  {
    rule: 'identity-env-not-restart',
    path: `${T}.identity[0].change_mode`,
    hcl: identity('env = true'),
  },
  // Warning: "Task gateway has an identity called vault_default but no vault block"
  {
    rule: 'identity-vault-without-vault',
    path: `${T}.identity[0].name`,
    hcl: inTask(
      block('identity', ['name = "vault_default"', 'aud  = ["vault.io"]', 'ttl  = "1h"']),
    ),
  },
  // "CSIPluginConfig must have a non-empty PluginID"
  {
    rule: 'csi-plugin-invalid',
    path: `${T}.csi_plugin.id`,
    hcl: inTask(block('csi_plugin', ['type = "node"'])),
  },
  // "CSIPluginConfig PluginType must be one of 'node', 'controller', or 'monolith', got: "nodes""
  {
    rule: 'csi-plugin-invalid',
    path: `${T}.csi_plugin.type`,
    hcl: inTask(block('csi_plugin', ['id   = "nfs"', 'type = "nodes"'])),
  },
  // "CSIPluginConfig StagePublishBaseDir must not be a subdirectory of MountDir, got: StagePublishBaseDir="/local/csi" MountDir="/local""
  {
    rule: 'csi-plugin-invalid',
    path: `${T}.csi_plugin.stage_publish_base_dir`,
    hcl: inTask(
      block('csi_plugin', ['id        = "nfs"', 'type      = "node"', 'mount_dir = "/local"']),
    ),
  },
  // "Action reload validation failed: command cannot be empty"
  {
    rule: 'action-invalid',
    path: `${T}.action[reload].command`,
    hcl: inTask(block('action "reload"', ['command = ""'])),
  },
  // "Action reload config validation failed: invalid name 'reload config'"
  {
    rule: 'action-invalid',
    path: `${T}.action[reload config]`,
    hcl: inTask(block('action "reload config"', ['command = "/bin/true"'])),
  },
  // "Action reload defined multiple times"
  {
    rule: 'action-invalid',
    path: `${T}.action[1]`,
    hcl: inTask(
      [
        block('action "reload"', ['command = "/bin/true"']),
        block('action "reload"', ['command = "/bin/false"']),
      ].join('\n'),
    ),
  },
  // "Duplicate secret "db" found"
  {
    rule: 'secret-invalid',
    path: `${T}.secret[1]`,
    hcl: inTask(
      [
        secret('db', 'provider = "nomad"', 'path     = "a"'),
        secret('db', 'provider = "nomad"', 'path     = "b"'),
      ].join('\n'),
    ),
  },
  // "Secret "db" has provider "vault" but no vault block"
  {
    rule: 'secret-invalid',
    path: `${T}.secret[db].provider`,
    hcl: inTask(secret('db', 'provider = "vault"', 'path     = "secret/db"')),
  },
  // "secret name must match regex ^[a-zA-Z0-9_]{1,128}$"
  {
    rule: 'secret-invalid',
    path: `${T}.secret[db-password]`,
    hcl: inTask(secret('db-password', 'provider = "nomad"', 'path     = "db"')),
  },
  // "secret provider cannot be empty"
  {
    rule: 'secret-invalid',
    path: `${T}.secret[db].provider`,
    hcl: inTask(secret('db', 'path = "db"')),
  },
  // "secret path cannot be empty"
  {
    rule: 'secret-invalid',
    path: `${T}.secret[db].path`,
    hcl: inTask(secret('db', 'provider = "nomad"')),
  },
  // "nomad provider cannot use the env block"
  {
    rule: 'secret-invalid',
    path: `${T}.secret[db].env`,
    hcl: inTask(
      secret('db', 'provider = "nomad"', 'path     = "db"', 'env {\n          DB = "x"\n        }'),
    ),
  },
  // "custom plugin provider aws cannot use the config block"
  {
    rule: 'secret-invalid',
    path: `${T}.secret[db].config`,
    hcl: inTask(
      secret(
        'db',
        'provider = "aws"',
        'path     = "db"',
        'config {\n          region = "x"\n        }',
      ),
    ),
  },
  // "No Connect services in task group with Connect proxy ("openclaw")"
  {
    rule: 'task-connect-proxy-kind',
    path: `${T}.kind`,
    hcl: inTask('      kind = "connect-proxy:openclaw"'),
  },
];
