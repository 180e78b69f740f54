/**
 * Commands run from one bundled file each, built with esbuild (as Vite pre-bundles dependencies, for the same reason):
 * resolving and loading hundreds of small modules one by one is most of a short run (`policy redline` loads ~450 of
 * them, longer than the redline of a 1 MB pair; `policy lint` markdownlint's, unified's, zod's and yaml's). A bundle is
 * rebuilt whenever one of the project's inputs, package-lock.json or what npm installed changed (size or time), so it
 * never runs stale code; any trouble (no esbuild, a read-only folder) falls back to the modules.
 *
 * A bundle is loaded through V8 with a code cache written after its first full run, so the cache holds every function
 * that run compiled. Node's own compile cache (on for everything else, scripts/policy.mjs) is written right after a
 * module is compiled and so holds only its top level: the functions a run calls are compiled again on every start.
 * On the loaded 2-core machine, `policy lint` took 0.82-0.85 s CPU so, 0.99-1.02 s with Node's cache (taken in turns).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { writeFileAtomicallySync } from '../../src/lib/write-atomically.ts';
import type { Command } from './command.ts';
import type { Entry } from './main.ts';

/** The commands that run from a bundle, each with its export in scripts/commands/<command>.ts (`import` is a keyword). */
const BUNDLED_COMMANDS = new Map([
  ['import', 'importCommand'],
  ['lint', 'lint'],
  ['redline', 'redline'],
  ['release', 'release'],
  ['series', 'series'],
]);

/** A command's entry from its bundle, and what is to be done once it has run. */
export interface BundledEntry {
  entry: Entry;
  /** Writes the code cache when there is none (or V8 refused it), after a run that did the command's work. */
  afterRun(args: string[], exitCode: number): void;
}

/** The project's root: where the inputs are, and what the bundle writes in for the modules that read files there. */
const root = path.join(import.meta.dirname, '..', '..');

/**
 * Loads command `name` from its bundle in `startCache`/bundle, building it first when there is none or it is stale;
 * undefined when the command has no bundle, POLICY_NO_BUNDLE=1 turns bundles off, or the bundle cannot be had.
 */
export async function commandBundle(name: string, startCache: string): Promise<BundledEntry | undefined> {
  const exported = BUNDLED_COMMANDS.get(name);
  if (!exported || process.env.POLICY_NO_BUNDLE) return undefined;
  const folder = path.join(startCache, 'bundle');
  const bundle = path.join(folder, `${name}.cjs`);
  const manifest = path.join(folder, `${name}.inputs.json`);
  const codeCache = path.join(folder, `${name}.v8-cache`);
  try {
    // (A manifest without its bundle is what a cache made before the bundles were CommonJS holds: built again too.)
    if (!isFresh(manifest) || !existsSync(bundle)) await buildBundle(name, exported, folder, bundle, manifest, codeCache);
    const { built, script, cacheUsed } = runBundle(bundle, codeCache);
    const { commands } = await import('./index.ts');
    const entry: Entry = { ...built, commands: { ...commands, [name]: { summary: commands[name]!.summary, load: async () => built.command } } };
    return {
      entry,
      afterRun(args, exitCode) {
        // A run that only printed help or refused its options compiled little of the command: its cache would be poor.
        if (cacheUsed || exitCode === 2 || args.includes('--help') || args.includes('-h')) return;
        try {
          writeFileAtomicallySync(codeCache, script.createCachedData());
        } catch {
          // A folder that cannot be written (read-only, full): the next run compiles as this one did.
        }
      },
    };
  } catch {
    return undefined;
  }
}

