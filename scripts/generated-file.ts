import * as fs from 'fs';

/*
 * What the table generators share (scripts/<upstream>/generate.ts): each reads a checked-in
 * extract of an upstream definition and writes one generated TypeScript file from it.
 */

/** A checked-in JSON extract. */
export function readJsonExtract<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Writes a generated file and names it on stdout (`npm run <table>:generate`). */
export function writeGenerated(file: string, text: string): void {
  fs.writeFileSync(file, text);
  process.stdout.write(`${file}\n`);
}
