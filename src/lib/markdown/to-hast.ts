/** mdast to safe hast: remark-rehype without raw HTML, rehype-sanitize, then the page's own anchors and links. */
import type { Element, Root as HastRoot } from 'hast';
import type { FootnoteDefinition, Root as MdastRoot } from 'mdast';
import rehypeSanitize from 'rehype-sanitize';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { addBlockAnchors } from './anchors.ts';
import { CLOBBER_PREFIX, isFootnoteSection, scopeFootnotes } from './footnotes.ts';
import { resolveLinks, type LinkOptions } from './links.ts';
import { parseMarkdown } from './parse.ts';
import { sanitizeSchema } from './sanitize.ts';
import { copyTree, TreeMemo } from './tree-memo.ts';
import { normalizeWhitespace } from './whitespace.ts';

/** How a body is turned into hast. */
export interface HastOptions extends LinkOptions {
  /** Prefix of the block anchors (usually the section id); no anchors when absent. */
  anchorPrefix?: string;
  /** Scope of footnote ids (`<scope>-fn-1`); the anchor prefix, else `user-content` as on GitHub. */
  footnoteScope?: string;
}

// Raw HTML in Markdown is dropped by remark-rehype (allowDangerousHtml off), never passed through. Footnote ids are
// written bare, because the sanitizer prefixes them once more (scopeFootnotes renames them after). The author's own
// strike-through is `<s>`, so that inside a redline `<del>` and `<ins>` only ever mean changes.
const toSafeHast = unified()
  .use(remarkRehype, {
    allowDangerousHtml: false,
    clobberPrefix: '',
    handlers: {
      delete(state, node) {
        const result: Element = { type: 'element', tagName: 's', properties: {}, children: state.all(node) };
        state.patch(node, result);
        return state.applyData(node, result);
      },
    },
  })
  .use(rehypeSanitize, sanitizeSchema)
  .freeze();

/** Converts mdast to sanitized hast, then adds the trusted anchors and resolves links. */
export function mdastToHast(tree: MdastRoot, options: HastOptions = {}): HastRoot {
  const safe = toSafeHast.runSync(copyTree(tree)) as HastRoot;
  normalizeWhitespace(safe);
  resolveLinks(safe, options);
  const footnotes = safe.children.find((node): node is Element => node.type === 'element' && isFootnoteSection(node));
  if (footnotes) {
    scopeFootnotes(safe, options.footnoteScope ?? options.anchorPrefix ?? CLOBBER_PREFIX.slice(0, -1));
    // Where the definitions are written, so the redline can tell which stretch of the body the footnote list renders
    // (nested ones too: a definition inside a list item or a quote is listed all the same).
    const definitions: FootnoteDefinition[] = [];
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      if (node.position) definitions.push(node);
    });
    if (definitions.length) footnotes.position = { start: definitions[0]!.position!.start, end: definitions.at(-1)!.position!.end };
  }
  if (options.anchorPrefix) addBlockAnchors(safe, options.anchorPrefix);
  return safe;
}

/**
 * Trees of Markdown texts made before, by text and options: a build renders the same section many times (each
 * redline renders the sections it leaves unchanged as the page does). Options with an `anchorHref` function are
 * never kept, since a function cannot be compared.
 */
const madeTrees = new TreeMemo<HastRoot>(2_000_000);

/** Markdown text to safe hast, as mdastToHast(parseMarkdown(markdown), options) makes it; the tree is the caller's own. */
export function markdownToHast(markdown: string, options: HastOptions = {}): HastRoot {
  if (options.anchorHref) return mdastToHast(parseMarkdown(markdown), options);
  const key = JSON.stringify([markdown, options.linkBase, options.anchorPrefix, options.footnoteScope]);
  return madeTrees.get(key, markdown, () => mdastToHast(parseMarkdown(markdown), options));
}
