/**
 * Bench: what this project adds to an Astro build.
 *
 * 1. A plain Astro project that renders the same pages' final HTML (taken from a build of the shipped site in this
 *    run: every page, as one .astro file each) with no history, redline or git work: the reference.
 * 2. The shipped site, cloned from this repository's HEAD, with two unreleased commits on top of its last release:
 *    a full build with an empty cache, a rebuild with nothing new, and a rebuild after one more commit that changes
 *    the policy.
 * 3. A synthetic repository of 100 releases of a 100 KB policy, with two unreleased commits on top: full build time
 *    and peak memory, then a rebuild after one more commit.
 * The unreleased commits make the build render the unreleased changes page and the marks on history and section
 * pages, as a site between two releases does; a commit after a release never changes an earlier release's pages.
 * Targets (2-core machine): full ≤ 1.3× plain; rebuild after one commit ≤ 1.1× the rebuild with nothing new;
 * synthetic < 60 s and < 2 GB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gitCounter, gitRuns } from './support/git-counter.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const nodeModules = path.join(projectRoot, 'node_modules');
const astroBin = path.join(nodeModules, '.bin', 'astro');
const GIT_ENV = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org', GIT_CONFIG_NOSYSTEM: '1' };

/** Time, processor time and peak memory of one build. */
interface BuildRun {
  seconds: number;
  /** User plus system time of the build and its children: less sensitive than wall time to other work on the machine. */
  cpuSeconds: number;
  peakMegabytes: number;
}

/**
 * Runs `astro build` in `root` (cache in `cacheDir`, output in a fresh folder, or `keep`); measures wall time and peak
 * RSS. With `gitCounterDir`, its counting git comes first on the PATH.
 */
function build(root: string, cacheDir: string, keep?: string, gitCounterDir?: string): BuildRun {
  // A fresh output in a folder of its own: the output is a link to the built site beside it.
  const outParent = keep ? undefined : mkdtempSync(path.join(tmpdir(), 'bench-out-'));
  const outDir = keep ?? path.join(outParent!, 'dist');
  const counted = gitCounterDir ? { PATH: `${gitCounterDir}${path.delimiter}${process.env.PATH ?? ''}` } : {};
  const env = { ...process.env, ...GIT_ENV, ...counted, ASTRO_TELEMETRY_DISABLED: '1', POLICY_OUT_DIR: outDir, POLICY_CACHE_DIR: cacheDir, POLICY_REPO: root };
  const started = performance.now();
  const useTime = existsSync('/usr/bin/time');
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', 'peak-kb %M cpu %U %S', astroBin, 'build', '--silent'], { cwd: root, env, encoding: 'utf8' })
    : spawnSync(astroBin, ['build', '--silent'], { cwd: root, env, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (outParent) rmSync(outParent, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`astro build failed in ${root}:\n${result.stdout}\n${result.stderr}`);
  const measured = /peak-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  return {
    seconds,
    cpuSeconds: measured ? Number(measured[2]) + Number(measured[3]) : Number.NaN,
    peakMegabytes: measured ? Number(measured[1]) / 1024 : Number.NaN,
  };
}

/**
 * Gives `root` a node_modules folder of its own whose entries link to this project's packages. Each project then
 * keeps its own Vite dependency cache (node_modules/.vite), as a checkout of its own would; one shared folder made
 * the plain and the shipped site re-optimise each other's dependencies on every build.
 */
function linkNodeModules(root: string): void {
  const own = path.join(root, 'node_modules');
  mkdirSync(own);
  for (const name of readdirSync(nodeModules)) {
    if (name === '.vite' || name === '.cache' || name === '.astro') continue;
    symlinkSync(path.join(nodeModules, name), path.join(own, name));
  }
}

/** The machine's load average over the last minute, to read the figures by. */
function load(): string {
  return loadavg()[0]!.toFixed(2);
}

/** The faster of `runs` builds, to damp noise from a busy machine. */
function bestOf(runs: number, run: () => BuildRun): BuildRun {
  const all = Array.from({ length: runs }, run);
  return all.reduce((best, current) => (current.seconds < best.seconds ? current : best));
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
}

/**
 * A plain Astro project rendering the pages of the built site `built` as they are: one .astro page per HTML file,
 * its final HTML as a string, sharing this project's node_modules. Its build is Astro's own cost for those pages.
 */
function makePlainSite(built: string): { root: string; pages: number } {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-plain-'));
  linkNodeModules(root);
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'plain', private: true, type: 'module' }));
  writeFileSync(path.join(root, 'astro.config.mjs'), "import { defineConfig } from 'astro/config';\nexport default defineConfig({ outDir: process.env.POLICY_OUT_DIR, trailingSlash: 'always', build: { format: 'directory' } });\n");
  const pages = (readdirSync(built, { recursive: true }) as string[]).filter((name) => name.endsWith('.html') && !name.startsWith('pagefind'));
  for (const name of pages) {
    const html = readFileSync(path.join(built, name), 'utf8').replace(/^<!doctype html>/i, '');
    const page = path.join(root, 'src', 'pages', name.replace(/\.html$/, '.astro'));
    mkdirSync(path.dirname(page), { recursive: true });
    writeFileSync(page, `---\nconst html = ${JSON.stringify(html)};\n---\n<Fragment set:html={html} />\n`);
  }
  return { root, pages: pages.length };
}

