import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { UsageError } from '../../lib/util/errors';
import { projectRoot } from '../../lib/util/project-root';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'print speed and memory figures (jobspec core, synth, 100-gateway site, stock cdktf)',
  usage: [
    'usage: openclaw-octant bench [--runs N] [--skip-stock]',
    '',
    '  --runs N       synth runs per measurement (median is printed)  [default: 5]',
    '  --skip-stock   skip the slow `npx cdktf synth` comparison',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseCommandArgs('bench', {
      args: [...args],
      options: { runs: { type: 'string' }, 'skip-stock': { type: 'boolean' } },
    });
    const runs = values.runs === undefined ? undefined : Number(values.runs);
    if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) {
      throw new UsageError(
        `--runs ${values.runs} is not a whole number >= 1`,
        'pass e.g. --runs 5',
      );
    }
    // Loaded here so that other commands never pay for the bench code.
    const { runBench } = await import('../../scripts/bench');
    runBench({
      root: projectRoot(),
      runs,
      skipStock: values['skip-stock'] ?? false,
      print: (l) => io.stdout(l + '\n'),
    });
    return 0;
  },
};
