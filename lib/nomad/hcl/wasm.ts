/**
 * HashiCorp's HCL parser (hcl2json) and formatter (hclwrite), Go compiled to WASM, loaded on
 * first use. Importing either package starts reading, unzipping and compiling its WASM at once
 * (about 0.7 s each); a process that never parses would still wait for that before it can exit
 * (in jest: "did not exit one second after the test run has completed"), and each jest test file
 * would pay for it.
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

/** Formats HCL exactly as `terraform fmt` does. */
export async function hclFormat(text: string): Promise<string> {
  hclTools ??= import('@cdktf/hcl-tools');
  return (await hclTools).format(text);
}
