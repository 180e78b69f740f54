#!/usr/bin/env node
/** The `policy` command line: one entry, a subcommand per job, each in scripts/commands/. */
import module from 'node:module';
import path from 'node:path';

// Start-up is most of a short command's time: parsing and compiling the unified, zod and yaml modules. Node keeps
// the compiled code (and the TypeScript with its types stripped) in this cache, so every run after the first starts
// about twice as fast. Everything else is imported after this line, dynamically, or it would be compiled before it.
// POLICY_START_CACHE chooses another folder for it and for the commands' bundles (scripts/commands/bundle.ts; the
// bench starts from an empty one); NODE_DISABLE_COMPILE_CACHE=1 turns the compile cache off.
const root = path.join(import.meta.dirname, '..');
const startCache = process.env.POLICY_START_CACHE || path.join(root, 'node_modules', '.cache', 'policy-start');
module.enableCompileCache?.(path.join(startCache, 'compile'));

const { moduleEntry, runPolicy } = await import('./commands/main.ts');
const { processIo } = await import('./commands/command.ts');
const { commandBundle } = await import('./commands/bundle.ts');
const args = process.argv.slice(2);
// The bundled commands run from their bundle (scripts/commands/bundle.ts); the others, or any when it fails, from the modules.
const bundled = await commandBundle(args[0] ?? '', startCache);
process.exitCode = await runPolicy(args, processIo(), bundled?.entry ?? (await moduleEntry()));
bundled?.afterRun(args.slice(1), process.exitCode);
