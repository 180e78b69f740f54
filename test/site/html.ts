/** Reading a built site's HTML without a browser: pages as hast trees, their text as words. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Nodes as MdastNodes } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/**
 * The pages of a built site as URL paths: `index.html` → `/`, `sections/x/index.html` → `/sections/x/`, and `/404.html`.
 * Other HTML files (such as a standalone redline to attach to a mail) are documents, not pages of the site.
 */
export function sitePages(siteDir: string): string[] {
  return readdirSync(siteDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && (entry.name === 'index.html' || (entry.name === '404.html' && path.resolve(entry.parentPath) === path.resolve(siteDir))))
    .map((entry) => path.relative(siteDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.startsWith('pagefind/'))
    .map((file) => `/${file.replace(/(^|\/)index\.html$/, '$1')}`)
    .sort();
}

/** The built page at a URL path (`/`, `/sections/x/`, `/404.html`), parsed. */
export function readPage(siteDir: string, urlPath: string): Root {
  const file = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
  return fromHtml(readFileSync(path.join(siteDir, file), 'utf8'));
}

const BLOCKS = new Set(['address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul', 'br']);

/** The text of a tree as a reader sees it: blocks apart, inline elements run together; scripts and styles left out. */
export function readableText(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element' && node.type !== 'root') return '';
  if (node.type === 'element' && ['script', 'style', 'template', 'noscript'].includes(node.tagName)) return '';
  const inner = node.children.map((child) => readableText(child)).join('');
  return node.type === 'element' && BLOCKS.has(node.tagName) ? ` ${inner} ` : inner;
}

/** The words of a text: runs of letters and digits, so punctuation and spacing never decide a match. */
export function words(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A Markdown text as readable text: each paragraph, heading, table cell and code block apart. */
export function markdownText(markdown: string): string {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
  const parts: string[] = [];
  visit(tree, (node: MdastNodes) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      parts.push(mdastToString(node));
      return 'skip';
    }
    if (node.type === 'code' || node.type === 'html') parts.push(node.value);
    return undefined;
  });
  return parts.join(' ');
}

/** The Markdown body of a Hugo page: what is inside its `{{<section ...>}}` shortcode. */
export function hugoSectionBody(source: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => /^\{\{<\s*section\b/.test(line));
  if (start < 0) throw new Error('no {{<section ...>}} line in the reference');
  const end = lines.findIndex((line, index) => index > start && /^\{\{<\s*\/section\s*>\}\}/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The element's own class list. */
export function classes(element: Element): string[] {
  const value = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}

/** The text of an element without its self-link or pilcrow (which carry no text of their own anyway). */
export function headingText(element: Element): string {
  return toString(element).trim();
}
