import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { hcl2VarArgs, parseVarArgs } from '../vars';
import { UsageError } from '../../lib/util/errors';
import { readTextFile } from '../../lib/util/boundary';
import { parseJobspec } from '../../lib/nomad/hcl/parse';
import { renderHcl } from '../../lib/nomad/hcl/render';
import { renderJson } from '../../lib/nomad/json/render';

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
    const model = await parseJobspec(readTextFile(file, rel), { filename: rel, vars });
    if (to === 'hcl') {
      io.stdout(renderHcl(model));
      return 0;
    }
    // Text values: the resolver converts them by the variable's type, as `validate` does.
    const hcl2Vars = Object.fromEntries(hcl2VarArgs(model, vars).map(([v, t]) => [v.name, t]));
    const json = renderJson(model, hcl2Vars);
    io.stdout(json.endsWith('\n') ? json : json + '\n');
    return 0;
  },
};
