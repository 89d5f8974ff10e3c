import { Command } from '../io';

// Placeholder: implemented in its own change.
export const vendorCommand: Command = {
  name: 'vendor',
  summary: 'not implemented yet',
  usage: 'openclaw-octant vendor',
  async run(_args, io) {
    io.stderr('openclaw-octant vendor: not implemented yet\n');
    return 1;
  },
};
