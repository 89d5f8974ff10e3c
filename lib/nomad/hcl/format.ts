import { formatNative } from './fmt';
import { lex } from './lexer';
import { parseHcl } from './syntax';

/**
 * Formats HCL the way `terraform fmt` does: the one formatter, for the library and the `fmt`
 * command alike (`fmt.ts`, tested against hclwrite, HashiCorp's WASM build, which is no longer
 * loaded at run time). Like `terraform fmt`, it refuses text that is not valid HCL.
 * @throws UserError naming the line of a syntax error
 */
export async function formatHcl(text: string, filename = 'input.hcl'): Promise<string> {
  // One tokenization for both: the reader checks the tokens, the formatter re-spaces them.
  const tokens = lex(text);
  parseHcl(filename, text, tokens);
  return Promise.resolve(formatNative(text, tokens));
}

/** True when formatting would not change the text. */
export async function isCanonical(text: string, filename = 'input.hcl'): Promise<boolean> {
  return (await formatHcl(text, filename)) === text;
}
