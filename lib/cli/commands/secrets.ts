import { Command } from '../io';

// Placeholder: implemented in its own change.
export const secretsCommand: Command = {
  name: 'secrets',
  summary: 'not implemented yet',
  usage: 'openclaw-octant secrets',
  async run(_args, io) {
    io.stderr('openclaw-octant secrets: not implemented yet\n');
    return 1;
  },
};
