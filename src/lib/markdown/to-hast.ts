/** mdast to safe hast: remark-rehype without raw HTML, rehype-sanitize, then the page's own anchors and links. */
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeSanitize from 'rehype-sanitize';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { addBlockAnchors } from './anchors.ts';
import { resolveLinks, type LinkOptions } from './links.ts';
import { sanitizeSchema } from './sanitize.ts';

/** How a body is turned into hast. */
export interface HastOptions extends LinkOptions {
  /** Prefix of the block anchors (usually the section id); no anchors when absent. */
  anchorPrefix?: string;
}

// Raw HTML in Markdown is dropped by remark-rehype (allowDangerousHtml off), never passed through.
const toSafeHast = unified().use(remarkRehype, { allowDangerousHtml: false }).use(rehypeSanitize, sanitizeSchema).freeze();

/** Converts mdast to sanitized hast, then adds the trusted anchors and resolves links. */
export function mdastToHast(tree: MdastRoot, options: HastOptions = {}): HastRoot {
  const safe = toSafeHast.runSync(structuredClone(tree)) as HastRoot;
  resolveLinks(safe, options);
  if (options.anchorPrefix) addBlockAnchors(safe, options.anchorPrefix);
  return safe;
}
