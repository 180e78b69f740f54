#!/usr/bin/env node
/** The `policy` command line: one entry, a subcommand per job, each in scripts/commands/. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Start-up is most of a short command's time: parsing and compiling the unified, zod and yaml modules. Node keeps
// the compiled code (and the TypeScript with its types stripped) in this cache, so every run after the first starts
// about twice as fast. Everything else is imported after this line, dynamically, or it would be compiled before it.
// POLICY_START_CACHE chooses another folder for it and for the commands' bundles below (the bench starts from an empty
// one); NODE_DISABLE_COMPILE_CACHE=1 turns the compile cache off.
const root = path.join(import.meta.dirname, '..');
const startCache = process.env.POLICY_START_CACHE || path.join(root, 'node_modules', '.cache', 'policy-start');
module.enableCompileCache?.(path.join(startCache, 'compile'));

type Entry = import('./commands/main.ts').Entry;
type Command = import('./commands/command.ts').Command;

/**
 * The commands that run from one bundled file each (built with esbuild, as Vite pre-bundles dependencies, for the same
 * reason), by the name of the command's export in scripts/commands/<command>.ts. Resolving and loading their hundreds of
 * small modules one by one is most of a short run: `policy redline` loads ~450 of them (longer than the redline of a 1 MB
 * pair), `policy lint` markdownlint's, unified's, zod's and yaml's.
 */
const BUNDLED_COMMANDS: Record<string, string> = { lint: 'lint', redline: 'redline', series: 'series' };

/**
 * Loads `name` from its bundle, building it first when there is none or it is stale: a bundle is rebuilt whenever one of
 * the project's inputs, package-lock.json or what npm installed changed (size or time), so it never runs stale code; any
 * trouble (no esbuild, a read-only folder) falls back to the modules. POLICY_NO_BUNDLE=1 turns bundles off.
 */
async function commandBundle(name: string): Promise<Entry | undefined> {
  const exported = BUNDLED_COMMANDS[name];
  if (!exported || process.env.POLICY_NO_BUNDLE) return undefined;
  const folder = path.join(startCache, 'bundle');
  const bundle = path.join(folder, `${name}.mjs`);
  const manifest = path.join(folder, `${name}.inputs.json`);
  try {
    if (!isFresh(manifest)) await buildBundle(name, exported, folder, bundle, manifest);
    const built = (await import(pathToFileURL(bundle).href)) as Omit<Entry, 'commands'> & { command: Command };
    const { commands } = await import('./commands/index.ts');
    return { ...built, commands: { ...commands, [name]: { summary: commands[name]!.summary, load: async () => built.command } } };
  } catch {
    return undefined;
  }
}

/** Size and modification time of a file, to tell whether it changed. */
function signature(file: string): string {
  const stat = statSync(file);
  return `${stat.size}:${stat.mtimeMs}`;
}

/** What a bundle was built from: the project's folder (written into the bundle) and each input's signature, by path. */
interface BundleManifest {
  root: string;
  inputs: Record<string, string>;
}

/** Was the bundle built in this folder, and do its recorded inputs (and the lockfile) still have the size and time they had? */
function isFresh(manifest: string): boolean {
  try {
    const built = JSON.parse(readFileSync(manifest, 'utf8')) as BundleManifest;
    return built.root === root && Object.entries(built.inputs).every(([file, recorded]) => signature(path.join(root, file)) === recorded);
  } catch {
    return false;
  }
}

/** The name a bundle's entry (given as text, not a file) has in esbuild's list of inputs. */
const ENTRY_NAME = '<policy-command-entry>.ts';

/** Bundles command `name` with its error classes; writes the bundle, then the list of its inputs, each atomically. */
async function buildBundle(name: string, exported: string, folder: string, bundle: string, manifest: string): Promise<void> {
  const [esbuild, style] = await Promise.all([import('esbuild'), import('../src/lib/redline/style.ts')]);
  mkdirSync(folder, { recursive: true });
  const temp = `${bundle}.${process.pid}.tmp`;
  try {
    await writeBundle(esbuild, style, `export { ${exported} as command } from './scripts/commands/${name}.ts';`, temp, bundle, manifest);
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${manifest}.${process.pid}.tmp`, { force: true });
  }
}

/** The build itself (buildBundle cleans up after it). */
async function writeBundle(esbuild: typeof import('esbuild'), style: typeof import('../src/lib/redline/style.ts'), command: string, temp: string, bundle: string, manifest: string): Promise<void> {
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: [
        command,
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
    // A package's ES module build where it has one: jsonc-parser's CommonJS build is UMD, whose require() calls of its own
    // files esbuild cannot follow.
    mainFields: ['module', 'main'],
    // Some dependencies are CommonJS and call require(); an ES module has none of its own.
    banner: { js: `import { createRequire as __policyCreateRequire } from 'node:module'; const require = __policyCreateRequire(import.meta.url);` },
    // The bundle runs from the cache folder, where neither the standalone file's stylesheet nor the project's root can be
    // found from the module's own path.
    define: { ...style.stylesheetDefine(root), __POLICY_TOOL_ROOT__: JSON.stringify(root) },
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
    // (A node_modules reached through a symlink, as in a clone that shares the project's, is named from outside the root.)
    if (input !== ENTRY_NAME && !(dependencies && input.split('/').includes('node_modules'))) inputs[input] = signature(path.join(root, input));
  }
  renameSync(temp, bundle);
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ root, inputs } satisfies BundleManifest));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
}

const { moduleEntry, runPolicy } = await import('./commands/main.ts');
const { processIo } = await import('./commands/command.ts');
const entry = (await commandBundle(process.argv[2] ?? '')) || (await moduleEntry());
process.exitCode = await runPolicy(process.argv.slice(2), processIo(), entry);
