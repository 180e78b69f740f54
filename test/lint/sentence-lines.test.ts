/**
 * Semantic line breaks: lint finds a sentence that starts mid-line and --fix breaks the line before it; the shipped
 * policy is written that way, and writing it with one paragraph per line instead renders the same page byte for byte
 * and gives a redline with no change.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPolicy } from '../../src/lib/lint/index.ts';
import { findRunOnSentences } from '../../src/lib/lint/sentence-lines.ts';
import { loadPolicyFolder } from '../../src/lib/load/folder.ts';
import { parseMarkdown } from '../../src/lib/markdown/parse.ts';
import { renderPolicyHtml } from '../../src/lib/markdown/policy-html.ts';
import { computeRedline } from '../../src/lib/redline/index.ts';
import { tempDir } from '../support/temp.ts';

/** Applies the line breaks findRunOnSentences proposes. */
function rewrap(source: string): string {
  let out = source;
  for (const found of findRunOnSentences(parseMarkdown(source), source).reverse()) out = out.slice(0, found.offset) + found.insert + out.slice(found.offset + found.length);
  return out;
}

/** The old way of writing: each paragraph (or list item's paragraph) on one line, continuation lines joined. */
function onePerLine(source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  let inFrontMatter = lines[0] === '---';
  for (const [index, line] of lines.entries()) {
    if (inFrontMatter) {
      out.push(line);
      if (index > 0 && line === '---') inFrontMatter = false;
      continue;
    }
    const previous = out.at(-1) ?? '';
    const continues = line.trim() !== '' && previous.trim() !== '' && !/^\s*(\d+[.)]|[-*+]|#{1,6}|\||>)(\s|$)/.test(line) && !previous.trimStart().startsWith('|');
    if (continues) out[out.length - 1] = `${previous} ${line.trimStart()}`;
    else out.push(line);
  }
  return out.join('\n');
}

describe('one sentence per line', () => {
  it('breaks before each sentence at the paragraph\'s indentation, and leaves what is not a sentence end alone', () => {
    expect(rewrap('Bugs exist. We fix them! Do we? Yes.\n')).toBe('Bugs exist.\nWe fix them!\nDo we?\nYes.\n');
    expect(rewrap('-   First item. Its second sentence.\n    1.  Nested. Also.\n')).toBe('-   First item.\n    Its second sentence.\n    1.  Nested.\n        Also.\n');
    // Abbreviations, initials, version numbers, link text, a quote, a table, and a number after a full stop.
    const kept = 'Send it to e.g. Xen Project, M.D.G. IT Pty, v3.2 etc. Today.\n\n[A link. With two](https://example.org)\n\n> Quoted. Two.\n\n| a. B | c |\n|---|---|\n| d. E | f |\n\nSee step 3. 4 more.\n';
    expect(rewrap(kept)).toBe(kept);
    expect(rewrap('He said “Stop.” Then he left. (Quietly.) After.\n')).toBe('He said “Stop.”\nThen he left.\n(Quietly.)\nAfter.\n');
  });

  it('is how the shipped policy is written: one paragraph per line renders the same page, redlines to no change, and lint --fix rewraps it', async () => {
    const dir = tempDir();
    cpSync('content', path.join(dir, 'content'), { recursive: true });
    cpSync('.markdownlint-cli2.jsonc', path.join(dir, '.markdownlint-cli2.jsonc'));
    const sections = path.join(dir, 'content/policy');
    let joined = 0;
    for (const file of readdirSync(sections)) {
      const shipped = readFileSync(path.join(sections, file), 'utf8');
      const old = onePerLine(shipped);
      if (old !== shipped) joined++;
      writeFileSync(path.join(sections, file), old);
    }
    expect(joined).toBeGreaterThan(5);
    const [before, after] = await Promise.all([loadPolicyFolder(dir), loadPolicyFolder('.')]);
    expect(renderPolicyHtml(before)).toBe(renderPolicyHtml(after));
    expect(computeRedline(before, after).changes).toEqual([]);

    const report = await lintPolicy(dir);
    expect(report.results.filter((result) => result.ruleNames.includes('PL011')).length).toBeGreaterThan(20);
    await lintPolicy(dir, { fix: true });
    for (const file of readdirSync(sections)) expect(readFileSync(path.join(sections, file), 'utf8'), file).toBe(readFileSync(path.join('content/policy', file), 'utf8'));
    expect((await lintPolicy(dir)).errorCount).toBe(0);
  }, 60_000);
});
