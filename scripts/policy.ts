#!/usr/bin/env node
/** The `policy` command line: one entry, a subcommand per job, each in scripts/commands/. */
import module from 'node:module';
import path from 'node:path';

// Start-up is most of a short command's time: parsing and compiling the unified, zod and yaml modules. Node keeps
// the compiled code (and the TypeScript with its types stripped) in this cache, so every run after the first starts
// about twice as fast. Everything else is imported after this line, dynamically, or it would be compiled before it.
// POLICY_COMPILE_CACHE chooses another folder (the bench starts from an empty one); NODE_DISABLE_COMPILE_CACHE=1 turns
// it off.
module.enableCompileCache?.(process.env.POLICY_COMPILE_CACHE || path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'node-compile-cache'));

const [{ PolicyError, UsageError }, { GitError }, { commands }] = await Promise.all([
  import('../src/lib/errors.ts'),
  import('../src/lib/git.ts'),
  import('./commands/index.ts'),
]);

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
