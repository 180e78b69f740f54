/** Markdown text to mdast, with GitHub Flavored Markdown (tables, strikethrough, autolinks). */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/** Parses Markdown into an mdast tree (positions kept, for lint and the redline). */
export function parseMarkdown(markdown: string): Root {
  return parser.runSync(parser.parse(markdown)) as Root;
}
