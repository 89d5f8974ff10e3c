/**
 * HashiCorp's own HCL parser (hcl2json) and formatter (hclwrite), Go compiled to WASM: the test
 * judges of the project's reader (`syntax.ts`) and formatter (`fmt.ts`). Nothing at run time
 * loads them. Loaded on first use: importing either package starts reading, unzipping and
 * compiling its WASM at once (about 0.7 s each), which every test file would pay for.
 */

type Hcl2Json = typeof import('@cdktf/hcl2json');
type HclTools = typeof import('@cdktf/hcl-tools');

let hcl2json: Promise<Hcl2Json> | undefined;
let hclTools: Promise<HclTools> | undefined;

/** HCL text -> hcl2json's JSON (template strings stay as source). Rejects with HCL diagnostics. */
export async function hclToJson(filename: string, text: string): Promise<unknown> {
  hcl2json ??= import('@cdktf/hcl2json');
  return (await hcl2json).parse(filename, text);
}

/** Formats HCL exactly as `terraform fmt` does (hclwrite). */
export async function hclwriteFormat(text: string): Promise<string> {
  hclTools ??= import('@cdktf/hcl-tools');
  return (await hclTools).format(text);
}

/** True when hclwrite would not change the text. */
export async function hclwriteCanonical(text: string): Promise<boolean> {
  return (await hclwriteFormat(text)) === text;
}
