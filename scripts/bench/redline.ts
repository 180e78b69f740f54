/**
 * Bench: `policy redline` on generated policy pairs (10 KB, 100 KB, 1 MB, 5 MB; about 2% of sentences edited,
 * paragraphs added and removed, one section moved; and 100 KB with 40% rewritten), each run as its own process
 * for whole-process wall time and peak memory, beside `git diff --no-index --word-diff=porcelain` on the same files.
 * Then the HTML redline against rendering the new document alone (both whole processes).
 * Then the pathological pairs of the hostile test corpus (test/hostile/support/redline-pairs.ts: a 1 MB paragraph with
 * every 97th word changed, 100,000 identical tokens, unrelated 1 MB documents and paragraphs), JSON and HTML, beside
 * git's word diff of the same two files. `REDLINE_BENCH=generated` or `=pathological` runs one table only.
 * Targets (2-core machine, idle): 1 MB under 0.5 s for ANSI/JSON, 5 MB under 3 s, HTML at most 1.3× the rendering;
 * each pathological pair under 5 s of processor time.
 * The command keeps compiled code and a bundle of the redline in a start-up cache: "json cold" is its first run with
 * the cache empty, every other figure is with the cache warm (as every run after the first on a checkout).
 * Wall times grow with the machine's load: read them next to the load average printed first.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { redlinePair } from '../../test/hostile/support/redline-pairs.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(projectRoot, 'scripts', 'policy.mjs');

/** A deterministic pseudo-random generator, so every run benches the same documents. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = (
  'the security team will notify members of the predisclosure list about an issue before the embargo date and the public ' +
  'announcement vendors distributions service providers may apply patches deploy fixes under embargo advisory process ' +
  'discoverer report confidential reasonable request coordinate release schedule mailing list organisation evidence ' +
  'software hosting providers users open source project maintainers stable trees vulnerability severity information'
).split(' ');

/** A generated section: its id, title and Markdown blocks. */
export interface Section {
  id: string;
  title: string;
  blocks: string[];
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function sentence(rng: Rng): string {
  const words = Array.from({ length: 8 + Math.floor(rng() * 14) }, () => pick(rng, VOCABULARY));
  words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
  if (rng() < 0.08) words[3] = `*${words[3]}*`;
  if (rng() < 0.05) words[5] = `[${words[5]}](/help/${words[5]}/)`;
  return `${words.join(' ')}.`;
}

function paragraph(rng: Rng): string {
  return Array.from({ length: 2 + Math.floor(rng() * 5) }, () => sentence(rng)).join(' ');
}

function list(rng: Rng): string {
  const items = Array.from({ length: 3 + Math.floor(rng() * 8) }, () => {
    const item = `-   ${sentence(rng)}`;
    return rng() < 0.2 ? `${item}\n    -   ${sentence(rng)}\n    -   ${sentence(rng)}` : item;
  });
  return items.join('\n');
}

/** A document of about `bytes` bytes: sections of paragraphs and lists, 5 to 15 KB each. */
function generate(bytes: number, seed: number): Section[] {
  const rng = random(seed);
  const sections: Section[] = [];
  let size = 0;
  while (size < bytes) {
    const target = Math.min(bytes - size, 5_000 + rng() * 10_000);
    const blocks: string[] = [];
    let sectionSize = 0;
    while (sectionSize < target) {
      // Two lists in a row would merge into one loose list; policies put a sentence between them.
      const block = rng() < 0.25 && !blocks.at(-1)?.startsWith('-') ? list(rng) : paragraph(rng);
      blocks.push(block);
      sectionSize += block.length + 2;
    }
    const index = sections.length + 1;
    sections.push({ id: `section-${index}`, title: `Section ${index}: ${pick(rng, VOCABULARY)}`, blocks });
    size += sectionSize;
  }
  return sections;
}

/** Edits a copy: `share` of sentences changed (a word replaced, inserted or dropped), paragraphs added and removed, one section moved. */
function edit(sections: Section[], share: number, seed: number): Section[] {
  const rng = random(seed);
  const out = sections.map((section) => ({
    ...section,
    blocks: section.blocks.map((block) =>
      block.replace(/[^.\n]+\./g, (text) => {
        if (rng() >= share) return text;
        const words = text.split(' ');
        // Only plain words change, so list markers and indentation stay as they were.
        const plain = words.flatMap((word, index) => (index > 0 && /^[a-z]+$/.test(word) ? [index] : []));
        if (plain.length === 0) return text;
        const at = pick(rng, plain);
        const roll = rng();
        if (roll < 0.5) words[at] = pick(rng, VOCABULARY);
        else if (roll < 0.8) words.splice(at, 0, pick(rng, VOCABULARY));
        else words.splice(at, 1);
        return words.join(' ');
      }),
    ),
  }));
  for (const section of out) {
    if (rng() < 0.3) section.blocks.splice(Math.floor(rng() * section.blocks.length), 0, paragraph(rng));
    if (rng() < 0.2 && section.blocks.length > 1) section.blocks.splice(Math.floor(rng() * section.blocks.length), 1);
  }
  if (out.length > 3) {
    const [moved] = out.splice(1, 1);
    out.splice(out.length - 1, 0, moved!);
  }
  return out;
}

/** Writes a policy folder (content/policy.yaml + content/policy/*.md); returns its size in bytes. */
export function writePolicy(root: string, sections: Section[], version: string): number {
  mkdirSync(path.join(root, 'content', 'policy'), { recursive: true });
  writeFileSync(path.join(root, 'content', 'policy.yaml'), `title: Bench Policy\nversion: "${version}"\ndate: "2024-01-01"\nlinkBase: https://example.org\n`);
  let bytes = 0;
  sections.forEach((section, index) => {
    const text = `---\nid: ${section.id}\ntitle: "${section.title}"\norder: ${(index + 1) * 10}\n---\n\n${section.blocks.join('\n\n')}\n`;
    bytes += text.length;
    writeFileSync(path.join(root, 'content', 'policy', `${section.id}.md`), text);
  });
  return bytes;
}

/** A process's wall seconds, peak memory (MB) and CPU seconds (user and system), from GNU time. */
export interface Measure {
  seconds: number;
  megabytes: number;
  cpu: number;
}

/** Runs a command as a process and measures it. */
export function measure(command: string, args: string[], okCodes = [0], env: NodeJS.ProcessEnv = process.env): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { cwd: projectRoot, env, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, kilobytes, user, system] = last.split(' ').map(Number);
  if (!okCodes.includes(result.status ?? -1) || seconds === undefined || Number.isNaN(seconds)) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  }
  return { seconds, megabytes: (kilobytes ?? 0) / 1024, cpu: (user ?? 0) + (system ?? 0) };
}

