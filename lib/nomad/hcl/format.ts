import { format } from '@cdktf/hcl-tools';

/** Formats HCL the way `terraform fmt` does (hclwrite). */
export async function formatHcl(text: string): Promise<string> {
  return format(text);
}

/** True when formatting would not change the text. */
export async function isCanonical(text: string): Promise<boolean> {
  return (await format(text)) === text;
}