/** A full clone of this repository's HEAD (the committed project), with node_modules shared. */
export function cloneProject(): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'bench-site-')), 'site');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', projectRoot, root]);
  linkNodeModules(root);
  return root;
}

/** One more commit that changes the policy (an unreleased change): a paragraph added to section `file` of `root`. */
function commitUnreleased(root: string, file: string, what: string): void {
  const full = path.join(root, 'content', 'policy', file);
  writeFileSync(full, `${readFileSync(full, 'utf8').replace(/\n*$/, '\n')}\n${what}, committed by the bench after the last release.\n`);
  git(root, ['commit', '--quiet', '--signoff', '--all', '-m', `Bench: ${what.toLowerCase()}`]);
}

/** One more commit to the shipped policy. */
function commitOneChange(root: string, what = 'One more paragraph'): void {
  commitUnreleased(root, 'scope-of-this-process.md', what);
}

/** One more commit to the synthetic policy. */
function commitSyntheticChange(root: string, what = 'One more paragraph'): void {
  commitUnreleased(root, 'part-3.md', what);
}

const WORDS = 'vendor embargo advisory disclosure patch release member list security process team response mitigation deployment public notice'.split(' ');

/** A section body of about `bytes` bytes: paragraphs and a list, varied by `seed`. */
function sectionBody(seed: number, bytes: number): string {
  const paragraphs: string[] = [];
  let size = 0;
  let n = seed;
  while (size < bytes) {
    const words = Array.from({ length: 40 }, () => WORDS[(n = (n * 1103515245 + 12345) % 2147483648) % WORDS.length]);
    const paragraph = paragraphs.length % 4 === 3 ? words.slice(0, 24).map((word, i) => `-   ${word} item ${i}`).slice(0, 6).join('\n') : `${words.join(' ')}.`;
    paragraphs.push(paragraph);
    size += paragraph.length + 2;
  }
  return paragraphs.join('\n\n') + '\n';
}

/** Writes a synthetic policy into a clone of the project and commits `releases` releases of about 100 KB each. */
export function makeSyntheticRepo(releases: number): string {
  const root = cloneProject();
  // Only the policy: the shipped proposals belong to the Xen text and would measure something else.
  rmSync(path.join(root, 'content', 'policy'), { recursive: true, force: true });
  rmSync(path.join(root, 'content', 'proposals'), { recursive: true, force: true });
  mkdirSync(path.join(root, 'content', 'policy'));
  const sectionCount = 20;
  const bodies = Array.from({ length: sectionCount }, (_, i) => sectionBody(i + 1, 5000));
  const history: string[] = [];
  for (let release = 1; release <= releases; release++) {
    const version = `1.${release}`;
    const day = new Date(Date.UTC(2020, 0, 1) + release * 86_400_000).toISOString().slice(0, 10);
    // Each release edits two sections: a word replaced in one, a paragraph added to another.
    const a = release % (sectionCount - 1);
    const b = (release * 7) % (sectionCount - 1);
    bodies[a] = bodies[a]!.replace(/\b(vendor|embargo|patch)\b/, `revised-${release}`);
    bodies[b] = `${bodies[b]}\nParagraph added in release ${version}, about ${WORDS[release % WORDS.length]}.\n`;
    history.unshift(`-   **v${version} Jan 1st 2020:** Release ${version}`);
    for (let i = 0; i < sectionCount - 1; i++) {
      writeFileSync(path.join(root, 'content', 'policy', `part-${i + 1}.md`), `---\nid: part-${i + 1}\ntitle: Part ${i + 1}\norder: ${(i + 1) * 10}\n---\n\n${bodies[i]}`);
    }
    writeFileSync(path.join(root, 'content', 'policy', 'change-history.md'), `---\nid: change-history\ntitle: Change History\norder: 1000\n---\n\n${history.join('\n')}\n`);
    writeFileSync(path.join(root, 'content', 'policy.yaml'), `title: Synthetic Policy\nversion: "${version}"\ndate: "${day}"\n`);
    git(root, ['add', '--all', 'content']);
    git(root, ['commit', '--quiet', '-m', `Policy v${version}: Release ${version}`]);
  }
  return root;
}

