import { hclFormat } from './wasm';

/** Formats HCL the way `terraform fmt` does (hclwrite). */
export async function formatHcl(text: string): Promise<string> {
  return hclFormat(text);
}

/** True when formatting would not change the text. */
export async function isCanonical(text: string): Promise<boolean> {
  return (await hclFormat(text)) === text;
}
