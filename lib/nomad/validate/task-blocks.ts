import { defineRule } from './diagnostic';
import { TaskCtx } from './context';
import { escapesAlloc } from './templates';
import { arrayOf, entries, numberOf, text } from './values';

// The task's smaller blocks, as Task.Validate and the job-register hooks check them.

const LOGS = defineRule(
  'logs-invalid',
  'error',
  'logs',
  "logs keep max_files and max_file_size at 1 or more, and max_files x max_file_size below the group's ephemeral_disk size (300 MB unless set).",
);
// A warning: the HTTP API drops `enabled` (apiLogConfigToStructs reads `disabled` only).
const LOGS_ENABLED = defineRule(
  'logs-enabled-ignored',
  'warning',
  'logs#disabled',
  'logs uses disabled, not the old enabled (Nomad ignores it).',
);
const ARTIFACT = defineRule(
  'artifact-invalid',
  'error',
  'artifact',
  'An artifact has a source, a mode of any, file or dir, a destination inside the allocation directory and a well-formed options.checksum.',
);
const DISPATCH = defineRule(
  'dispatch-payload-file-escapes',
  'error',
  'dispatch_payload#file',
  'dispatch_payload file stays inside the allocation directory (it is relative to local/).',
);
const VAULT_MODE = defineRule(
  'vault-change-mode',
  'error',
  'vault#change_mode',
  'vault change_mode is noop, restart or signal, and "signal" has a change_signal that is not empty.',
);
// A warning: ApiTaskToStructsTask does not copy policies (workload identities replaced them).
const VAULT_POLICIES = defineRule(
  'vault-policies-ignored',
  'warning',
  'vault#role',
  'A vault block does not set policies (Nomad drops them; the role of the task identity decides).',
);
const CONSUL_PARTITION = defineRule(
  'task-consul-partition-mismatch',
  'error',
  'consul#partition',
  "A task's consul partition is the group's when both are set.",
);
const CSI_PLUGIN = defineRule(
  'csi-plugin-invalid',
  'error',
  'csi_plugin',
  'A csi_plugin has an id, a type of node, controller or monolith, and a stage_publish_base_dir outside mount_dir.',
);

const ARTIFACT_MODES = ['any', 'file', 'dir'];
const VAULT_MODES = ['noop', 'restart', 'signal'];
const CSI_TYPES = ['node', 'controller', 'monolith'];
/** Bytes of each checksum type go-getter knows. */
const CHECKSUM_BYTES: Readonly<Record<string, number>> = {
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha512: 64,
};

export function checkTaskBlocks(c: TaskCtx): void {
  checkLogs(c);
  arrayOf(c.task.artifact).forEach((a, i) => checkArtifact(c, a, `${c.taskAt}.artifact[${i}]`));
  checkDispatchPayload(c);
  checkVault(c);
  checkTaskConsul(c);
  checkCsiPlugin(c);
}

/** LogConfig.Validate, on the api defaults (10 files of 10 MB, a 300 MB disk). */
function checkLogs(c: TaskCtx): void {
  const { r, task } = c;
  const at = `${c.taskAt}.logs`;
  const logs = task.logs ?? {};
  if (logs.enabled !== undefined) {
    r.add(
      LOGS_ENABLED,
      `${at}.enabled`,
      'logs.enabled is no longer read: Nomad ignores it',
      `write disabled = ${logs.enabled === false ? 'true' : 'false'} instead`,
    );
  }
  const files = logs.maxFiles === undefined ? 10 : numberOf(logs.maxFiles);
  const size = logs.maxFileSize === undefined ? 10 : numberOf(logs.maxFileSize);
  for (const [v, key] of [
    [files, 'max_files'],
    [size, 'max_file_size'],
  ] as const) {
    if (v !== undefined && v < 1)
      r.add(LOGS, `${at}.${key}`, `logs ${key} is ${v}`, `set ${key} to 1 or more`);
  }
  const given = c.group.ephemeralDisk?.size;
  const disk = given === undefined ? 300 : numberOf(given);
  if (files === undefined || size === undefined || disk === undefined) return;
  if (files < 1 || size < 1 || files * size < disk) return;
  r.add(
    LOGS,
    at,
    `log storage (${files} x ${size} MB = ${files * size} MB) is not below the group's ephemeral_disk size (${disk} MB)`,
    `lower logs max_files or max_file_size, or raise ephemeral_disk { size } above ${files * size}`,
  );
}

type Artifact = NonNullable<TaskCtx['task']['artifact']>[number];

/** TaskArtifact.Validate (after api TaskArtifact.Canonicalize: mode "any", dest "local/"). */
function checkArtifact(c: TaskCtx, a: Artifact, at: string): void {
  const { r } = c;
  if (a.source === undefined || a.source === '') {
    r.add(ARTIFACT, `${at}.source`, 'artifact has no source', 'set source = "https://..."');
  }
  const mode = text(a.mode);
  if (mode !== undefined && mode !== '' && !ARTIFACT_MODES.includes(mode)) {
    r.add(
      ARTIFACT,
      `${at}.mode`,
      `artifact mode '${mode}' is not one of ${ARTIFACT_MODES.join(', ')}`,
      'use mode = "any" (default), "file" or "dir"',
    );
  }
  const dest = text(a.destination);
  if (dest !== undefined && escapesAlloc(dest, ['task'])) {
    r.add(
      ARTIFACT,
      `${at}.destination`,
      `artifact destination '${dest}' climbs out of the allocation directory with ".."`,
      'keep it inside the task dir, e.g. "local/"',
    );
  }
  const sum = entries(a.options).find(([k]) => k === 'checksum');
  const why = sum === undefined ? undefined : checksumProblem(text(sum[1]));
  if (why !== undefined) {
    r.add(
      ARTIFACT,
      `${at}.options.checksum`,
      why,
      'write checksum = "sha256:<64 hex digits>" (or md5, sha1, sha512)',
    );
  }
}

