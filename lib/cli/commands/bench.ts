import { parseArgs } from 'util';
import { Command } from '../io';
import { projectRoot } from '../../util/project-root';

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
    const { values } = parseArgs({
      args: [...args],
      options: { runs: { type: 'string' }, 'skip-stock': { type: 'boolean' } },
    });
    // Loaded here so that other commands never pay for the bench code.
    const { runBench } = await import('../../../scripts/bench');
    runBench({
      root: projectRoot(),
      runs: values.runs === undefined ? undefined : Number(values.runs),
      skipStock: values['skip-stock'] ?? false,
      print: (l) => io.stdout(l + '\n'),
    });
    return 0;
  },
};
