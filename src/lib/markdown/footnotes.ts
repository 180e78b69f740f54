/**
 * GFM footnotes, scoped to their section. remark-rehype writes footnote ids unprefixed (clobberPrefix ''), the
 * sanitizer then prefixes every id with `user-content-` as GitHub does, and this trusted pass renames those ids,
 * the `aria-describedby` that points at the label, and the refs' and backrefs' hrefs to `<scope>-fn-1`,
 * `<scope>-fnref-1`, `<scope>-footnote-label`: one name per target, so every ref and backref resolves, and two
 * sections' footnote 1 never share an id on the policy page.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** The prefix the sanitizer puts before every id of policy text. */
export const CLOBBER_PREFIX = 'user-content-';

/** Renames footnote ids, references and backreferences to `<scope>-…` (scope: the section id, or `user-content`). */
export function scopeFootnotes(tree: Root, scope: string): void {
  const rename = (name: string) => `${scope}-${name.slice(CLOBBER_PREFIX.length)}`;
  visit(tree, 'element', (node: Element) => {
    const { id, ariaDescribedBy, href } = node.properties;
    if (typeof id === 'string' && id.startsWith(CLOBBER_PREFIX)) node.properties.id = rename(id);
    if (Array.isArray(ariaDescribedBy)) {
      node.properties.ariaDescribedBy = ariaDescribedBy.map((name) => (typeof name === 'string' && name.startsWith(CLOBBER_PREFIX) ? rename(name) : name));
    }
    const footnoteLink = node.properties.dataFootnoteRef !== undefined || node.properties.dataFootnoteBackref !== undefined;
    if (footnoteLink && typeof href === 'string' && href.startsWith('#')) node.properties.href = `#${scope}-${href.slice(1)}`;
  });
}

/** Is this the footnotes `<section>` remark-rehype appends to a body? */
export function isFootnoteSection(node: Element): boolean {
  return node.tagName === 'section' && node.properties.dataFootnotes !== undefined;
}
