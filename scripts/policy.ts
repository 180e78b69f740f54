#!/usr/bin/env node
/** The `policy` command line: one entry, a subcommand per job, each in scripts/commands/. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Start-up is most of a short command's time: parsing and compiling the unified, zod and yaml modules. Node keeps
// the compiled code (and the TypeScript with its types stripped) in this cache, so every run after the first starts
// about twice as fast. Everything else is imported after this line, dynamically, or it would be compiled before it.
// POLICY_START_CACHE chooses another folder for it and for the redline bundle below (the bench starts from an empty
// one); NODE_DISABLE_COMPILE_CACHE=1 turns the compile cache off.
const root = path.join(import.meta.dirname, '..');
const startCache = process.env.POLICY_START_CACHE || path.join(root, 'node_modules', '.cache', 'policy-start');
module.enableCompileCache?.(path.join(startCache, 'compile'));

/** What the entry needs: the error classes it maps to exit codes, and the command to run. */
interface Entry {
  PolicyError: typeof import('../src/lib/errors.ts').PolicyError;
  UsageError: typeof import('../src/lib/errors.ts').UsageError;
  GitError: typeof import('../src/lib/git.ts').GitError;
  HelpRequest: typeof import('./commands/options.ts').HelpRequest;
  commands: typeof import('./commands/index.ts').commands;
}

/** The modules as they are, one by one (every command but redline, and redline when its bundle cannot be had). */
async function moduleEntry(): Promise<Entry> {
  const [{ PolicyError, UsageError }, { GitError }, { HelpRequest }, { commands }] = await Promise.all([
    import('../src/lib/errors.ts'),
    import('../src/lib/git.ts'),
    import('./commands/options.ts'),
    import('./commands/index.ts'),
  ]);
  return { PolicyError, UsageError, GitError, HelpRequest, commands };
}

/**
 * `policy redline` from one bundled file (built with esbuild, as Vite pre-bundles dependencies, for the same reason):
 * resolving and loading its ~450 small modules one by one took longer than the redline of a 1 MB pair. The bundle is
 * rebuilt whenever one of the project's inputs, package-lock.json or what npm installed changed (size or time), so it
 * never runs stale code; any trouble (no esbuild, a read-only folder) falls back to the modules. POLICY_NO_BUNDLE=1
 * turns it off.
 */
async function redlineBundle(): Promise<Entry | undefined> {
  if (process.env.POLICY_NO_BUNDLE) return undefined;
  const folder = path.join(startCache, 'bundle');
  const bundle = path.join(folder, 'redline.mjs');
  const manifest = path.join(folder, 'redline.inputs.json');
  try {
    if (!isFresh(manifest)) await buildBundle(folder, bundle, manifest);
    const built = (await import(pathToFileURL(bundle).href)) as Omit<Entry, 'commands'> & { redline: import('./commands/command.ts').Command };
    const { commands } = await import('./commands/index.ts');
    return { ...built, commands: { ...commands, redline: { summary: commands.redline!.summary, load: async () => built.redline } } };
  } catch {
    return undefined;
  }
}

/** Size and modification time of a file, to tell whether it changed. */
function signature(file: string): string {
  const stat = statSync(file);
  return `${stat.size}:${stat.mtimeMs}`;
}

/** Do the bundle's recorded inputs (and the lockfile) still have the size and time they had when it was built? */
function isFresh(manifest: string): boolean {
  try {
    const inputs = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>;
    return Object.entries(inputs).every(([file, recorded]) => signature(path.join(root, file)) === recorded);
  } catch {
    return false;
  }
}

/** The name the bundle's entry (given as text, not a file) has in esbuild's list of inputs. */
const ENTRY_NAME = '<policy-redline-entry>.ts';

/** Bundles the redline command with its error classes; writes the bundle, then the list of its inputs, each atomically. */
async function buildBundle(folder: string, bundle: string, manifest: string): Promise<void> {
  const [esbuild, style] = await Promise.all([import('esbuild'), import('../src/lib/redline/style.ts')]);
  mkdirSync(folder, { recursive: true });
  const temp = `${bundle}.${process.pid}.tmp`;
  try {
    await writeBundle(esbuild, style, temp, bundle, manifest);
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${manifest}.${process.pid}.tmp`, { force: true });
  }
}

/** The build itself (buildBundle cleans up after it). */
async function writeBundle(esbuild: typeof import('esbuild'), style: typeof import('../src/lib/redline/style.ts'), temp: string, bundle: string, manifest: string): Promise<void> {
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: [
        `export { redline } from './scripts/commands/redline.ts';`,
        `export { PolicyError, UsageError } from './src/lib/errors.ts';`,
        `export { GitError } from './src/lib/git.ts';`,
        `export { HelpRequest } from './scripts/commands/options.ts';`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: ENTRY_NAME,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile: temp,
    metafile: true,
    logLevel: 'silent',
    // Less text to read and hash on every start; identifiers stay, so stack traces still name their functions.
    minifyWhitespace: true,
    minifySyntax: true,
    // Some dependencies are CommonJS and call require(); an ES module has none of its own.
    banner: { js: `import { createRequire as __policyCreateRequire } from 'node:module'; const require = __policyCreateRequire(import.meta.url);` },
    // The bundle runs from the cache folder, where the standalone file's stylesheet cannot be read beside the module.
    define: style.stylesheetDefine(root),
  });
  const inputs: Record<string, string> = {
    'package-lock.json': signature(path.join(root, 'package-lock.json')),
    [style.REDLINE_STYLESHEET_FILE]: signature(path.join(root, style.REDLINE_STYLESHEET_FILE)),
  };
  // The dependencies' files (nine in ten of the inputs, a stat each on every start) are stood for by npm's own record of
  // what it installed, which every npm install, update or ci rewrites.
  const installed = path.join('node_modules', '.package-lock.json');
  const dependencies = existsSync(path.join(root, installed));
  if (dependencies) inputs[installed] = signature(path.join(root, installed));
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input !== ENTRY_NAME && !(dependencies && input.startsWith('node_modules/'))) inputs[input] = signature(path.join(root, input));
  }
  renameSync(temp, bundle);
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify(inputs));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
}

const { PolicyError, UsageError, GitError, HelpRequest, commands } = (process.argv[2] === 'redline' && (await redlineBundle())) || (await moduleEntry());

/** Prints the list of subcommands. */
function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `usage: policy <command> [options]\n       policy --version\n\ncommands:\n${lines.join('\n')}\n\nRun "policy <command> --help" for a command's options.\nExit status, for every command: 0 done, 1 findings or changes, 2 bad input or a refusal.`;
}

/** Runs one subcommand and turns its errors into messages and exit codes. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    console.log(`policy ${version}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`policy: unknown command "${name}"; the commands are ${Object.keys(commands).join(', ')} (run "policy --help")`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    if (error instanceof HelpRequest) {
      console.log(error.text);
      return 0;
    }
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
