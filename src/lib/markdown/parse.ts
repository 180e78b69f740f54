/** Markdown text to mdast, with GitHub Flavored Markdown (tables, strikethrough, autolinks). */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { TreeMemo } from './tree-memo.ts';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Trees of the texts parsed before, by text. A build parses the same section text many times (each redline of a
 * proposal renders the sections it leaves unchanged; a release page and the redlines either side of it share most
 * sections): in the shipped site four parses in five repeated an earlier one, and copying a tree costs about a
 * thirtieth of parsing its text again. At most 2 million characters of text, about 30 MB of trees.
 */
const parsedTrees = new TreeMemo<Root>(2_000_000);

/** Parses Markdown into an mdast tree (positions kept, for lint and the redline, as offsets into `markdown`); the tree is the caller's own. */
export function parseMarkdown(markdown: string): Root {
  return parsedTrees.get(markdown, markdown, () => parseFresh(markdown));
}

/** Parses Markdown with remark, counting offsets from the text's own start. */
function parseFresh(markdown: string): Root {
  const tree = parser.runSync(parser.parse(markdown)) as Root;
  // micromark drops a leading byte order mark and counts from after it; count from the text's own start instead.
  if (markdown.startsWith('\uFEFF')) {
    const shifted = new Set<object>();
    visit(tree, (node) => {
      for (const point of node.position ? [node.position.start, node.position.end] : []) {
        if (shifted.has(point)) continue;
        shifted.add(point);
        if (point.offset !== undefined) point.offset += 1;
        if (point.line === 1) point.column += 1;
      }
    });
  }
  return tree;
}
