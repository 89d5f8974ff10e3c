import { parseArgs, type ParseArgsConfig } from 'util';
import { UsageError } from '../lib/util/errors';

/**
 * `util.parseArgs` for a sub-command: a malformed command line becomes a usage error (exit 2)
 * that points at the command's `--help`, the same way for every command.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError((e as Error).message, `run 'openclaw-octant ${command} --help'`);
  }
}
