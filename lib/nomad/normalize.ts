import { JobFile } from './model';
import { BlockName, blockSpec } from './schema';

type Rec = Readonly<Record<string, unknown>>;

/**
 * The canonical form of a jobspec model: repeated blocks given as an empty list
 * (`constraint: []`) are dropped. HCL has no way to write "zero blocks" other than writing
 * none, and Nomad reads both alike, so `parseJobspec(renderHcl(f))` equals `normalizeJobFile(f)`
 * (and equals `f` itself when `f` has no empty block lists).
 */
export function normalizeJobFile(file: JobFile): JobFile {
  const out: Record<string, unknown> = {};
  if (file.variables !== undefined && file.variables.length > 0) out.variables = file.variables;
  out.job = normalizeBlock('Job', file.job as unknown as Rec);
  return out as unknown as JobFile;
}

function normalizeBlock(name: BlockName, obj: Rec): Rec {
  const out: Record<string, unknown> = { ...obj };
  for (const field of blockSpec(name).fields) {
    const v = obj[field.field];
    if (v === undefined || field.block === undefined) continue;
    if (field.kind === 'block') {
      out[field.field] = normalizeBlock(field.block, v as Rec);
    } else if (
      field.kind === 'blocks' ||
      field.kind === 'labeledBlocks' ||
      field.kind === 'labeledMap'
    ) {
      const list = v as readonly Rec[];
      const block = field.block;
      if (list.length === 0) delete out[field.field];
      else out[field.field] = list.map((b) => normalizeBlock(block, b));
    }
  }
  return out;
}
