/**
 * Bench: `policy redline` on the real revision pairs of test/fixtures/real (pairs.json), each a whole process, as a
 * user runs it: the package's bin run directly (`node scripts/policy.mjs redline A B`, start-up cache warm) for JSON
 * and for the HTML file, beside `git diff --no-index --word-diff` on the same files; and once through `npx policy`,
 * to show what npx adds. Wall seconds are the best of 3 runs; CPU seconds (user and system) of that run are printed
 * too, as they depend less on the machine's load. Target: under 0.5 s a pair, the bin run directly, on an idle machine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { best, measure, type Measure } from './redline.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const realFolder = path.join('test', 'fixtures', 'real');

const format = (value: number) => value.toFixed(2);
const ratio = (a: number, b: number) => `${(a / Math.max(b, 0.01)).toFixed(1)}×`;

/** Runs the bench and prints a table. */
export default async function realPairsBench(): Promise<void> {
  const node = process.execPath;
  const cli = path.join('scripts', 'policy.mjs');
  const pairs = JSON.parse(readFileSync(path.join(projectRoot, realFolder, 'pairs.json'), 'utf8')) as { old: string; new: string }[];
  console.log(`load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}; wall s: best of 3 runs (cpu s: user + system of that run); npx: one run`);
  const redline = (pair: { old: string; new: string }, ...rest: string[]) => ['redline', path.join(realFolder, pair.old), path.join(realFolder, pair.new), ...rest];
  // One run first, so every figure below is with the start-up cache warm (as on every run after the first).
  if (pairs[0]) measure(node, [cli, ...redline(pairs[0], '--format', 'json')]);
  const work = mkdtempSync(path.join(tmpdir(), 'real-pairs-bench-'));
  const rows: string[][] = [['pair', 'json s', 'json cpu s', 'html s', 'git word-diff s', 'json/git', 'npx s', 'npx adds s']];
  const totals: Measure[] = [];
  for (const pair of pairs) {
    const out = path.join(work, 'redline.html');
    const json = best(3, () => measure(node, [cli, ...redline(pair, '--format', 'json')]));
    const html = best(3, () => measure(node, [cli, ...redline(pair, '-o', out)]));
    const git = best(3, () => measure('git', ['diff', '--no-index', '--word-diff=porcelain', path.join(realFolder, pair.old), path.join(realFolder, pair.new)], [0, 1]));
    const npx = measure('npx', ['--no-install', 'policy', ...redline(pair, '--format', 'json')]);
    totals.push(json, html);
    rows.push([`${pair.old} → ${pair.new}`, format(json.seconds), format(json.cpu), format(html.seconds), format(git.seconds), ratio(json.seconds, git.seconds), format(npx.seconds), format(npx.seconds - json.seconds)]);
  }
  rmSync(work, { recursive: true, force: true });
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  const slowest = totals.reduce((a, b) => (b.seconds > a.seconds ? b : a), totals[0] ?? { seconds: 0, megabytes: 0, cpu: 0 });
  console.log(`slowest run of the bin: ${format(slowest.seconds)} s wall, ${format(slowest.cpu)} s cpu; target: under 0.5 s a pair (bin run directly, idle machine)`);
}
