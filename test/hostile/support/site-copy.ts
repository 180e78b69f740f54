/** A throwaway copy of this repository (full history plus the working tree) to build sites in, and a way to build them. */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../support/temp.ts';

/** The root of the repository the tests run in. */
export const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/**
 * Clones the repository into a new temporary folder, lays the current working tree over it (so uncommitted work is
 * what gets built) and links node_modules. With `workingTree: false` it is a clean clone of the committed HEAD.
 */
export function siteCopy(options: { workingTree?: boolean; prefix?: string } = {}): string {
  const dir = tempDir(options.prefix ?? 'policy-site-copy-');
  execFileSync('git', ['clone', '--quiet', repoRoot, dir]);
  if (options.workingTree ?? true) {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of files) {
      const from = path.join(repoRoot, file);
      if (!existsSync(from) || !lstatSync(from).isFile()) continue;
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      copyFileSync(from, path.join(dir, file));
    }
  }
  linkPackages(dir);
  return dir;
}

/** What in node_modules belongs to one build, not to the packages: Astro's cache (its content data store) and Vite's. */
const BUILD_OWN = new Set(['.astro', '.vite']);

/**
 * Gives the copy a node_modules of its own whose entries link to the repository's packages, all but the build caches:
 * builds running at once in two copies must not share Astro's data store (one build read the other's half-written
 * data-store.json through a node_modules linked whole). The project's own caches (.cache) stay shared: they are
 * written atomically and keyed by content and code.
 */
function linkPackages(dir: string): void {
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (!BUILD_OWN.has(name)) symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(modules, name));
  }
}

/** The outcome of one `astro build`. */
export interface BuildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  seconds: number;
}

/** A running build, with its process id (the leader of its own process group) and its outcome. */
export interface RunningBuild {
  pid: number;
  done: Promise<BuildResult>;
}

/** Starts `astro build` in `dir` with the project's Node first on the PATH, as npm scripts have it. */
export function startBuild(dir: string, env: Record<string, string> = {}): RunningBuild {
  const started = performance.now();
  const child = spawn(path.join(dir, 'node_modules', '.bin', 'astro'), ['build'], {
    cwd: dir,
    detached: true, // its own process group, so a test can kill the build and everything it started
    env: { ...process.env, PATH: `${path.join(dir, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, ASTRO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<BuildResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, output, seconds: (performance.now() - started) / 1000 }));
  });
  return { pid: child.pid!, done };
}

/** Builds the site in `dir` and resolves when the build has ended. */
export function buildSite(dir: string, env: Record<string, string> = {}): Promise<BuildResult> {
  return startBuild(dir, env).done;
}

/** Removes a folder made by siteCopy before the test file ends, to keep the disk small. */
export function removeCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
