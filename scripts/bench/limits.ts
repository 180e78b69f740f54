/**
 * Bench: the worst inputs each command documents, run as the user runs them (one `policy` process each), with wall
 * time and peak memory (resident set, from /usr/bin/time). Each must end in seconds with a clear message (refused or
 * reported coarse), never run for minutes or gigabytes; the limits are in docs/contributing.md (PL010) and
 * docs/redline.md. Target (2-core machine, idle): each under 10 s and 1 GB; processor time (user + system) is printed beside wall
 * time, as a busy machine stretches the wall time.
 *
 * The three inputs past the Markdown limits (a table of 30,000 columns; a list nested 10,000 deep in a 100 MB file;
 * a 20 MB section) go through every command: lint, redline (as the new side), import (as a patch) and the site build
 * (in a clone of this repository, as a section of its working tree), each refused with the file and the limit.
 * Besides: redline of a 1 MB paragraph with every word changed and of 5 MB of tables with every tenth cell changed
 * (JSON, reported coarse where it had to be), and import of an mbox of 500 mails (the most import reads).
 * BENCH_LIMITS_BUILD=0 leaves out the builds (each starts Astro: the slowest part of this bench).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cloneProject } from './site-build.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(projectRoot, 'scripts', 'policy.mjs');

/** A policy folder with extra sections whose bodies are `bodies` (one section may hold at most 1 MiB). */
function policyWith(dir: string, ...bodies: string[]): string {
  mkdirSync(path.join(dir, 'content', 'policy'), { recursive: true });
  writeFileSync(path.join(dir, 'content', 'policy.yaml'), 'title: Bench policy\nversion: "1.0"\ndate: "2024-01-01"\n');
  writeFileSync(path.join(dir, 'content', 'policy', 'introduction.md'), '---\nid: introduction\ntitle: Introduction\norder: 1\n---\n\nThe policy.\n');
  for (const [index, body] of bodies.entries()) writeFileSync(path.join(dir, 'content', 'policy', `worst-${index}.md`), `---\nid: worst-${index}\ntitle: Worst ${index}\norder: ${index + 2}\n---\n\n${body}\n`);
  return dir;
}

/** Runs `command args` under /usr/bin/time; returns wall seconds, peak megabytes, exit code and the first line it printed. */
function measureCommand(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { seconds: number; cpuSeconds: number; megabytes: number; code: number | null; said: string } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'peak-kb %M cpu %U %S', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const peak = /peak-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  // The line that says why: a refusal names a limit; otherwise the first thing printed.
  const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('peak-kb'));
  const said = lines.find((line) => /limit|at most|refus/i.test(line)) ?? lines[0] ?? '';
  return { seconds, cpuSeconds: peak ? Number(peak[2]) + Number(peak[3]) : Number.NaN, megabytes: peak ? Number(peak[1]) / 1024 : Number.NaN, code: result.status, said: said.length > 150 ? `${said.slice(0, 147)}...` : said };
}

/** Runs `policy args` as one process, measured. */
function measure(args: string[], cwd: string): ReturnType<typeof measureCommand> {
  return measureCommand(process.execPath, [cli, ...args], cwd);
}

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org', GIT_CONFIG_NOSYSTEM: '1' };
const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }).trim();

/** A repository holding the bench policy, and the mbox of one patch that adds a section whose body is `body`, with its base-commit. */
function seriesAdding(dir: string, body: string): string {
  policyWith(dir);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Bench policy']);
  const base = git(dir, ['rev-parse', 'HEAD']);
  policyWith(dir, body);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-s', '-m', 'Add the worst section']);
  const mbox = path.join(dir, 'worst.mbox');
  writeFileSync(mbox, git(dir, ['format-patch', '--stdout', `--base=${base}`, '-1']));
  git(dir, ['reset', '-q', '--hard', base]);
  return mbox;
}

const words = (count: number, mark: string) => Array.from({ length: count }, (_, index) => `${mark}${index}`).join(' ');
const tables = (rows: number, changed: boolean) =>
  Array.from({ length: Math.ceil(rows / 50) }, (_, table) =>
    ['| a | b | c | d | e | f | g | h | i | j |', '|---|---|---|---|---|---|---|---|---|---|', ...Array.from({ length: 50 }, (_, row) => `| ${Array.from({ length: 10 }, (_, cell) => (changed && cell === (row + table) % 10 ? `new${row}` : `cell${table}-${row}-${cell}`)).join(' | ')} |`)].join('\n'),
  ).join('\n\n');

/** The mbox of `count` one-patch mails (each adds a line), as many as policy import reads. */
function manyMails(count: number): string {
  return Array.from({ length: count }, (_, index) => `From 0 Mon Sep 17 00:00:00 2001\nFrom: Bench <bench@example.org>\nDate: Tue, 2 Jan 2024 00:00:00 +0000\nSubject: [PATCH ${index + 1}/${count}] x\n\n---\ndiff --git a/content/policy/introduction.md b/content/policy/introduction.md\n--- a/content/policy/introduction.md\n+++ b/content/policy/introduction.md\n@@ -1 +1,2 @@\n x\n+y\n`).join('\n');
}