/** Runs the bundle's code (a CommonJS module) with the code cache when V8 accepts it. */
function runBundle(bundle: string, codeCache: string): { built: Omit<Entry, 'commands'> & { command: Command }; script: vm.Script; cacheUsed: boolean } {
  const cachedData = existsSync(codeCache) ? readFileSync(codeCache) : undefined;
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Omit<Entry, 'commands'> & { command: Command } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return { built: module.exports, script, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
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

/** string-width's Intl.Segmenter as it is made when the module loads, which the plugin below defers to its first use. */
const EAGER_SEGMENTER = 'const segmenter = new Intl.Segmenter();';

/**
 * string-width (which markdownlint loads for its table rule) makes an Intl.Segmenter when it is loaded: 17-27 ms of ICU
 * on every start of lint, which measures the width of table cells only where a table is. In the bundle it is made on
 * first use; a string-width without that line is bundled as it is.
 */
const lazySegmenter: import('esbuild').Plugin = {
  name: 'lazy-segmenter',
  setup(build) {
    build.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(EAGER_SEGMENTER)) return undefined;
      return { contents: text.replace(EAGER_SEGMENTER, 'let madeSegmenter; const segmenter = { segment: (text) => (madeSegmenter ??= new Intl.Segmenter()).segment(text) };'), loader: 'js' };
    });
  },
};

/** The name a bundle's entry (given as text, not a file) has in esbuild's list of inputs. */
const ENTRY_NAME = '<policy-command-entry>.ts';

/** Bundles the command (export `exported` of scripts/commands/`name`.ts) with its error classes; writes the bundle, then the list of its inputs. */
async function buildBundle(name: string, exported: string, folder: string, bundle: string, manifest: string, codeCache: string): Promise<void> {
  const [esbuild, style] = await Promise.all([import('esbuild'), import('../../src/lib/redline/style.ts')]);
  mkdirSync(folder, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    stdin: {
      contents: [
        `export { ${exported} as command } from './scripts/commands/${name}.ts';`,
        `export { PolicyError, UsageError } from './src/lib/errors.ts';`,
        `export { GitError, GitStoppedError } from './src/lib/git.ts';`,
        `export { HelpRequest } from './scripts/commands/options.ts';`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: ENTRY_NAME,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    // CommonJS, which vm.Script runs with a code cache of its own (an ES module's cache is Node's, see above).
    format: 'cjs',
    // import() becomes require(): a script run by vm.Script has no loader of its own for import() (Node's default one is
    // experimental there, and says so on standard error).
    supported: { 'dynamic-import': false },
    // No syntax lowered: the bundle runs on the Node that built it. esbuild's tables do not know that Node has the /v
    // regular expression flag, and rewrote string-width's three /v literals into RegExp constructor calls, which parse
    // their Unicode sets on every start (17-40 ms against 3-6 ms for the literals).
    target: 'esnext',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Less text to read and hash on every start; identifiers stay, so stack traces still name their functions.
    minifyWhitespace: true,
    minifySyntax: true,
    // A package's ES module build where it has one: jsonc-parser's CommonJS build is UMD, whose require() calls of its own
    // files esbuild cannot follow.
    mainFields: ['module', 'main'],
    plugins: [lazySegmenter],
    // The bundle runs from the cache folder, where neither the standalone file's stylesheet nor the project's root can be
    // found from the module's own path (import.meta is empty in CommonJS: the tool root is written in instead).
    define: { ...style.stylesheetDefine(root), __POLICY_TOOL_ROOT__: JSON.stringify(root) },
  });
  const inputs: Record<string, string> = {
    // This file too: it writes the entry and the build's options.
    [path.relative(root, import.meta.filename)]: signature(import.meta.filename),
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
  // The old code cache goes first: V8 would refuse it for the new code anyway, and the next full run writes one. So does
  // an ES module bundle of the command, which entries before the CommonJS bundles wrote and nothing reads any more.
  rmSync(codeCache, { force: true });
  rmSync(path.join(folder, `${name}.mjs`), { force: true });
  writeFileAtomicallySync(bundle, result.outputFiles[0]!.contents);
  writeFileAtomicallySync(manifest, JSON.stringify({ root, inputs } satisfies BundleManifest));
}