/** Why an artifact checksum is refused, or undefined; one holding `${...}` is read later. */
function checksumProblem(v: string | undefined): string | undefined {
  if (v === undefined || v.includes('${')) return undefined;
  const check = v.trim();
  if (check === '') return 'artifact checksum is empty';
  const parts = check.split(':');
  if (parts.length !== 2) return `artifact checksum '${check}' is not "type:value"`;
  const [type, hex] = parts;
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return `artifact checksum value '${hex}' is not hex`;
  const want = CHECKSUM_BYTES[type] as number | undefined;
  if (want === undefined) return `artifact checksum type '${type}' is not supported`;
  if (hex.length !== want * 2) return `'${hex}' is not a ${type} checksum (${want * 2} hex digits)`;
  return undefined;
}

/** DispatchPayloadConfig.Validate: the file is relative to the task's local/ dir. */
function checkDispatchPayload(c: TaskCtx): void {
  const file = text(c.task.dispatchPayload?.file);
  if (file === undefined || !escapesAlloc(file, ['task', 'local'])) return;
  c.r.add(
    DISPATCH,
    `${c.taskAt}.dispatch_payload.file`,
    `dispatch_payload file '${file}' climbs out of the allocation directory with ".."`,
    'name a file inside local/, e.g. "input.json"',
  );
}

/** Vault.Validate, after api Vault.Canonicalize (change_mode restart, change_signal SIGHUP). */
function checkVault(c: TaskCtx): void {
  const { r, task } = c;
  const v = task.vault;
  if (v === undefined) return;
  const at = `${c.taskAt}.vault`;
  const mode = text(v.changeMode);
  if (mode !== undefined && !VAULT_MODES.includes(mode)) {
    r.add(
      VAULT_MODE,
      `${at}.change_mode`,
      `vault change_mode '${mode}' is not one of ${VAULT_MODES.join(', ')}`,
      'use "restart" (default), "signal" with change_signal, or "noop"',
    );
  } else if (mode === 'signal' && v.changeSignal === '') {
    r.add(
      VAULT_MODE,
      `${at}.change_signal`,
      'vault change_mode is "signal" but change_signal is empty',
      'set change_signal = "SIGHUP", or remove it (SIGHUP is the default)',
    );
  }
  if (v.policies !== undefined) {
    r.add(
      VAULT_POLICIES,
      `${at}.policies`,
      'vault policies are dropped by Nomad: the token gets the policies of the Vault role',
      'remove policies and set role = "<vault role>" (the policies go on that role)',
    );
  }
}

/** jobConsulHook.validateTaskPartitionMatchesGroup */
function checkTaskConsul(c: TaskCtx): void {
  const own = text(c.task.consul?.partition);
  const group = text(c.group.consul?.partition);
  if (!own || !group || own === group) return;
  c.r.add(
    CONSUL_PARTITION,
    `${c.taskAt}.consul.partition`,
    `task consul partition '${own}' differs from the group's '${group}'`,
    `remove the task's partition, or set it to "${group}"`,
  );
}

/** Task.Validate's csi_plugin checks, after api Canonicalize (mount /csi, stage /local/csi). */
function checkCsiPlugin(c: TaskCtx): void {
  const p = c.task.csiPlugin;
  if (p === undefined) return;
  const at = `${c.taskAt}.csi_plugin`;
  if (p.id === undefined || p.id === '') {
    c.r.add(CSI_PLUGIN, `${at}.id`, 'csi_plugin has no id', 'set id = "<plugin id>"');
  }
  const type = text(p.type) ?? '';
  if (p.type === undefined || (typeof p.type === 'string' && !CSI_TYPES.includes(type))) {
    c.r.add(
      CSI_PLUGIN,
      `${at}.type`,
      `csi_plugin type '${type}' is not one of ${CSI_TYPES.join(', ')}`,
      'set type = "node", "controller" or "monolith"',
    );
  }
  const mount = text(p.mountDir) || '/csi';
  const stage = text(p.stagePublishBaseDir) || '/local/csi';
  if (p.mountDir === undefined && p.stagePublishBaseDir === undefined) return;
  if (!within(mount, stage)) return;
  c.r.add(
    CSI_PLUGIN,
    `${at}.stage_publish_base_dir`,
    `stage_publish_base_dir '${stage}' is inside mount_dir '${mount}'`,
    'put stage_publish_base_dir outside mount_dir, e.g. "/local/csi"',
  );
}

/** Whether `path` is `parent` or below it (helper.IsSubdirectory: false for abs vs relative). */
function within(parent: string, path: string): boolean {
  if (parent.startsWith('/') !== path.startsWith('/')) return false;
  const a = clean(parent);
  const b = clean(path);
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

function clean(p: string): string[] {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '' && seg !== '.') out.push(seg);
  }
  return out;
}
