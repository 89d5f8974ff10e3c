import { Command } from '../io';

// Placeholder: implemented in its own change.
export const benchCommand: Command = {
  name: 'bench',
  summary: 'not implemented yet',
  usage: 'openclaw-octant bench',
  async run(_args, io) {
    io.stderr('openclaw-octant bench: not implemented yet\n');
    return 1;
  },
};
