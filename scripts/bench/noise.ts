/**
 * Bench: how much the redline marks beside git's word diff. For each real revision pair of test/fixtures/real
 * (pairs.json) and for generated edits (words edited, paragraphs added and removed, a section moved; and paragraphs split, lists turned into headings, items
 * nested), each as one Markdown file,,
 * the words inside the redline's `<ins>`/`<del>` (and changed details) beside the words `git diff --word-diff` marks on
 * the same files. Targets: median ratio at most 1×, and no pair over 2× where more than 50 words are marked.
 * Marking fewer words than git is no fault in itself (git also marks Markdown spelling, which the page does not show).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementContent } from 'hast';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { loadMarkdownFile } from '../../src/lib/load/markdown-file.ts';
import { computeRedline, redlineBodyTree } from '../../src/lib/redline/index.ts';
import { detailRuns } from '../../src/lib/redline/metadata.ts';
import { generatePair, random, type Section } from './redline.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const realFolder = path.join(projectRoot, 'test', 'fixtures', 'real');
const WORD = /[\p{L}\p{N}]+/gu;

const countWords = (value: string) => value.match(WORD)?.length ?? 0;

/** Words the redline marks: inside `<ins>`/`<del>` of its body, and in the changed details above it. */
export function redlineMarkedWords(oldDoc: PolicyDocument, newDoc: PolicyDocument): number {
  const redline = computeRedline(oldDoc, newDoc);
  let count = 0;
  const stack: Array<{ nodes: ElementContent[]; marked: boolean }> = [{ nodes: redlineBodyTree(redline, { view: 'inline' }).children as ElementContent[], marked: false }];
  while (stack.length) {
    const { nodes, marked } = stack.pop()!;
    for (const node of nodes) {
      if (node.type === 'text' && marked) count += countWords(node.value);
      else if (node.type === 'element') stack.push({ nodes: node.children, marked: marked || node.tagName === 'ins' || node.tagName === 'del' });
    }
  }
  for (const change of redline.metadataChanges) for (const run of detailRuns(change)) if (run.kind !== 'same') count += countWords(run.text);
  return count;
}

/** Words `git diff --no-index --word-diff=porcelain` marks added or removed between two files or folders. */
export function gitMarkedWords(oldPath: string, newPath: string): number {
  const result = spawnSync('git', ['diff', '--no-index', '--word-diff=porcelain', '--no-color', oldPath, newPath], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`git diff failed (${result.status}): ${result.stderr}`);
  let count = 0;
  let inHunk = false;
  for (const line of result.stdout.split('\n')) {
    if (line.startsWith('diff --git')) inHunk = false;
    else if (line.startsWith('@@')) inHunk = true;
    else if (inHunk && (line.startsWith('+') || line.startsWith('-'))) count += countWords(line.slice(1));
  }
  return count;
}

/** A generated policy as one Markdown file (so a moved section is moved text for git too, not a changed `order`). */
export function writeMarkdown(file: string, sections: Section[]): void {
  writeFileSync(file, `---\ntitle: Bench Policy\n---\n\n${sections.map((section) => `## ${section.title}\n\n${section.blocks.join('\n\n')}\n`).join('\n')}`);
}

/** Changes of structure as editors make them, each with a word dropped inside: paragraphs split, lists turned into headings, items nested. */
export function restructured(sections: Section[], seed: number): Section[] {
  const rng = random(seed);
  const dropWord = (text: string) => text.replace(/ (the|and|may|will|of) /, ' ');
  return sections.map((section) => ({
    ...section,
    blocks: section.blocks.flatMap((block) => {
      if (rng() > 0.25) return [block];
      const sentences = block.match(/[^.]+\./g) ?? [];
      if (!block.startsWith('-') && sentences.length >= 2) {
        const at = 1 + Math.floor(rng() * (sentences.length - 1));
        return [dropWord(sentences.slice(0, at).join('').trim()), sentences.slice(at).join('').trim()];
      }
      const items = block.split('\n');
      if (block.startsWith('-') && items.every((item) => item.startsWith('-'))) {
        if (rng() < 0.5) return [items.map((item, k) => `#### ${k === 0 ? dropWord(item.slice(4)) : item.slice(4)}`.replace(/[*.]/g, '')).join('\n\n')];
        return [items.map((item, k) => (k > 0 ? `    ${k === 1 ? dropWord(item) : item}` : item)).join('\n')];
      }
      return [block];
    }),
  }));
}

interface Row {
  pair: string;
  redline: number;
  git: number;
}

const ratioOf = (row: Row) => (row.git === 0 ? (row.redline === 0 ? 1 : Number.POSITIVE_INFINITY) : row.redline / row.git);

/** Runs the measure and prints a table, the median ratio and the worst pair. */
export default async function noiseBench(): Promise<void> {
  const rows: Row[] = [];
  const pairs = JSON.parse(readFileSync(path.join(realFolder, 'pairs.json'), 'utf8')) as Array<{ old: string; new: string }>;
  for (const pair of pairs) {
    const oldFile = path.join(realFolder, pair.old);
    const newFile = path.join(realFolder, pair.new);
    rows.push({ pair: `${pair.old} → ${pair.new}`, redline: redlineMarkedWords(await loadMarkdownFile(oldFile), await loadMarkdownFile(newFile)), git: gitMarkedWords(oldFile, newFile) });
  }
  const work = mkdtempSync(path.join(tmpdir(), 'redline-noise-'));
  try {
    const generated = [
      { name: 'generated 100 KB, 2% of sentences edited', make: () => generatePair(100_000, 0.02, 31) },
      { name: 'generated 100 KB, 10% edited', make: () => generatePair(100_000, 0.1, 41) },
      { name: 'generated 100 KB, structure changed', make: () => ({ old: generatePair(100_000, 0, 51).old, new: restructured(generatePair(100_000, 0, 51).old, 52) }) },
    ];
    for (const bench of generated) {
      const { old, new: current } = bench.make();
      const oldFile = path.join(work, 'old.md');
      const newFile = path.join(work, 'new.md');
      writeMarkdown(oldFile, old);
      writeMarkdown(newFile, current);
      rows.push({ pair: bench.name, redline: redlineMarkedWords(await loadMarkdownFile(oldFile), await loadMarkdownFile(newFile)), git: gitMarkedWords(oldFile, newFile) });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const table = [['pair', 'redline words', 'git words', 'ratio'], ...rows.map((row) => [row.pair, String(row.redline), String(row.git), `${ratioOf(row).toFixed(2)}×`])];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  for (const line of table) console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  const ratios = rows.map(ratioOf).sort((a, b) => a - b);
  const median = ratios.length % 2 ? ratios[(ratios.length - 1) / 2]! : (ratios[ratios.length / 2 - 1]! + ratios[ratios.length / 2]!) / 2;
  const large = rows.filter((row) => Math.max(row.redline, row.git) > 50);
  const worst = large.reduce<Row | undefined>((a, b) => (!a || ratioOf(b) > ratioOf(a) ? b : a), undefined);
  console.log(`median ratio ${median.toFixed(2)}× (target ≤ 1×); worst pair with more than 50 words marked: ${worst ? `${worst.pair} ${ratioOf(worst).toFixed(2)}×` : 'none'} (target ≤ 2×)`);
}
