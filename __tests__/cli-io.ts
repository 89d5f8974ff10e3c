import type { Io } from '../cli/io';

/** A CLI Io that keeps what the command prints: run `main(args, c.io)`, then read c.out()/c.err(). */
export function capture(
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = {},
): { io: Io; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
