/** Errors as values: a file, a position and a sentence for a person. */

/** One problem found in the policy source or in a command's input. */
export interface Problem {
  /** Path relative to the repository root (or as given by the user). */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** Short rule name, e.g. `schema`, `duplicate-id`. */
  rule: string;
  /** What is wrong, and what to do about it. */
  message: string;
}

/** Formats a problem as `file:line:column rule message`, the markdownlint-cli2 layout. */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  return `${where} ${problem.rule} ${problem.message}`;
}

/** An error carrying one or more problems; commands print them and exit with `exitCode`. */
export class PolicyError extends Error {
  readonly problems: Problem[];
  readonly exitCode: number;

  constructor(problems: Problem[] | Problem, exitCode = 2) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.name = 'PolicyError';
    this.problems = list;
    this.exitCode = exitCode;
  }
}

/** A usage or environment error that is not tied to a file (bad argument, missing tool). */
export class UsageError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

/**
 * `error` as the site build should show it: a problem the user must fix (PolicyError, UsageError) loses its stack,
 * because Astro prints the stack of any error that has one under its message, and the frames of this project's code say
 * nothing a maintainer fixing a file can use. Any other error keeps its stack: it is a fault to report.
 */
export function forBuildOutput(error: unknown): unknown {
  if (error instanceof PolicyError || error instanceof UsageError) error.stack = '';
  return error;
}
