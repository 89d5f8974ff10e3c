/**
 * The one table that says how every block of the jobspec model (`model.ts`) is spelled in HCL.
 * The HCL renderer and the HCL parser are both driven by it, so a field is declared once.
 *
 * Fields are listed in output order: attributes first, in the order of the model interface
 * (= Nomad documentation order), then blocks.
 */

/** How a field's value is written. */
export type FieldKind =
  /** `Str`: quoted string, heredoc, or `var.x` / interpolation. */
  | 'string'
  /** Go duration string; written like a string. */
  | 'duration'
  /** `Num`: number (numeric strings are accepted when parsing). */
  | 'number'
  /** `Bool` (`"true"`/`"false"` strings are accepted when parsing). */
  | 'bool'
  /** A label-or-number such as `service.port`. */
  | 'stringOrNumber'
  /** `StrList`: list of strings, or a variable holding the list. */
  | 'stringList'
  /** `StrMap` with user keys: a block of attributes, or a map attribute when a key is not an identifier. */
  | 'stringMap'
  /** Header name -> list of values (check `header`). */
  | 'headerMap'
  /** Any `Value` (driver config keys, variable defaults). */
  | 'value'
  /** An HCL type expression (`list(string)`), written bare. */
  | 'typeExpr'
  /** One nested block. */
  | 'block'
  /** A repeated unlabeled block: a list in the model. */
  | 'blocks'
  /** A repeated labeled block: a list in the model, the label in `labelField`. */
  | 'labeledBlocks'
  /** A driver `config` block: keys are driver HCL names, unknown keys pass through. */
  | 'config';

export type BlockName =
  | 'variable'
  | 'job'
  | 'group'
  | 'task'
  | 'constraint'
  | 'affinity'
  | 'spread'
  | 'target'
  | 'update'
  | 'periodic'
  | 'parameterized'
  | 'reschedule'
  | 'restart'
  | 'network'
  | 'port'
  | 'dns'
  | 'volume'
  | 'ephemeral_disk'
  | 'service'
  | 'check'
  | 'check_restart'
  | 'connect'
  | 'sidecar_service'
  | 'template'
  | 'artifact'
  | 'vault'
  | 'identity'
  | 'volume_mount'
  | 'resources'
  | 'device'
  | 'lifecycle'
  | 'logs';

export interface FieldSpec {
  /** Model field name (camelCase). */
  readonly field: string;
  /** HCL attribute or block name (snake_case). */
  readonly hcl: string;
  readonly kind: FieldKind;
  /** Block type of the nested block(s), for the block kinds. */
  readonly block?: BlockName;
  /**
   * Other HCL spellings accepted when parsing, never written (`cron` for `crons`).
   * @default - none
   */
  readonly aliases?: readonly string[];
}

export interface BlockSpec {
  readonly name: BlockName;
  /**
   * Model field holding the block label (`job "x"` -> `name`).
   * @default - the block has no label
   */
  readonly labelField?: string;
  readonly fields: readonly FieldSpec[];
}

/** `memoryMax` -> `memory_max`. */
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function f(field: string, kind: FieldKind, opts: Partial<FieldSpec> = {}): FieldSpec {
  return { field, hcl: opts.hcl ?? snakeCase(field), kind, ...opts };
}
function one(field: string, block: BlockName): FieldSpec {
  return f(field, 'block', { block });
}
function many(field: string, block: BlockName, kind: FieldKind = 'blocks'): FieldSpec {
  return f(field, kind, { block });
}

const constraintFields = [f('attribute', 'string'), f('operator', 'string'), f('value', 'string')];

