/**
 * Semantic line breaks: each sentence of a paragraph starts on a line of its own, so a diff, a patch and a
 * range-diff show the sentence that changed rather than a whole paragraph. A line break inside a paragraph renders
 * as a space (the renderer folds white space), so rewrapping changes nothing on the page or in a redline.
 */
import type { Nodes, Root } from 'mdast';

/** One place where a sentence starts in the middle of a line: the white space to replace with a line break. */
export interface RunOnSentence {
  /** 0-based offset in the source of the white space before the sentence. */
  offset: number;
  /** Length of that white space. */
  length: number;
  /** What replaces it: a line break and the paragraph's indentation. */
  insert: string;
}

// A sentence end (., ! or ?, then any closing quotes or brackets), white space, and the start of the next sentence:
// a capital letter, which no Markdown block marker is, so the new line never starts a list, heading or quote.
const BOUNDARY = /(?<=[.!?]["'”’)\]]*)([ \t]+)(?=["'“‘(\[]?[\p{Lu}])/gu;
// Words a full stop follows without ending the sentence, and initials (M.D.G.).
const ABBREVIATION = /(?:(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|al|approx|incl|no|nos|mr|mrs|ms|dr|st|inc|ltd|co|corp|jr|sr|fig|sec|ch|vol|ed|eds)|(?:^|[\s(.])\p{L})\.["'”’)\]]*$/iu;

/** Finds the sentences of `tree`'s paragraphs (parsed from `source`) that start mid-line, with the break that fixes each. */
export function findRunOnSentences(tree: Root, source: string): RunOnSentence[] {
  const found: RunOnSentence[] = [];
  const inText = (node: Nodes, indent: string) => {
    if (node.type === 'text' && node.position) {
      const start = node.position.start.offset!;
      const raw = source.slice(start, node.position.end.offset);
      for (const match of raw.matchAll(BOUNDARY)) {
        if (ABBREVIATION.test(raw.slice(0, match.index))) continue;
        found.push({ offset: start + match.index, length: match[0].length, insert: `\n${indent}` });
      }
    }
    // Link text stays on one line: a break there would read as part of the link.
    if ('children' in node && node.type !== 'link' && node.type !== 'linkReference') for (const child of node.children) inText(child, indent);
  };
  const walk = (node: Nodes) => {
    // A quoted paragraph's lines need their ">" markers, and a table has no paragraphs: leave both alone.
    if (node.type === 'blockquote' || node.type === 'table') return;
    if (node.type === 'paragraph') {
      if (node.position) inText(node, ' '.repeat(node.position.start.column - 1));
      return;
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return found;
}
