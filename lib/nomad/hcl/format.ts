import { formatNative } from './fmt';
import { hclFormat } from './wasm';

/** Formats HCL the way `terraform fmt` does, with hclwrite itself (WASM, loaded on first use). */
export async function formatHcl(text: string): Promise<string> {
  return hclFormat(text);
}

/** True when formatting would not change the text. */
export async function isCanonical(text: string): Promise<boolean> {
  return (await hclFormat(text)) === text;
}

/**
 * `formatHcl` for the `fmt` command: the same result from the native formatter (`fmt.ts`, tested
 * against hclwrite), without loading hclwrite's WASM (~0.3 s and ~90 MB per process). The text
 * must be valid HCL (read it with `parseHcl` first, as `terraform fmt` refuses broken input).
 */
export async function formatFile(text: string): Promise<string> {
  return Promise.resolve(formatNative(text));
}
