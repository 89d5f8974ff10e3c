import { formatNative } from './fmt';
import { parseHcl } from './syntax';

/**
 * Formats HCL the way `terraform fmt` does: the one formatter, for the library and the `fmt`
 * command alike (`fmt.ts`, tested against hclwrite, HashiCorp's WASM build, which is no longer
 * loaded at run time). Like `terraform fmt`, it refuses text that is not valid HCL.
 * @throws UserError naming the line of a syntax error
 */
export async function formatHcl(text: string, filename = 'input.hcl'): Promise<string> {
  parseHcl(filename, text);
  return Promise.resolve(formatNative(text));
}

/** True when formatting would not change the text. */
export async function isCanonical(text: string, filename = 'input.hcl'): Promise<boolean> {
  return (await formatHcl(text, filename)) === text;
}
