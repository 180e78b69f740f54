/**
 * The `policy` command line run in the test's own process: the same code as `scripts/policy.mjs` from argument
 * parsing to exit code, without paying a Node start and the loading of every module for each call (about a second
 * on the 2-core machines). The entry itself, signals and interrupts are tested with real processes (test/cli,
 * test/proposals/interrupt.test.ts).
 */
import type { CommandIo, Output } from '../../scripts/commands/command.ts';
import { moduleEntry, runPolicy } from '../../scripts/commands/main.ts';
import { setProcessEnv } from './process-env.ts';

/** What a run gives: its exit code and everything it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to run it: the folder it runs in, and environment variables to set for it. */
export interface CliOptions {
  cwd?: string;
  /** Set in process.env for the run and restored after: the library's git calls and temporary folders (TMPDIR) read it there. */
  env?: Record<string, string>;
}

/** An Output that keeps what is written. */
function buffer(): Output & { text: () => string } {
  const chunks: string[] = [];
  return {
    write(text, done) {
      chunks.push(text);
      done?.();
      return true;
    },
    text: () => chunks.join(''),
  };
}

/**
 * Runs `policy ...args` in-process. An error the command does not turn into a message (a bug) is reported as Node
 * reports an uncaught one: exit 1 with its stack on stderr, so a test that expects a clean message fails on it.
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const stdout = buffer();
  const stderr = buffer();
  const restoreEnv = setProcessEnv(options.env ?? {});
  const io: CommandIo = { cwd: options.cwd ?? '.', env: process.env, stdout, stderr };
  try {
    const code = await runPolicy(args, io, await moduleEntry());
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } catch (error) {
    return { code: 1, stdout: stdout.text(), stderr: `${stderr.text()}${(error as Error).stack ?? String(error)}\n` };
  } finally {
    restoreEnv();
  }
}
