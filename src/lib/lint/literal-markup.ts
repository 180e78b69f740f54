/** Finds emphasis and link markup that CommonMark leaves as literal text, and bold or italic text run into the next word. */
import type { Emphasis, Parent, Root, Strong, Text } from 'mdast';
import { visit } from 'unist-util-visit';

/** One finding: where in the source, what is wrong, and the text to insert there to repair it, when there is one. */
export interface LiteralMarkupFinding {
  /** 0-based offset in the source of the marker. */
  offset: number;
  /** Length of the marker in the source. */
  length: number;
  message: string;
  /** Offset and text of a repair: inserting a space between the marker and the word it runs into. */
  fix?: { offset: number; insert: string };
}

// A closing `**`/`__` after punctuation and before a letter is not right-flanking, so CommonMark never closes it.
const STUCK_CLOSER = /[\p{P}\p{S}](\*\*|__)(?=[\p{L}\p{N}])/gu;
const EMPHASIS_MARKER = /(?<!\\)(\*\*|__)/g;
// `](` or `][` left in text, or a bracket and a parenthesised address with a space between: "[page] (https://…)".
const LINK_MARKER = /(?<!\\)\](?:\(|\[|[ \t]+\((?=https?:|mailto:|#|\/))/g;

/** Finds literal `**`/`__`, literal `](`/`][`, and emphasis glued to the following word, in the text of `tree` parsed from `source`. */
export function findLiteralMarkup(tree: Root, source: string): LiteralMarkupFinding[] {
  const findings: LiteralMarkupFinding[] = [];
  visit(tree, (node, index, parent) => {
    if (node.type === 'text') findings.push(...literalMarkersIn(node, source));
    if ((node.type === 'strong' || node.type === 'emphasis') && parent && index !== undefined) {
      const runIn = runInAfter(node, parent, index, source);
      if (runIn) findings.push(runIn);
    }
  });
  return findings.sort((a, b) => a.offset - b.offset);
}

/** Markers left in a text node: they show on the page as asterisks, underscores or brackets. */
function literalMarkersIn(node: Text, source: string): LiteralMarkupFinding[] {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return [];
  const raw = source.slice(start, end);
  const findings: LiteralMarkupFinding[] = [];
  const emphasis = EMPHASIS_MARKER.exec(raw);
  EMPHASIS_MARKER.lastIndex = 0;
  if (emphasis) {
    STUCK_CLOSER.lastIndex = 0;
    const stuck = STUCK_CLOSER.exec(raw);
    const fixAt = stuck ? start + stuck.index + stuck[0].length : undefined;
    findings.push({
      offset: start + emphasis.index,
      length: emphasis[0].length,
      message: stuck
        ? `"${emphasis[0]}" shows as literal text: a closing "${stuck[1]}" after punctuation must be followed by a space or punctuation; put a space after it`
        : `"${emphasis[0]}" shows as literal text: it opens no bold or italic text that closes; remove it, close it, or escape it as "\\${emphasis[0][0]}"`,
      fix: fixAt === undefined ? undefined : { offset: fixAt, insert: ' ' },
    });
  }
  // Read on past the node: an address after "] (" is an autolink node of its own.
  LINK_MARKER.lastIndex = 0;
  const link = LINK_MARKER.exec(source.slice(start, end + 8));
  if (link && link.index < raw.length) {
    findings.push({
      offset: start + link.index,
      length: link[0].length,
      message: `"${link[0]}" shows as literal text: the link does not parse (a space or unbalanced bracket in it?); write it as [text](url)`,
    });
  }
  return findings;
}

/** Bold or italic text directly followed by a letter: "**Updates**If" reads as "UpdatesIf". */
function runInAfter(node: Strong | Emphasis, parent: Parent, index: number, source: string): LiteralMarkupFinding | undefined {
  const next = parent.children[index + 1];
  const end = node.position?.end.offset;
  if (!next || next.type !== 'text' || end === undefined || !/^[\p{L}\p{N}]/u.test(next.value)) return undefined;
  const last = node.children.at(-1);
  // "**un**usual" is intended emphasis inside a word; only a closer after a space-free run of text followed by a new word counts.
  const lastText = last?.type === 'text' ? last.value : '';
  if (!/[\p{P}\s]$/u.test(lastText) && !/^\p{Lu}/u.test(next.value)) return undefined;
  const marker = node.type === 'strong' ? 2 : 1;
  return {
    offset: end - marker,
    length: marker,
    message: `${node.type === 'strong' ? 'bold' : 'italic'} text runs into the next word ("${lastText.slice(-12)}${next.value.slice(0, 12)}"); put a space after "${source.slice(end - marker, end)}"`,
    fix: { offset: end, insert: ' ' },
  };
}
