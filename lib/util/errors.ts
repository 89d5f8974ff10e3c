/**
 * Errors a user can act on. Every one names where (a file, a field path), the rule that was
 * broken, and how to fix it. The CLI prints these without a stack trace; anything else is a bug.
 */
export class UserError extends Error {
  /** File or field path the error is about, e.g. `homelab/site.yaml` or `gateways[0].bind`. */
  public readonly where: string;
  /** The rule that was broken, in a few words. */
  public readonly rule: string;
  /** What to do about it. */
  public readonly fix: string;
  /** Process exit code the CLI should use. @default 1 */
  public readonly exitCode: number;

  constructor(where: string, rule: string, fix: string, exitCode = 1) {
    super(`${where}: ${rule}\n  fix: ${fix}`);
    this.name = 'UserError';
    this.where = where;
    this.rule = rule;
    this.fix = fix;
    this.exitCode = exitCode;
  }
}

/**
 * Several problems found in one pass, reported together so one run shows them all: one
 * `where: rule` line and `  fix:` line each. `where`, `rule` and `fix` are the first problem's.
 */
export class UserErrors extends UserError {
  public readonly problems: readonly UserError[];

  constructor(problems: readonly UserError[]) {
    const flat = problems.flatMap((p) => (p instanceof UserErrors ? p.problems : [p]));
    const first = flat[0];
    super(first.where, first.rule, first.fix, first.exitCode);
    this.name = 'UserErrors';
    this.problems = flat;
    this.message = flat.map((p) => p.message).join('\n');
  }
}

/** Wrong command-line usage: exit code 2. */
export class UsageError extends UserError {
  constructor(rule: string, fix: string) {
    super('usage', rule, fix, 2);
    this.name = 'UsageError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** The problems an error stands for: its own list, or itself. */
export function problemsOf(e: UserError): readonly UserError[] {
  return e instanceof UserErrors ? e.problems : [e];
}

/** One error for `problems` (at least one): the one, or all of them as one UserErrors. */
export function problemsError(problems: readonly UserError[]): UserError {
  return problems.length === 1 ? problems[0] : new UserErrors(problems);
}

/** Throws `problems` if there are any (see problemsError). */
export function throwProblems(problems: readonly UserError[]): void {
  if (problems.length > 0) throw problemsError(problems);
}

/** `check()`, or the user error it threw (so further checks can run); any other error is thrown. */
export function attempt<T>(check: () => T): T | UserError {
  try {
    return check();
  } catch (e) {
    if (!isUserError(e)) throw e;
    return e;
  }
}

/** `check()`, or undefined with the problems it threw added to `problems`. */
export function collecting<T>(problems: UserError[], check: () => T): T | undefined {
  const r = attempt(check);
  if (!isUserError(r)) return r;
  problems.push(...problemsOf(r));
  return undefined;
}
