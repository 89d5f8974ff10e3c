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
    throw e;
  }
}
