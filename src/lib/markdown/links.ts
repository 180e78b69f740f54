/**
 * Rewrites links after sanitizing: root-relative targets to the policy owner's site, section anchors to their page,
 * and bidirectional controls in link text shown as `<U+202E>`, so text reading `https://example.org` cannot hide
 * where the link goes.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import { hasBidiControls, showBidiControls } from '../unsafe-text.ts';

/** How links in policy text resolve on the page being built. */
export interface LinkOptions {
  /** Origin for root-relative links (`/help/...`), e.g. "https://xenproject.org". */
  linkBase?: string;
  /** Href for a same-document anchor such as `#change-history`; identity when absent. */
  anchorHref?: (fragment: string) => string;
}

/** Applies LinkOptions to every `<a href>` in the tree. */
export function resolveLinks(tree: Root, options: LinkOptions): void {
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'a') return;
    visit(node, 'text', (text) => {
      if (hasBidiControls(text.value)) text.value = showBidiControls(text.value);
    });
    if (typeof node.properties.href !== 'string') return;
    const href = node.properties.href;
    if (href.startsWith('#') && options.anchorHref) node.properties.href = options.anchorHref(href.slice(1));
    else if (href.startsWith('/') && !href.startsWith('//') && options.linkBase) node.properties.href = options.linkBase.replace(/\/$/, '') + href;
  });
}
