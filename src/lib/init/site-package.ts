/**
 * The package.json and package-lock.json of a new policy site, derived from this project's: a script is kept when the
 * files it names were copied and the programs it runs are still installed; a dev dependency is dropped when only
 * what stayed behind (tests, benches, the audit) uses it. Nothing here lists them by name, so neither goes stale.
 */

/** The fields of package.json this reads and writes; the rest is kept as it is. */
export interface PackageJson {
  name: string;
  description?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** One package of a lockfile (version 2 or 3), by its folder (`node_modules/a/node_modules/b`). */
export interface LockEntry {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string> | string;
  [field: string]: unknown;
}

/** package-lock.json: its packages by folder, the root being "". */
export interface Lockfile {
  name?: string;
  packages: Record<string, LockEntry>;
  [field: string]: unknown;
}

/** What a script does: the programs its commands run and the files they name. */
export interface ScriptParts {
  programs: string[];
  files: string[];
}

// A word of a command that names a file of the project: it has a folder or an extension ("scripts/policy.mjs").
const FILE_WORD = /^(?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.(?:[cm]?[jt]s|json|ya?ml)$|^[\w@.-]+(?:\/[\w@.-]+)+$/;

/** The programs and files of a package.json script (commands joined by &&, ||, ; or |, with VAR=value before them). */
export function scriptParts(script: string): ScriptParts {
  const parts: ScriptParts = { programs: [], files: [] };
  for (const command of script.split(/&&|\|\||[;|]/)) {
    const words = command.trim().split(/\s+/).filter(Boolean);
    // (environment assignments before the program are not the program)
    while (words[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift();
    const [program, ...args] = words;
    if (!program) continue;
    parts.programs.push(program);
    parts.files.push(...args.filter((word) => !word.startsWith('-') && !word.includes('://') && FILE_WORD.test(word)));
  }
  return parts;
}

// A module named where code loads it: from '…', import('…'), import '…', require('…'), require.resolve('…'),
// createRequire(…)('…'), or a triple-slash types reference. (A package's name in any other string is no use of it.)
const LOADED = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\.resolve\s*\(\s*|\)\s*\(\s*|\btypes\s*=\s*)['"]((?:@[\w.-]+\/)?[\w.-]+(?::)?)[^'"]*['"]/g;

/** Which of `names` (packages) `source` loads: `pkg` or `pkg/sub` (and @types/hast for `hast`, @types/node for `node:fs`). */
export function packagesLoaded(source: string, names: string[]): string[] {
  const loaded = new Set([...source.matchAll(LOADED)].map((match) => match[1]!));
  return names.filter((name) => loaded.has(name) || (name.startsWith('@types/') && loaded.has(typesOf(name))));
}

/** The module a @types package gives types to: @types/hast → hast, @types/node → node: (Node's own modules). */
function typesOf(name: string): string {
  const module = name.slice('@types/'.length);
  if (module === 'node') return 'node:';
  return module.includes('__') ? `@${module.replace('__', '/')}` : module;
}

/** The package that installs `program` as a binary, from the lockfile's top-level packages. */
export function packageOfProgram(lock: Lockfile, program: string): string | undefined {
  for (const [folder, entry] of Object.entries(lock.packages)) {
    if (!folder.startsWith('node_modules/') || folder.lastIndexOf('node_modules/') !== 0) continue;
    const name = folder.slice('node_modules/'.length);
    const bins = typeof entry.bin === 'string' ? [name.split('/').pop()!] : Object.keys(entry.bin ?? {});
    if (bins.includes(program)) return name;
  }
  return undefined;
}

/** What the new site's package is derived from: what the copied files and the files left behind use. */
export interface SiteUse {
  /** Packages the copied files use. */
  copied: Set<string>;
  /** Packages the files left behind (tests, benches, the audit, their configuration) use. */
  leftBehind: Set<string>;
  /** Whether the new site has this file (relative to its root). */
  has: (file: string) => boolean;
}

/** The new site's package.json: only the dev dependencies it uses, only the scripts it can run. */
export function sitePackage(pkg: PackageJson, lock: Lockfile, use: SiteUse): PackageJson {
  const dev = Object.keys(pkg.devDependencies ?? {});
  const needsOfPeers = (kept: string[]) => new Set(kept.flatMap((name) => requiredPeers(lock.packages[`node_modules/${name}`])));
  // A dev dependency goes when what stayed behind used it and nothing copied does, unless a kept package needs it as a peer.
  let kept = dev.filter((name) => use.copied.has(name) || !use.leftBehind.has(name));
  const peers = needsOfPeers([...Object.keys(pkg.dependencies ?? {}), ...kept]);
  kept = dev.filter((name) => kept.includes(name) || peers.has(name));
  const installed = new Set([...Object.keys(pkg.dependencies ?? {}), ...kept]);
  const runnable = (script: string) => {
    const { programs, files } = scriptParts(script);
    // A program no package installs is the system's (cd, git): only a package's program can have gone.
    return files.every(use.has) && programs.every((program) => {
      const owner = packageOfProgram(lock, program);
      return owner === undefined || installed.has(owner);
    });
  };
  const scripts = Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter(([, script]) => runnable(script)));
  return { ...pkg, scripts, devDependencies: Object.fromEntries(Object.entries(pkg.devDependencies ?? {}).filter(([name]) => installed.has(name))) };
}

/** The peer dependencies `entry` needs installed (not the optional ones). */
function requiredPeers(entry: LockEntry | undefined): string[] {
  return Object.keys(entry?.peerDependencies ?? {}).filter((name) => !entry?.peerDependenciesMeta?.[name]?.optional);
}

/** `lock` for `pkg`: its root as `pkg` declares it, and only the packages that root still reaches. */
export function pruneLock(lock: Lockfile, pkg: PackageJson): Lockfile {
  const { packages } = lock;
  const root: LockEntry = { ...packages[''], name: pkg.name, dependencies: pkg.dependencies ?? {}, devDependencies: pkg.devDependencies ?? {} };
  if (!Object.keys(root.dependencies!).length) delete root.dependencies;
  if (!Object.keys(root.devDependencies!).length) delete root.devDependencies;
  const reached = new Set<string>(['']);
  const queue: [string, LockEntry][] = [['', root]];
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [folder, entry] = next;
    const wanted = { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies, ...(folder === '' ? entry.devDependencies : {}) };
    for (const name of Object.keys(wanted)) {
      const found = resolveIn(packages, folder, name);
      if (found === undefined || reached.has(found)) continue;
      reached.add(found);
      queue.push([found, packages[found]!]);
    }
  }
  const kept = Object.fromEntries(Object.entries(packages).filter(([folder]) => folder !== '' && reached.has(folder)));
  return { ...lock, name: pkg.name, packages: { '': root, ...kept } };
}

/** The folder `name` resolves to from the package in `folder`, as Node looks it up: its own node_modules, then each one above. */
function resolveIn(packages: Record<string, LockEntry>, folder: string, name: string): string | undefined {
  let base = folder;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}
