import { parseJobspec } from './parse';
import { renderHcl } from './render';
import { hclFormat } from './wasm';

/** Formats HCL the way `terraform fmt` does (hclwrite). */
export async function formatHcl(text: string): Promise<string> {
  return hclFormat(text);
}

/** True when formatting would not change the text. */
export async function isCanonical(text: string): Promise<boolean> {
  return (await hclFormat(text)) === text;
}

/**
 * `formatHcl` for `fmt`: a jobspec that this project's renderer writes byte-for-byte is returned
 * as it is without loading hclwrite's WASM (~0.3 s and ~90 MB). The renderer's output is
 * canonical (the property and corpus tests check it against hclwrite with `formatHcl`), and
 * formatting canonical text changes nothing. Anything else (comments, another field order, other
 * HCL files) goes to hclwrite.
 */
export async function formatFile(text: string): Promise<string> {
  if (await isRendered(text)) return text;
  return hclFormat(text);
}

async function isRendered(text: string): Promise<boolean> {
  // Cheap filters first: comments never survive a round trip; other HCL files are not jobspecs.
  if (!/^(variable|job) "/m.test(text) || /(^|\s)(#|\/\/|\/\*)/.test(text)) return false;
  try {
    return renderHcl(await parseJobspec(text)) === text;
  } catch {
    return false;
  }
}