/** Runs the bench and prints its figures. */
export default async function siteBuildBench(): Promise<void> {
  const folders: string[] = [];
  const temporary = (dir: string) => (folders.push(dir), dir);
  // SITE_BENCH=shipped or SITE_BENCH=synthetic runs one half only.
  const parts = process.env.SITE_BENCH ?? 'shipped,synthetic';
  try {
    if (parts.includes('shipped')) await shippedSite(temporary);
    if (parts.includes('synthetic')) syntheticSite(temporary);
  } finally {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall time, processor time and their ratios to the plain build. */
function describe(run: BuildRun, plain?: BuildRun): string {
  const ratios = plain ? `  = ${(run.seconds / plain.seconds).toFixed(2)} × plain (processor time ${(run.cpuSeconds / plain.cpuSeconds).toFixed(2)} ×)` : '';
  return `${run.seconds.toFixed(2)} s, processor ${run.cpuSeconds.toFixed(2)} s${ratios}`;
}

/** The shipped site beside a plain Astro project of the same pages: full build, a rebuild with nothing new, a rebuild after one commit. */
async function shippedSite(temporary: (dir: string) => string): Promise<void> {
  console.log(`site build: a plain Astro project of the same pages vs the shipped site with its version history and 2 unreleased commits (load average ${load()})`);
  const site = cloneProject();
  temporary(path.dirname(site));
  commitOneChange(site, 'A first unreleased paragraph');
  commitOneChange(site, 'A second unreleased paragraph');
  const built = temporary(mkdtempSync(path.join(tmpdir(), 'bench-built-')));
  build(site, temporary(mkdtempSync(path.join(tmpdir(), 'bench-cache-'))), built);
  const plain = makePlainSite(built);
  temporary(plain.root);
  const plainBuild = () => build(plain.root, temporary(mkdtempSync(path.join(tmpdir(), 'bench-cache-'))));
  const plainFirst = bestOf(2, plainBuild);

  const fullRun = bestOf(2, () => build(site, temporary(mkdtempSync(path.join(tmpdir(), 'bench-cache-')))));
  const warmCache = temporary(mkdtempSync(path.join(tmpdir(), 'bench-cache-')));
  // The build that fills the cache is not timed: it counts the git processes of a cold build, and of a rebuild.
  const counterLogs = temporary(mkdtempSync(path.join(tmpdir(), 'bench-git-log-')));
  const counter = temporary(gitCounter(path.join(counterLogs, 'cold')));
  build(site, warmCache, undefined, counter);
  const coldGit = gitRuns(path.join(counterLogs, 'cold'));
  const rebuildCounter = temporary(gitCounter(path.join(counterLogs, 'rebuild')));
  build(site, warmCache, undefined, rebuildCounter);
  const rebuildGit = gitRuns(path.join(counterLogs, 'rebuild'));
  const noChangeRun = bestOf(2, () => build(site, warmCache));
  commitOneChange(site);
  // Each try starts from the cache as the last build left it, so every try recomputes what the commit changed.
  const rebuildRun = bestOf(2, () => {
    const cache = temporary(mkdtempSync(path.join(tmpdir(), 'bench-cache-')));
    cpSync(warmCache, cache, { recursive: true });
    return build(site, cache);
  });
  // The plain build again at the end, so that a burst of load on the machine does not favour one side.
  const plainRun = [plainFirst, bestOf(2, plainBuild)].reduce((best, run) => (run.seconds < best.seconds ? run : best));
  console.log(`  plain Astro, same ${plain.pages} pages:  ${describe(plainRun)}`);
  console.log(`  full build, empty cache:         ${describe(fullRun, plainRun)}  (target ≤ 1.3)`);
  console.log(`  rebuild, nothing new:            ${describe(noChangeRun, plainRun)}`);
  console.log(`  git processes: ${coldGit} in a full build with an empty cache, ${rebuildGit} in a rebuild with nothing new`);
  console.log(`  rebuild after one commit:        ${describe(rebuildRun, plainRun)}; ${(rebuildRun.seconds / noChangeRun.seconds).toFixed(2)} × the rebuild with nothing new (processor time ${(rebuildRun.cpuSeconds / noChangeRun.cpuSeconds).toFixed(2)} ×; target ≤ 1.1)`);
  console.log(`  load average at the end: ${load()}`);
}

/** A full build of a synthetic repository of many releases of a 100 KB policy, with an empty cache. */
function syntheticSite(temporary: (dir: string) => string): void {
  const releases = Number(process.env.BENCH_RELEASES ?? 100);
  const started = performance.now();
  const synthetic = makeSyntheticRepo(releases);
  temporary(path.dirname(synthetic));
  commitSyntheticChange(synthetic, 'A first unreleased paragraph');
  commitSyntheticChange(synthetic, 'A second unreleased paragraph');
  const made = (performance.now() - started) / 1000;
  const size = execFileSync('du', ['-sb', path.join(synthetic, 'content')], { encoding: 'utf8' }).split('\t')[0];
  const cache = temporary(mkdtempSync(path.join(tmpdir(), 'bench-cache-')));
  console.log(`  synthetic: ${releases} releases of a ${(Number(size) / 1024).toFixed(0)} KB policy and 2 unreleased commits (made in ${made.toFixed(1)} s; load average ${load()})`);
  const syntheticRun = build(synthetic, cache);
  commitSyntheticChange(synthetic);
  const syntheticRebuild = build(synthetic, cache);
  console.log(`  synthetic full build:            ${describe(syntheticRun)}, peak ${syntheticRun.peakMegabytes.toFixed(0)} MB  (target < 60 s, < 2048 MB)`);
  console.log(`  synthetic rebuild after a commit: ${describe(syntheticRebuild)}, peak ${syntheticRebuild.peakMegabytes.toFixed(0)} MB`);
  console.log(`  load average at the end: ${load()}`);
}