/** The best of `runs` measurements (the least disturbed by other load). */
export function best(runs: number, run: () => Measure): Measure {
  const results = Array.from({ length: runs }, run);
  return results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

const format = (value: number, digits = 2) => value.toFixed(digits);

/** Runs the bench and prints its tables (`REDLINE_BENCH=generated` or `pathological`: one of them). */
export default async function redlineBench(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'redline-bench-'));
  const only = process.env.REDLINE_BENCH;
  console.log(`load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} on a ${process.arch} machine`);
  try {
    if (only !== 'pathological') generatedBench(work);
    if (only !== 'generated') pathologicalBench(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Prints rows as a table, the first column left-aligned and the others right-aligned. */
function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
}

/** Generated policies of 10 KB to 5 MB, whole processes beside git's word diff and beside rendering the new document. */
function generatedBench(work: string): void {
  const node = process.execPath;
  console.log('generated pairs: each figure is the best of 3 runs (HTML and rendering of 1 MB and more: one run)');
  console.log('json cold: the first run of the command, its start-up cache empty (it compiles and bundles; a fresh checkout pays this once); every other figure: warm cache');
  const cases = [
    { name: '10 KB', bytes: 10_000, share: 0.02 },
    { name: '100 KB', bytes: 100_000, share: 0.02 },
    { name: '1 MB', bytes: 1_000_000, share: 0.02 },
    { name: '5 MB', bytes: 5_000_000, share: 0.02 },
    { name: '100 KB, 40% rewritten', bytes: 100_000, share: 0.4 },
  ];
  const renderScript = path.join(work, 'render-new.ts');
  writeFileSync(
    renderScript,
    // Started as the command starts (compile cache on, then the modules), so the ratio compares the work, not the start.
    `import module from 'node:module';\n` +
      `module.enableCompileCache(process.env.POLICY_START_CACHE + '/compile');\n` +
      `const { loadPolicyFolder } = await import(${JSON.stringify(path.join(projectRoot, 'src/lib/load/folder.ts'))});\n` +
      `const { renderPolicyHtml } = await import(${JSON.stringify(path.join(projectRoot, 'src/lib/markdown/policy-html.ts'))});\n` +
      `const { writeFileSync } = await import('node:fs');\n` +
      `writeFileSync(process.argv[3], renderPolicyHtml(await loadPolicyFolder(process.argv[2])));\n`,
  );
  const rows: string[][] = [['pair', 'size', 'json cold s', 'json s', 'json MB', 'ansi s', 'git word-diff s', 'git MB', 'json/git', 'html s', 'render new s', 'html/render']];
  cases.forEach((bench, index) => {
    const oldRoot = path.join(work, `old-${index}`);
    const newRoot = path.join(work, `new-${index}`);
    const original = generate(bench.bytes, 1000 + index);
    const size = writePolicy(oldRoot, original, '1.0');
    writePolicy(newRoot, edit(original, bench.share, 2000 + index), '1.1');
    const runs = bench.bytes >= 1_000_000 ? 1 : 3;
    // The command keeps compiled code and its redline bundle in a cache (scripts/policy.mjs, policy.ts): the first run starts with it
    // empty (and builds the bundle), the others warm.
    const cache = { ...process.env, POLICY_START_CACHE: path.join(work, `start-cache-${index}`) };
    const cold = measure(node, [cli, 'redline', oldRoot, newRoot, '--format', 'json'], [0], cache);
    const json = best(3, () => measure(node, [cli, 'redline', oldRoot, newRoot, '--format', 'json'], [0], cache));
    const ansi = best(3, () => measure(node, [cli, 'redline', oldRoot, newRoot, '--format', 'ansi'], [0], cache));
    const gitDiff = best(3, () => measure('git', ['diff', '--no-index', '--word-diff=porcelain', oldRoot, newRoot], [0, 1]));
    const html = best(runs, () => measure(node, [cli, 'redline', oldRoot, newRoot, '-o', path.join(work, `redline-${index}.html`)], [0], cache));
    const render = best(runs, () => measure(node, [renderScript, newRoot, path.join(work, `render-${index}.html`)], [0], cache));
    rows.push([
      bench.name,
      `${format(size / 1e6, 3)} MB`,
      format(cold.seconds),
      format(json.seconds),
      format(json.megabytes, 0),
      format(ansi.seconds),
      format(gitDiff.seconds),
      format(gitDiff.megabytes, 0),
      `${format(json.seconds / Math.max(gitDiff.seconds, 0.01), 1)}×`,
      format(html.seconds),
      format(render.seconds),
      `${format(html.seconds / Math.max(render.seconds, 0.01))}×`,
    ]);
  });
  printTable(rows);
  console.log('targets: 1 MB json/ansi < 0.5 s, 5 MB < 3 s, html/render ≤ 1.3×');
}

/** The pathological pairs the hostile redline test checks, whole processes beside git's word diff of the same files. */
function pathologicalBench(work: string): void {
  const node = process.execPath;
  const cache = { ...process.env, POLICY_START_CACHE: path.join(work, 'start-cache-pathological') };
  console.log('\npathological pairs (test/hostile/support/redline-pairs.ts), best of 2, start-up cache warm; cpu: user + system seconds');
  const rows: string[][] = [['pair', 'size', 'json s', 'json cpu s', 'json MB', 'html s', 'html cpu s', 'git word-diff s', 'json/git']];
  for (const name of ['paragraph-edited', 'identical-tokens', 'unrelated-documents', 'unrelated-paragraphs']) {
    const dir = path.join(work, name);
    mkdirSync(dir);
    const pair = redlinePair(name);
    const oldFile = path.join(dir, 'old.md');
    const newFile = path.join(dir, 'new.md');
    writeFileSync(oldFile, pair.old);
    writeFileSync(newFile, pair.new);
    // (the first run fills the start-up cache)
    measure(node, [cli, 'redline', oldFile, newFile, '--format', 'json'], [0], cache);
    const json = best(2, () => measure(node, [cli, 'redline', oldFile, newFile, '--format', 'json'], [0], cache));
    const html = best(2, () => measure(node, [cli, 'redline', oldFile, newFile, '-o', path.join(dir, 'redline.html')], [0], cache));
    const gitDiff = best(2, () => measure('git', ['diff', '--no-index', '--word-diff=porcelain', oldFile, newFile], [0, 1]));
    rows.push([
      name,
      `${format((pair.old.length + pair.new.length) / 2e6, 3)} MB`,
      format(json.seconds),
      format(json.cpu),
      format(json.megabytes, 0),
      format(html.seconds),
      format(html.cpu),
      format(gitDiff.seconds),
      `${format(json.seconds / Math.max(gitDiff.seconds, 0.01), 1)}×`,
    ]);
  }
  printTable(rows);
  console.log('target: each pair under 5 s of processor time');
}

/** Exposed for tests and profiling: the generated pairs. */
export const generatePair = (bytes: number, share: number, seed = 1): { old: Section[]; new: Section[] } => {
  const original = generate(bytes, seed);
  return { old: original, new: edit(original, share, seed + 1) };
};
