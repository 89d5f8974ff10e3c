import { Command } from '../io';

// Placeholder: implemented in its own change.
export const convertCommand: Command = {
  name: 'convert',
  summary: 'not implemented yet',
  usage: 'openclaw-octant convert',
  async run(_args, io) {
    io.stderr('openclaw-octant convert: not implemented yet\n');
    return 1;
  },
};
