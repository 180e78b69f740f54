#!/usr/bin/env node
/** The `policy` command line: one entry, a subcommand per job, each in scripts/commands/. */
import { PolicyError, UsageError } from '../src/lib/errors.ts';
import { GitError } from '../src/lib/git.ts';
import { commands } from './commands/index.ts';

/** Prints the list of subcommands. */
function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `usage: policy <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "policy <command> --help" for a command's options.`;
}

/** Runs one subcommand and turns its errors into messages and exit codes. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`policy: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    if (error instanceof PolicyError) {
      console.error(error.message);
      return error.exitCode;
    }
    if (error instanceof UsageError || error instanceof GitError) {
      console.error(`policy ${name}: ${error.message}`);
      return error instanceof UsageError ? error.exitCode : 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
