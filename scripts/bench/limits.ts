/**
 * Bench: the worst inputs each command documents, run as the user runs them (one `policy` process each), with wall
 * time and peak memory (resident set, from /usr/bin/time). Each must end in seconds with a clear message (refused or
 * reported coarse), never run for minutes or gigabytes; the limits are in docs/contributing.md (PL010) and
 * docs/redline.md. Target (2-core machine, idle): each under 10 s and 1 GB.
 *
 * - lint: a table of 30,000 columns; a list nested 10,000 deep in a 100 MB file; a 20 MB section.
 * - redline: a 1 MB paragraph with every word changed; 5 MB of tables with every tenth cell changed (JSON).
 * - import: an mbox of 500 mails, each a one-letter patch (the most mails import reads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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

/** Runs `policy args` under /usr/bin/time; returns wall seconds, peak megabytes, exit code and the first line it printed. */
function measure(args: string[], cwd: string): { seconds: number; megabytes: number; code: number | null; said: string } {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const peak = /peak-kb (\d+)/.exec(result.stderr ?? '');
  const said = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').find((line) => line.trim() && !line.startsWith('peak-kb')) ?? '';
  return { seconds, megabytes: peak ? Number(peak[1]) / 1024 : Number.NaN, code: result.status, said: said.length > 150 ? `${said.slice(0, 147)}...` : said };
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

export default function bench(): void {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-limits-'));
  try {
    const cases: Array<{ name: string; args: (dir: string) => string[]; setup: (dir: string) => void; cwd?: (dir: string) => string }> = [
      { name: 'lint: table of 30,000 columns', setup: (dir) => void policyWith(dir, `${'| a '.repeat(30_000)}|\n${'| - '.repeat(30_000)}|\n${'| b '.repeat(30_000)}|`), args: (dir) => ['lint', dir] },
      { name: 'lint: 100 MB nested list', setup: (dir) => void policyWith(dir, Array.from({ length: 10_000 }, (_, depth) => `${' '.repeat(depth % 4000)}- item ${'x'.repeat(9_000)}`).join('\n')), args: (dir) => ['lint', dir] },
      { name: 'lint: 20 MB section', setup: (dir) => void policyWith(dir, 'word '.repeat(4 * 1024 * 1024)), args: (dir) => ['lint', dir] },
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
    ];
    for (const [index, item] of cases.entries()) {
      const dir = path.join(work, String(index));
      item.setup(dir);
      const { seconds, megabytes, code, said } = measure(item.args(dir), item.cwd?.(dir) ?? projectRoot);
      // A redline says in its JSON whether it had to report some stretch replaced whole.
      const json = path.join(dir, 'out.json');
      const outcome = existsSync(json) ? `coarse: ${(JSON.parse(readFileSync(json, 'utf8')) as { coarse?: boolean }).coarse}` : said;
      console.log(`${item.name.padEnd(48)} ${seconds.toFixed(1).padStart(6)} s ${megabytes.toFixed(0).padStart(6)} MB  exit ${code}  ${outcome}`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
