/**
 * `policy <command> ...` as a function: picks the subcommand, runs it in the given folder with the given streams and
 * turns its errors into messages and the exit code. The process entry (scripts/policy.ts) and the tests that run the
 * command line in-process both call it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { println, type CommandIo } from './command.ts';

/** What a run needs: the error classes it maps to exit codes, and the commands (the redline bundle brings its own copies). */
export interface Entry {
  PolicyError: typeof import('../../src/lib/errors.ts').PolicyError;
  UsageError: typeof import('../../src/lib/errors.ts').UsageError;
  GitError: typeof import('../../src/lib/git.ts').GitError;
  GitStoppedError: typeof import('../../src/lib/git.ts').GitStoppedError;
  HelpRequest: typeof import('./options.ts').HelpRequest;
  commands: typeof import('./index.ts').commands;
}

/** The modules as they are, one by one (every command but redline, and redline when its bundle cannot be had). */
export async function moduleEntry(): Promise<Entry> {
  const [{ PolicyError, UsageError }, { GitError, GitStoppedError }, { HelpRequest }, { commands }] = await Promise.all([
    import('../../src/lib/errors.ts'),
    import('../../src/lib/git.ts'),
    import('./options.ts'),
    import('./index.ts'),
  ]);
  return { PolicyError, UsageError, GitError, GitStoppedError, HelpRequest, commands };
}

/** The list of subcommands, for `policy --help`. */
function usage(commands: Entry['commands']): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `usage: policy <command> [options]\n       policy --version\n\ncommands:\n${lines.join('\n')}\n\nRun "policy <command> --help" for a command's options.\nExit status, for every command: 0 done, 1 findings or changes, 2 bad input or a refusal.`;
}

/** Runs `policy` with `argv` (the words after "policy"); resolves to the exit code. An error that is not the user's is thrown. */
export async function runPolicy(argv: string[], io: CommandIo, entry: Entry): Promise<number> {
  const { PolicyError, UsageError, GitError, GitStoppedError, HelpRequest, commands } = entry;
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    const { version } = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    println(io.stdout, `policy ${version}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // Asked for, the usage is the answer (standard output, 0); with no command given, it is a usage error's message.
    println(name ? io.stdout : io.stderr, usage(commands));
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    // (loaded only for a mistyped command: every run loads this module)
    const { didYouMean } = await import('./suggest.ts');
    // A mistyped option of policy itself is near its own options, not its commands.
    const near = didYouMean(name, name.startsWith('-') ? ['--version', '--help'] : Object.keys(commands), (command) => `"${command}"`);
    println(io.stderr, `policy: unknown command "${name}"${near}; the commands are ${Object.keys(commands).join(', ')} (run "policy --help")`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (error) {
    if (error instanceof HelpRequest) {
      println(io.stdout, error.text);
      return 0;
    }
    if (error instanceof PolicyError) {
      println(io.stderr, error.message);
      return error.exitCode;
    }
    if (error instanceof UsageError || error instanceof GitError || error instanceof GitStoppedError) {
      println(io.stderr, `policy ${name}: ${error.message}`);
      return error instanceof UsageError ? error.exitCode : 2;
    }
    throw error;
  }
}
