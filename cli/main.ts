import { Command, Io, processIo } from './io';
import { ownVersion } from '../lib/util/project-root';
import { isUserError } from '../lib/util/errors';
import { fsError } from '../lib/util/boundary';

/**
 * Sub-commands, loaded only when used so that `synth` does not pay for loading the 1Password
 * client or the HCL parser it does not need.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  synth: async () => (await import('./commands/synth')).synthCommand,
  vendor: async () => (await import('./commands/vendor')).vendorCommand,
  validate: async () => (await import('./commands/validate')).validateCommand,
  fmt: async () => (await import('./commands/fmt')).fmtCommand,
  convert: async () => (await import('./commands/convert')).convertCommand,
  secrets: async () => (await import('./commands/secrets')).secretsCommand,
  import: async () => (await import('./commands/import')).importCommand,
  bench: async () => (await import('./commands/bench')).benchCommand,
  backup: async () => (await import('./commands/backup')).backupCommand,
  'install-config': async () => (await import('./commands/install-config')).installConfigCommand,
  'cdktf-app': async () => (await import('./commands/cdktf-app')).cdktfAppCommand,
};

async function help(io: Io): Promise<number> {
  const lines = ['usage: openclaw-octant <command> [options]', '', 'commands:'];
  for (const name of Object.keys(COMMANDS)) {
    const cmd = await COMMANDS[name]();
    lines.push(`  ${name.padEnd(14)} ${cmd.summary}`);
  }
  lines.push(
    '',
    'Run `openclaw-octant <command> --help` for its options, `--version` for the version.',
    'See also ./help.',
  );
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

/** `openclaw-octant <version>`, from package.json (the one place the version is stated). */
function version(io: Io): number {
  io.stdout(`openclaw-octant ${ownVersion()}\n`);
  return 0;
}

/** Runs the CLI and returns the exit code. Never throws for user errors. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return help(io);
  if (name === '--version' || name === '-V' || name === 'version') return version(io);
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(
      `openclaw-octant: unknown command '${name}'\n  fix: run 'openclaw-octant --help' for the list\n`,
    );
    return 2;
  }
  const cmd = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (caught) {
    // A file system error no command turned into a UserError is still the user's to fix.
    // A rename names its source (a temporary sibling) first: the target is what the user knows.
    const err = caught as { path?: string; dest?: string } | undefined;
    const e = fsError(
      caught,
      err?.dest ?? err?.path ?? name,
      'check the paths given and their permissions',
    );
    if (isUserError(e)) {
      io.stderr(`openclaw-octant ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    return internalError(name, e, io);
  }
}

/** Exit status of a bug of ours (sysexits' EX_SOFTWARE): not the input's fault. */
export const INTERNAL_ERROR_EXIT = 70;

/**
 * A bug of ours, reported without its message or stack (either may quote the input, a secret
 * included); OPENCLAW_OCTANT_DEBUG=1 adds both for a bug report.
 */
function internalError(name: string, e: unknown, io: Io): number {
  const kind = e instanceof Error ? e.name : typeof e;
  io.stderr(
    `openclaw-octant ${name}: internal error (${kind}), a bug of openclaw-octant, not of the input\n` +
      '  fix: please report it with the command; OPENCLAW_OCTANT_DEBUG=1 shows the message and stack (check them for secrets first)\n',
  );
  if (io.env.OPENCLAW_OCTANT_DEBUG === '1' && e instanceof Error)
    io.stderr(`${e.stack ?? e.message}\n`);
  return INTERNAL_ERROR_EXIT;
}
