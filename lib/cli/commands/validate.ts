import { Command } from '../io';

// Placeholder: implemented in its own change.
export const validateCommand: Command = {
  name: 'validate',
  summary: 'not implemented yet',
  usage: 'openclaw-octant validate',
  async run(_args, io) {
    io.stderr('openclaw-octant validate: not implemented yet\n');
    return 1;
  },
};