/** One line of the table: what ran, its wall time, peak memory, exit code and what it said. */
function report(name: string, { seconds, cpuSeconds, megabytes, code, said }: ReturnType<typeof measureCommand>): void {
  console.log(`${name.padEnd(48)} ${seconds.toFixed(1).padStart(6)} s ${cpuSeconds.toFixed(1).padStart(6)} s cpu ${megabytes.toFixed(0).padStart(6)} MB  exit ${code}  ${said}`);
}

/**
 * `astro build` of a clone of this repository whose working tree gains each worst section in turn: the build must
 * stop at the policy's limits, naming the file, before rendering anything.
 */
function buildCases(work: string, worst: Record<string, string>): void {
  const root = cloneProject();
  try {
    const section = path.join(root, 'content', 'policy', 'worst-0.md');
    for (const [what, body] of Object.entries(worst)) {
      writeFileSync(section, `---\nid: worst-0\ntitle: Worst\norder: 999\n---\n\n${body}\n`);
      const env = { ...GIT_ENV, ASTRO_TELEMETRY_DISABLED: '1', POLICY_OUT_DIR: path.join(work, 'build-out', 'dist'), POLICY_CACHE_DIR: path.join(work, 'build-cache'), POLICY_REPO: root };
      report(`build: ${what}`, measureCommand(path.join(root, 'node_modules', '.bin', 'astro'), ['build', '--silent'], root, env));
    }
  } finally {
    rmSync(path.dirname(root), { recursive: true, force: true });
  }
}

export default function bench(): void {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-limits-'));
  try {
    const worst = {
      'table of 30,000 columns': `${'| a '.repeat(30_000)}|\n${'| - '.repeat(30_000)}|\n${'| b '.repeat(30_000)}|`,
      '100 MB nested list': Array.from({ length: 10_000 }, (_, depth) => `${' '.repeat(depth % 4000)}- item ${'x'.repeat(9_000)}`).join('\n'),
      '20 MB section': 'word '.repeat(4 * 1024 * 1024),
    };
    const cases: Array<{ name: string; args: (dir: string) => string[]; setup: (dir: string) => void; cwd?: (dir: string) => string }> = [];
    for (const [what, body] of Object.entries(worst)) {
      cases.push(
        { name: `lint: ${what}`, setup: (dir) => void policyWith(dir, body), args: (dir) => ['lint', dir] },
        { name: `redline: ${what}`, setup: (dir) => (policyWith(path.join(dir, 'old')), policyWith(path.join(dir, 'new'), body)), args: (dir) => ['redline', path.join(dir, 'old'), path.join(dir, 'new'), '--format', 'json', '-o', path.join(dir, 'out.json')] },
        // In a repository of its own, never this one.
        { name: `import: ${what}`, setup: (dir) => void seriesAdding(dir, body), args: (dir) => ['import', path.join(dir, 'worst.mbox')], cwd: (dir) => dir },
      );
    }
    cases.push(
      {
        name: 'redline: 1 MB paragraph, every word changed',
        setup: (dir) => (policyWith(path.join(dir, 'old'), words(110_000, 'a')), policyWith(path.join(dir, 'new'), words(110_000, 'b'))),
        args: (dir) => ['redline', path.join(dir, 'old'), path.join(dir, 'new'), '--format', 'json', '-o', path.join(dir, 'out.json')],
      },
      {
        name: 'redline: 5 MB of tables, every tenth cell changed',
        setup: (dir) => (policyWith(path.join(dir, 'old'), ...Array.from({ length: 6 }, () => tables(4_700, false))), policyWith(path.join(dir, 'new'), ...Array.from({ length: 6 }, () => tables(4_700, true)))),
        args: (dir) => ['redline', path.join(dir, 'old'), path.join(dir, 'new'), '--format', 'json', '-o', path.join(dir, 'out.json')],
      },
      // In a repository of its own (the series is refused: it names no base), never this one.
      { name: 'import: 500 mails', setup: (dir) => (mkdirSync(dir), spawnSync('git', ['init', '-q', dir]), writeFileSync(path.join(dir, 'many.mbox'), manyMails(500))), args: (dir) => ['import', path.join(dir, 'many.mbox')], cwd: (dir) => dir },
    );
    for (const [index, item] of cases.entries()) {
      const dir = path.join(work, String(index));
      item.setup(dir);
      const measured = measure(item.args(dir), item.cwd?.(dir) ?? projectRoot);
      // A redline says in its JSON whether it had to report some stretch replaced whole.
      const json = path.join(dir, 'out.json');
      const said = existsSync(json) ? `coarse: ${(JSON.parse(readFileSync(json, 'utf8')) as { coarse?: boolean }).coarse}` : measured.said;
      report(item.name, { ...measured, said });
      rmSync(dir, { recursive: true, force: true });
    }
    if (process.env.BENCH_LIMITS_BUILD !== '0') buildCases(work, worst);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
