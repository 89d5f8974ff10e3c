import { Command } from '../io';

// Placeholder: implemented in its own change.
export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'not implemented yet',
  usage: 'openclaw-octant fmt',
  async run(_args, io) {
    io.stderr('openclaw-octant fmt: not implemented yet\n');
    return 1;
  },
};
