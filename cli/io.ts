/** Where a command reads and writes; tests pass their own to capture output. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Working directory relative paths are resolved against. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
};

/** One CLI sub-command. */
export interface Command {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  /** Usage text shown by `openclaw-octant <name> --help`. */
  readonly usage: string;
  /** Returns the process exit code: 0 ok, 1 failure, 2 usage error. */
  run(args: readonly string[], io: Io): Promise<number>;
}
