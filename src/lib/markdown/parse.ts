/** Markdown text to mdast, with GitHub Flavored Markdown (tables, strikethrough, autolinks). */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/** Parses Markdown into an mdast tree (positions kept, for lint and the redline, as offsets into `markdown`). */
export function parseMarkdown(markdown: string): Root {
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
