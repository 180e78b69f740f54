/**
 * Sites for the tests that build one of their own: a throwaway copy of this repository (full history plus the working
 * tree), or a small fixture site (this project's site code with a short policy history), and a way to build them.
 * Each has its own output folder and Astro cache; only the project's own caches, keyed by content, are shared.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copySite } from '../../../src/lib/init/scaffold.ts';
import { buildEnvironment } from '../../support/build-env.ts';
import { commitFiles, gitSync, tempDir } from '../../support/temp.ts';

/** The root of the repository the tests run in. */
export const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/**
 * Clones the repository into a new temporary folder, lays the current working tree in it (so uncommitted work is
 * what gets built) and links node_modules. The clone borrows the repository's objects (--shared) rather than linking
 * each of them, and checks nothing out: the working tree's files are copied in, and the index is the tip's.
 */
export function siteCopy(options: { prefix?: string } = {}): string {
  const dir = tempDir(options.prefix ?? 'policy-site-copy-');
  execFileSync('git', ['clone', '--quiet', '--shared', '--no-checkout', repoRoot, dir]);
  // A checkout on no branch (a bisect, a commit checked out to test) clones to no branch; a flow that commits and
  // switches back needs one.
  if (!readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8').startsWith('ref:')) execFileSync('git', ['switch', '-q', '-c', 'main'], { cwd: dir });
  execFileSync('git', ['read-tree', 'HEAD'], { cwd: dir });
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(repoRoot, file);
    if (!existsSync(from) || !lstatSync(from).isFile()) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(from, path.join(dir, file));
  }
  linkPackages(dir);
  return dir;
}

/** One commit of a fixture site's policy: the files it writes (path → text) and its message. */
interface FixtureCommit {
  files: Record<string, string>;
  message: string;
}

/** The metadata file of a fixture policy at `version`, with a lead and the optional fields a real policy has. */
function fixtureMetadata(version: string, date: string): string {
  return `title: Fixture Security Policy\nshortTitle: Fixture policy\norganisation: Fixture Project\nversion: "${version}"\ndate: "${date}"\nlead: "How to report a vulnerability, and what happens next: see [Change History](#change-history)."\nlicense: CC BY 4.0\n`;
}

/** A section file of a fixture policy. */
function fixtureSection(id: string, title: string, order: number, body: string): string {
  return `---\nid: ${id}\ntitle: ${title}\norder: ${order}\n---\n\n${body}`;
}

/**
 * Two releases of a short policy, with what gives each page type its kinds of content: a nested list, a table, a
 * link, emphasis, and a Change History whose entries name the releases. 1.1 changes words, a list item and a row.
 */
const FIXTURE_RELEASES: FixtureCommit[] = [
  ['1.0', '2024-01-15', 'First release', 'security@example.org', 'Three working days', '- **v1.0 Jan 15th 2024:** First release\n'],
  ['1.1', '2024-03-01', 'Shorter response time', 'security@fixture.example.org', 'Two working days', '- **v1.1 Mar 1st 2024:** Shorter response time\n- **v1.0 Jan 15th 2024:** First release\n'],
].map(([version, date, summary, address, delay, history]) => ({
  message: `Policy v${version}: ${summary}`,
  files: {
    'content/policy.yaml': fixtureMetadata(version!, date!),
    'content/policy/introduction.md': fixtureSection('introduction', 'Introduction', 10, `Software has bugs.\nWe want to hear about the ones with *security* implications, and we will treat reporters with respect.\n\nThis policy covers the [Fixture Project](https://fixture.example.org/) and its releases.\n`),
    'content/policy/reporting.md': fixtureSection('reporting', 'Reporting a vulnerability', 20, `Write to ${address} with:\n\n1. what is affected;\n2. how to reproduce it:\n    - the version;\n    - the configuration;\n3. whether it is public.\n\n| Step | Within |\n| --- | --- |\n| Acknowledgement | ${delay} |\n| Assessment | Two weeks |\n`),
    'content/policy/change-history.md': fixtureSection('change-history', 'Change History', 90, history!),
  },
}));

/**
 * A fixture site in a new temporary folder: the working tree's site code (as `policy init` copies it) committed
 * first, then the two releases of FIXTURE_RELEASES, on branch main. A build of it costs little more
 * than Astro's fixed cost, where the shipped site's history costs twice that: for tests whose point holds on any site.
 */
export async function fixtureSite(options: { prefix?: string } = {}): Promise<string> {
  const dir = tempDir(options.prefix ?? 'policy-fixture-site-');
  gitSync(dir, ['init', '-q', '-b', 'main']);
  await copySite(repoRoot, dir, 'policy-fixture-site');
  copyFileSync(path.join(repoRoot, 'site.yaml'), path.join(dir, 'site.yaml'));
  gitSync(dir, ['add', '-A']);
  gitSync(dir, ['commit', '-q', '-m', "The site's code"]);
  for (const commit of FIXTURE_RELEASES) commitFiles(dir, commit.files, commit.message);
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
    env: { ...buildEnvironment(), PATH: `${path.join(dir, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, ASTRO_TELEMETRY_DISABLED: '1', ...env },
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
