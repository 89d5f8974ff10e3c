/**
 * The shape of the field table. The table itself (`schema.generated.ts`) is generated from an
 * extract of Nomad's own API definitions (`scripts/nomad-api/`); the HCL renderer and parser, the
 * resolver, the JSON renderer and the model types are all derived from it, so a field is
 * declared once. Only the HCL2 `variable` block (jobspec2's, not an API struct) is written here.
 */
import { STRUCTS, StructName } from './schema.generated';

export { NOMAD_VERSION, NOMAD_COMMIT } from './schema.generated';
export type { StructName } from './schema.generated';

/**
 * jobspec2's shorthand attributes of a constraint and an affinity (`regexp = "..."` for
 * `operator = "regexp"`), in the order it applies them (the last one given wins).
 */
export const CONSTRAINT_SHORTHANDS: readonly string[] = [
  'version',
  'semver',
  'regexp',
  'setContains',
];
export const AFFINITY_SHORTHANDS: readonly string[] = [
  'version',
  'semver',
  'regexp',
  'setContainsAny',
  'setContainsAll',
  'setContains',
];

/** How a field's value is written. */
export type FieldKind =
  /** `Str`: quoted string, heredoc, or `var.x` / interpolation. */
  | 'string'
  /** Go duration: written like a string, nanoseconds in the API JSON. */
  | 'duration'
  /** `Num` (numeric strings are accepted when parsing). */
  | 'number'
  /** `Bool` (`"true"`/`"false"` strings are accepted when parsing). */
  | 'bool'
  /** `StrList`: list of strings, or a variable holding the list. */
  | 'stringList'
  /** A list of numbers, or a variable holding it. */
  | 'numberList'
  /** `StrMap` with user keys written as a block (an attribute when a key is not an identifier). */
  | 'stringMap'
  /** `StrMap` written as an attribute (`args = { ... }`). */
  | 'stringMapAttr'
  /** Header name -> list of values (check `header`). */
  | 'headerMap'
  /** A driver/plugin `config` block: free keys, passed through. */
  | 'config'
  /** Any value (variable defaults). */
  | 'value'
  /** An HCL expression kept as source and written bare (`list(string)`, a condition). */
  | 'typeExpr'
  /** One nested block. */
  | 'block'
  /** A repeated unlabeled block: a list in the model. */
  | 'blocks'
  /** A repeated labeled block: a list in the model, the label in `labelField`. */
  | 'labeledBlocks'
  /** Labeled blocks that the API keys by label (`volume "x"` -> `Volumes: {"x": ...}`). */
  | 'labeledMap';

export interface FieldSpec {
  /** Model field name (camelCase of the HCL name). */
  readonly field: string;
  /** HCL attribute or block name (snake_case). */
  readonly hcl: string;
  readonly kind: FieldKind;
  /**
   * Name in Nomad's API JSON.
   * @default - not written as a field of its own (shorthands that Nomad folds into others)
   */
  readonly json?: string;
  /** Block type of the nested block(s), for the block kinds. */
  readonly block?: BlockName;
  /** Model field holding the label of each nested block, for labeled kinds. */
  readonly labelField?: string;
  /**
   * Nomad refuses the block without it (or the model needs it).
   * @default false
   */
  readonly required?: boolean;
  /**
   * A single block in the model that the API JSON holds as a one-element list (group `network`).
   * @default false
   */
  readonly jsonList?: boolean;
}

export interface BlockSpec {
  readonly name: BlockName;
  /**
   * Model field holding the block label (`group "x"` -> `name`).
   * @default - the block has no label of its own
   */
  readonly labelField?: string;
  /**
   * Name of the label in the API JSON (`Name`, `Label`, `Value`).
   * @default - the label is not a JSON field of its own (the job's: `ID`/`Name`)
   */
  readonly labelJson?: string;
  readonly fields: readonly FieldSpec[];
}

/** A block type: a Nomad API struct, or the HCL2 `Variable`. */
export type BlockName = StructName | 'Variable' | 'VariableValidation';

/**
 * jobspec2's `variable "name" { }` block (not an API struct, so not in the extract): the
 * arguments of its `variableBlockSchema`. It has no `sensitive` (Nomad refuses it).
 */
const VARIABLE: BlockSpec = {
  name: 'Variable',
  labelField: 'name',
  fields: [
    { field: 'type', hcl: 'type', kind: 'typeExpr' },
    { field: 'description', hcl: 'description', kind: 'string' },
    { field: 'default', hcl: 'default', kind: 'value' },
    { field: 'validation', hcl: 'validation', kind: 'blocks', block: 'VariableValidation' },
  ],
};

/** `validation { condition = <expression>, error_message = "..." }` of a variable. */
const VARIABLE_VALIDATION: BlockSpec = {
  name: 'VariableValidation',
  fields: [
    { field: 'condition', hcl: 'condition', kind: 'typeExpr', required: true },
    { field: 'errorMessage', hcl: 'error_message', kind: 'string', required: true },
  ],
};

/** The spec of one block type. */
export function blockSpec(name: BlockName): BlockSpec {
  const spec =
    name === 'Variable'
      ? VARIABLE
      : name === 'VariableValidation'
        ? VARIABLE_VALIDATION
        : (STRUCTS as Record<string, BlockSpec>)[name];
  if (!spec) throw new Error(`schema: no block '${name}'`);
  return spec;
}

/** Every block spec, for tests and documentation. */
export function allBlockSpecs(): readonly BlockSpec[] {
  return [VARIABLE, VARIABLE_VALIDATION, ...Object.values(STRUCTS)];
}

/** Kinds written as nested blocks (after the attributes). */
export function isBlockKind(kind: FieldKind): boolean {
  return (
    kind === 'block' ||
    kind === 'blocks' ||
    kind === 'labeledBlocks' ||
    kind === 'labeledMap' ||
    kind === 'config' ||
    kind === 'stringMap' ||
    kind === 'headerMap'
  );
}

/** `memoryMax` -> `memory_max`. */
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}
