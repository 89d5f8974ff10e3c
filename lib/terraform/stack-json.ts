export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

/** Key-sorted, two-space JSON with a final newline: byte-identical for equal content. */
export function stableJson(value: Json): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

function stripMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) if (key !== '//') out[key] = stripMetadata(v);
    return out;
  }
  return value;
}

/**
 * Turns a synthesized module stack into the standalone module's `main.tf.json`: no cdktf `//`
 * metadata and no backend (the state location belongs to whoever applies the module). Throws
 * when a string still holds one of `machinePaths` (the project root, the home directory...),
 * because the module must work from any checkout.
 */
export function toModuleJson(
  stackJson: { [key: string]: Json },
  machinePaths: readonly string[],
): { [key: string]: Json } {
  const out = stripMetadata(stackJson) as { [key: string]: Json };
  const terraform = out.terraform;
  if (terraform !== null && typeof terraform === 'object' && !Array.isArray(terraform)) {
    const rest = { ...terraform };
    delete rest.backend;
    out.terraform = rest;
  }
  const check = (value: Json, where: string): void => {
    if (typeof value === 'string') {
      const hit = machinePaths.find((p) => p !== '' && p !== '/' && value.includes(p));
      if (hit !== undefined) {
        throw new Error(`internal: main.tf.json ${where} holds the machine path ${hit}`);
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => check(v, `${where}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) check(v, `${where}.${k}`);
    }
  };
  check(out, '$');
  return out;
}
