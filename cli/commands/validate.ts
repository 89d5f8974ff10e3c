import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command, Io } from '../io';
import { UsageError, UserError, isUserError } from '../../lib/util/errors';
import { exists, readTextFile } from '../../lib/util/boundary';
import { hcl2VarArgs, parseVarArgs } from '../vars';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { templatePlaceholders } from '../../lib/nomad/hcl/templatefile';
import { Diagnostic, allRules, validate } from '../../lib/nomad/validate';

const USAGE = `usage: openclaw-octant validate FILE... [--var name=value]... [--module-vars]
                                [--memory-oversubscription] [--json]

Checks Nomad jobspecs offline: parses each file and runs the validator's rules.
  --var name=value  fills a templatefile() placeholder, or sets an HCL2 variable (repeatable)
  --module-vars     fill templatefile() placeholders the way the Octant module beside the file
                    does: the vars its main.tf passes, with the defaults of its variables.tf
                    (--var values win)
  --memory-oversubscription
                    the cluster enables memory oversubscription (Nomad's default is off, and
                    then memory_max is ignored: a warning)
  --json            print [{"file", "diagnostics"}] (or {"file", "error"} for parse failures)
Each finding ends with the Nomad documentation page of its rule ("doc" in --json).
Exit status: 0 no errors (warnings allowed), 1 an error or a parse failure, 2 usage error.`;

/** A diagnostic with the Nomad documentation page of its rule. */
type Finding = Diagnostic & { readonly doc?: string };

interface FileResult {
  readonly file: string;
  readonly diagnostics?: Finding[];
  readonly error?: string;
}

/**
 * The template vars of the Octant module in the file's folder, if there is one: what its main.tf
 * passes, computed statically (`--var` values stand in for variables and win over the module).
 * A placeholder the template uses whose value only Terraform can compute is an error naming it,
 * where main.tf passes it and why it cannot be known here.
 */
async function moduleVars(
  file: string,
  display: string,
  text: string,
  given: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const dir = path.dirname(file);
  if (!exists(path.join(dir, 'main.tf'))) return {};
  // Loaded only for --module-vars: the Terraform evaluator is not needed to validate a jobspec.
  const { readModuleTemplateVars } = await import('../../lib/octant/module-reader');
  const read = await readModuleTemplateVars(dir, path.basename(file), given);
  const used = new Map<string, number>();
  for (const p of templatePlaceholders(text)) if (!used.has(p.name)) used.set(p.name, p.line);
  const blocking = read.unresolved.filter((u) => used.has(u.name) && !(u.name in given));
  if (blocking.length > 0) {
    const [firstVar] = blocking;
    const main = (u: (typeof blocking)[number]): string =>
      `\${${u.name}} (line ${used.get(u.name)}): ${path.join(path.dirname(display), u.where)} passes a value that cannot be computed statically: ${u.reason}`;
    throw new UserError(
      `${display}:${used.get(firstVar.name)}`,
      `template placeholder ${blocking.map(main).join('; ')}`,
      `pass ${blocking.map((u) => `--var ${u.name}=VALUE`).join(' ')} to check the rest of the file`,
    );
  }
  return { ...read.vars };
}

interface CheckOptions {
  readonly useModuleVars: boolean;
  readonly memoryOversubscription: boolean;
}

async function check(
  file: string,
  given: Record<string, string>,
  opts: CheckOptions,
  io: Io,
): Promise<FileResult> {
  const abs = path.resolve(io.cwd, file);
  try {
    const text = readTextFile(abs, file);
    const vars = opts.useModuleVars
      ? { ...(await moduleVars(abs, file, text, given)), ...given }
      : given;
    const parsed = await parseJobspec(text, { filename: file, vars });
    const hclVars = Object.fromEntries(hcl2VarArgs(parsed, vars).map(([v, t]) => [v.name, t]));
    const docs = new Map(allRules().map((r) => [r.id, r.doc]));
    const diagnostics = validate(parsed, {
      vars: hclVars,
      memoryOversubscription: opts.memoryOversubscription,
    }).map((d) => ({
      ...d,
      ...(docs.has(d.rule) ? { doc: docs.get(d.rule) } : {}),
    }));
    return { file, diagnostics };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { file, error: e.message };
  }
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check Nomad jobspecs offline (exit 1 on errors)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs('validate', {
      args: [...args],
      allowPositionals: true,
      options: {
        var: { type: 'string', multiple: true },
        'module-vars': { type: 'boolean' },
        'memory-oversubscription': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const files = parsed.positionals;
    if (files.length === 0)
      throw new UsageError('no FILE given', 'run openclaw-octant validate path/to/job.nomad.hcl');
    const vars = parseVarArgs(parsed.values.var);
    const results: FileResult[] = [];
    const opts: CheckOptions = {
      useModuleVars: parsed.values['module-vars'] ?? false,
      memoryOversubscription: parsed.values['memory-oversubscription'] ?? false,
    };
    for (const f of files) results.push(await check(f, vars, opts, io));
    const failed = results.some(
      (r) => r.error !== undefined || (r.diagnostics ?? []).some((d) => d.severity === 'error'),
    );
    if (parsed.values.json) {
      io.stdout(JSON.stringify(results, null, 2) + '\n');
    } else {
      for (const r of results) {
        if (r.error !== undefined) {
          io.stderr(`${r.file}: error parse ${r.error}\n`);
          continue;
        }
        const diagnostics = r.diagnostics ?? [];
        // A clean file says so: silence would look like nothing was checked.
        if (diagnostics.length === 0) io.stdout(`${r.file}: ok\n`);
        for (const d of diagnostics) {
          const doc = d.doc === undefined ? '' : ` ${d.doc}`;
          io.stdout(
            `${r.file}: ${d.severity} ${d.rule} ${d.path}: ${d.message} (${d.hint})${doc}\n`,
          );
        }
      }
    }
    return failed ? 1 : 0;
  },
};
