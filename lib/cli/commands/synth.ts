import { Command } from '../io';

// Placeholder: implemented in its own change.
export const synthCommand: Command = {
  name: 'synth',
  summary: 'not implemented yet',
  usage: 'openclaw-octant synth',
  async run(_args, io) {
    io.stderr('openclaw-octant synth: not implemented yet\n');
    return 1;
  },
};
