import * as fs from 'fs';
import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { hcl2VarArgs, parseVarArgs } from '../vars';
import { UsageError, UserError } from '../../util/errors';
import { parseJobspec } from '../../nomad/hcl/parse';
import { renderHcl } from '../../nomad/hcl/render';
import { renderJson } from '../../nomad/json/render';
import { VarValue } from '../../nomad/model';

/** `nomad job run -var` semantics: the text is read as the variable's declared type. */
function typedValue(name: string, text: string, type: string): VarValue {
  if (type === 'string') return text;
  if (type === 'number' && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (type === 'bool' && (text === 'true' || text === 'false')) return text === 'true';
  if (type !== 'number' && type !== 'bool') {
    try {
      return JSON.parse(text) as VarValue;
    } catch {
      // fall through to the error below
    }
  }
  throw new UserError(
    `--var ${name}`,
    `'${text}' is not a ${type}`,
    `give a ${type} value, e.g. for a list: '["a","b"]'`,
  );
}

const USAGE = `usage: openclaw-octant convert FILE --to hcl|json [--var name=value]...

Reads a Nomad jobspec (HCL2, or an Octant templatefile() template) and prints it to stdout:
  --to hcl    canonical HCL
  --to json   Nomad API JSON ({"Job": ...}), HCL2 variables resolved
  --var       fills a template placeholder \${name}, or sets the HCL2 variable 'name'
`;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'print a jobspec as canonical HCL or Nomad API JSON',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs('convert', {
      args: [...args],
      allowPositionals: true,
      options: { to: { type: 'string' }, var: { type: 'string', multiple: true } },
    });
    const [rel, ...extra] = parsed.positionals;
    if (rel === undefined || extra.length > 0) {
      throw new UsageError(
        'convert takes exactly one FILE',
        'openclaw-octant convert FILE --to hcl',
      );
    }
    const to = parsed.values.to;
    if (to !== 'hcl' && to !== 'json')
      throw new UsageError('--to must be hcl or json', 'add --to hcl or --to json');
    const vars = parseVarArgs(parsed.values.var);
    const file = path.resolve(io.cwd, rel);
    if (!fs.existsSync(file)) throw new UserError(rel, 'file not found', 'check the path');
    const model = await parseJobspec(fs.readFileSync(file, 'utf8'), { filename: rel, vars });
    if (to === 'hcl') {
      io.stdout(renderHcl(model));
      return 0;
    }
    const hcl2Vars: Record<string, VarValue> = {};
    for (const [v, t] of hcl2VarArgs(model, vars)) {
      hcl2Vars[v.name] = typedValue(v.name, t, v.type ?? 'string');
    }
    const json = renderJson(model, hcl2Vars);
    io.stdout(json.endsWith('\n') ? json : json + '\n');
    return 0;
  },
};
