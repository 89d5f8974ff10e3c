import { Command } from '../io';

// Placeholder: implemented in its own change.
export const cdktfAppCommand: Command = {
  name: 'cdktf-app',
  summary: 'not implemented yet',
  usage: 'openclaw-octant cdktf-app',
  async run(_args, io) {
    io.stderr('openclaw-octant cdktf-app: not implemented yet\n');
    return 1;
  },
};