const BLOCKS: readonly BlockSpec[] = [
  {
    name: 'variable',
    labelField: 'name',
    fields: [
      f('type', 'typeExpr'),
      f('description', 'string'),
      f('default', 'value'),
      f('sensitive', 'bool'),
    ],
  },
  {
    name: 'job',
    labelField: 'name',
    fields: [
      f('region', 'string'),
      f('namespace', 'string'),
      f('datacenters', 'stringList'),
      f('nodePool', 'string'),
      f('type', 'string'),
      f('priority', 'number'),
      f('allAtOnce', 'bool'),
      f('meta', 'stringMap'),
      many('constraint', 'constraint'),
      many('affinity', 'affinity'),
      many('spread', 'spread'),
      one('update', 'update'),
      one('periodic', 'periodic'),
      one('parameterized', 'parameterized'),
      one('reschedule', 'reschedule'),
      many('group', 'group', 'labeledBlocks'),
    ],
  },
  {
    name: 'group',
    labelField: 'name',
    fields: [
      f('count', 'number'),
      f('shutdownDelay', 'duration'),
      f('meta', 'stringMap'),
      many('constraint', 'constraint'),
      many('affinity', 'affinity'),
      many('spread', 'spread'),
      one('network', 'network'),
      many('volume', 'volume', 'labeledBlocks'),
      many('service', 'service'),
      one('restart', 'restart'),
      one('reschedule', 'reschedule'),
      one('update', 'update'),
      one('ephemeralDisk', 'ephemeral_disk'),
      many('task', 'task', 'labeledBlocks'),
    ],
  },
  { name: 'constraint', fields: constraintFields },
  { name: 'affinity', fields: [...constraintFields, f('weight', 'number')] },
  {
    name: 'spread',
    fields: [
      f('attribute', 'string'),
      f('weight', 'number'),
      many('target', 'target', 'labeledBlocks'),
    ],
  },
  { name: 'target', labelField: 'name', fields: [f('percent', 'number')] },
  {
    name: 'update',
    fields: [
      f('maxParallel', 'number'),
      f('healthCheck', 'string'),
      f('minHealthyTime', 'duration'),
      f('healthyDeadline', 'duration'),
      f('progressDeadline', 'duration'),
      f('autoRevert', 'bool'),
      f('autoPromote', 'bool'),
      f('canary', 'number'),
      f('stagger', 'duration'),
    ],
  },
  {
    name: 'periodic',
    fields: [
      f('crons', 'stringList', { aliases: ['cron'] }),
      f('prohibitOverlap', 'bool'),
      f('timeZone', 'string'),
      f('enabled', 'bool'),
    ],
  },
  {
    name: 'parameterized',
    fields: [
      f('payload', 'string'),
      f('metaRequired', 'stringList'),
      f('metaOptional', 'stringList'),
    ],
  },
  {
    name: 'reschedule',
    fields: [
      f('attempts', 'number'),
      f('interval', 'duration'),
      f('delay', 'duration'),
      f('delayFunction', 'string'),
      f('maxDelay', 'duration'),
      f('unlimited', 'bool'),
    ],
  },
  {
    name: 'restart',
    fields: [
      f('attempts', 'number'),
      f('delay', 'duration'),
      f('interval', 'duration'),
      f('mode', 'string'),
      f('renderTemplates', 'bool'),
    ],
  },
  {
    name: 'network',
    fields: [
      f('mode', 'string'),
      f('hostname', 'string'),
      many('port', 'port', 'labeledBlocks'),
      one('dns', 'dns'),
    ],
  },
  {
    name: 'port',
    labelField: 'label',
    fields: [f('static', 'number'), f('to', 'number'), f('hostNetwork', 'string')],
  },
  {
    name: 'dns',
    fields: [f('servers', 'stringList'), f('searches', 'stringList'), f('options', 'stringList')],
  },
  {
    name: 'volume',
    labelField: 'name',
    fields: [
      f('type', 'string'),
      f('source', 'string'),
      f('readOnly', 'bool'),
      f('accessMode', 'string'),
      f('attachmentMode', 'string'),
      f('perAlloc', 'bool'),
    ],
  },
  {
    name: 'ephemeral_disk',
    fields: [f('migrate', 'bool'), f('size', 'number'), f('sticky', 'bool')],
  },
  {
    name: 'service',
    fields: [
      f('name', 'string'),
      f('provider', 'string'),
      f('port', 'stringOrNumber'),
      f('tags', 'stringList'),
      f('canaryTags', 'stringList'),
      f('addressMode', 'string'),
      f('task', 'string'),
      f('meta', 'stringMap'),
      one('connect', 'connect'),
      many('check', 'check'),
    ],
  },
  {
    name: 'check',
    fields: [
      f('name', 'string'),
      f('type', 'string'),
      f('path', 'string'),
      f('port', 'string'),
      f('interval', 'duration'),
      f('timeout', 'duration'),
      f('method', 'string'),
      f('protocol', 'string'),
      f('addressMode', 'string'),
      f('command', 'string'),
      f('args', 'stringList'),
      f('task', 'string'),
      f('tlsSkipVerify', 'bool'),
      f('header', 'headerMap'),
      one('checkRestart', 'check_restart'),
    ],
  },
  {
    name: 'check_restart',
    fields: [f('limit', 'number'), f('grace', 'duration'), f('ignoreWarnings', 'bool')],
  },
  {
    name: 'connect',
    fields: [f('native', 'bool'), one('sidecarService', 'sidecar_service')],
  },
  {
    name: 'sidecar_service',
    fields: [f('port', 'string'), f('tags', 'stringList'), f('meta', 'stringMap')],
  },
  {
    name: 'task',
    labelField: 'name',
    fields: [
      f('driver', 'string'),
      f('user', 'string'),
      f('killTimeout', 'duration'),
      f('killSignal', 'string'),
      f('leader', 'bool'),
      f('shutdownDelay', 'duration'),
      f('config', 'config'),
      f('env', 'stringMap'),
      f('meta', 'stringMap'),
      many('constraint', 'constraint'),
      many('affinity', 'affinity'),
      many('artifact', 'artifact'),
      many('template', 'template'),
      one('vault', 'vault'),
      many('identity', 'identity'),
      many('volumeMount', 'volume_mount'),
      one('resources', 'resources'),
      one('lifecycle', 'lifecycle'),
      one('logs', 'logs'),
      one('restart', 'restart'),
      many('service', 'service'),
    ],
  },
  {
    name: 'template',
    fields: [
      f('data', 'string'),
      f('source', 'string'),
      f('destination', 'string'),
      f('changeMode', 'string'),
      f('changeSignal', 'string'),
      f('env', 'bool'),
      f('perms', 'string'),
      f('uid', 'number'),
      f('gid', 'number'),
      f('splay', 'duration'),
      f('leftDelimiter', 'string'),
      f('rightDelimiter', 'string'),
      f('errorOnMissingKey', 'bool'),
    ],
  },
  {
    name: 'artifact',
    fields: [
      f('source', 'string'),
      f('destination', 'string'),
      f('mode', 'string'),
      f('options', 'stringMap'),
      f('headers', 'stringMap'),
    ],
  },
  {
    name: 'vault',
    fields: [
      f('role', 'string'),
      f('policies', 'stringList'),
      f('changeMode', 'string'),
      f('changeSignal', 'string'),
      f('env', 'bool'),
      f('namespace', 'string'),
      f('cluster', 'string'),
    ],
  },
  {
    name: 'identity',
    fields: [
      f('name', 'string'),
      f('aud', 'stringList'),
      f('env', 'bool'),
      f('file', 'bool'),
      f('ttl', 'duration'),
    ],
  },
  {
    name: 'volume_mount',
    fields: [
      f('volume', 'string'),
      f('destination', 'string'),
      f('readOnly', 'bool'),
      f('propagationMode', 'string'),
    ],
  },
  {
    name: 'resources',
    fields: [
      f('cpu', 'number'),
      f('cores', 'number'),
      f('memory', 'number'),
      f('memoryMax', 'number'),
      many('device', 'device', 'labeledBlocks'),
    ],
  },
  { name: 'device', labelField: 'name', fields: [f('count', 'number')] },
  { name: 'lifecycle', fields: [f('hook', 'string'), f('sidecar', 'bool')] },
  {
    name: 'logs',
    fields: [f('maxFiles', 'number'), f('maxFileSize', 'number'), f('disabled', 'bool')],
  },
];

const BY_NAME: ReadonlyMap<BlockName, BlockSpec> = new Map(BLOCKS.map((b) => [b.name, b]));

/** The spec of one block type. */
export function blockSpec(name: BlockName): BlockSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`schema: no block '${name}'`);
  return spec;
}

/** Every block spec, for tests and documentation. */
export function allBlockSpecs(): readonly BlockSpec[] {
  return BLOCKS;
}

/** Kinds written as nested blocks (after the attributes). */
export function isBlockKind(kind: FieldKind): boolean {
  return (
    kind === 'block' ||
    kind === 'blocks' ||
    kind === 'labeledBlocks' ||
    kind === 'config' ||
    kind === 'stringMap' ||
    kind === 'headerMap'
  );
}
