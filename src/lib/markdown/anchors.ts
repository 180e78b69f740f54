/** Gives every paragraph, list item and heading of a section body a stable anchor, as RFC HTML does. */
import type { Element, ElementContent, Root } from 'hast';
import GithubSlugger from 'github-slugger';
import { toString } from 'hast-util-to-string';
import { isFootnoteSection } from './footnotes.ts';

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCKS = new Set(['p', 'ul', 'ol', 'blockquote', 'pre', 'table', 'hr', 'div', ...HEADINGS]);

/** A link to its own block; its visible mark (¶ or §) comes from CSS so it adds no text to the document. */
export function selfLink(id: string, label: string, className: string): Element {
  return { type: 'element', tagName: 'a', properties: { className: [className], href: `#${id}`, ariaLabel: label }, children: [] };
}

/** Numbers blocks in document order: `<prefix>-p<n>` for paragraphs and list items, `<prefix>-<slug>` for headings. */
export function addBlockAnchors(tree: Root, prefix: string): void {
  const slugger = new GithubSlugger();
  let count = 0;
  const visitChildren = (children: (ElementContent | Root['children'][number])[], insideListItem: boolean) => {
    children.forEach((child, index) => {
      // Footnotes keep their own ids, which their references and backreferences point at.
      if (child.type !== 'element' || isFootnoteSection(child)) return;
      if (HEADINGS.has(child.tagName)) {
        const id = `${prefix}-${headingSlug(slugger, toString(child))}`;
        child.properties.id = id;
        // (named without the heading's text, which the heading's own name already is)
        child.children.push(selfLink(id, 'Link to this heading', 'self-link'));
        return;
      }
      const firstParagraphOfItem = insideListItem && child.tagName === 'p' && children.slice(0, index).every((c) => c.type !== 'element');
      if ((child.tagName === 'p' && !firstParagraphOfItem) || child.tagName === 'li') {
        const id = `${prefix}-p${++count}`;
        child.properties.id = id;
        appendMark(child, selfLink(id, child.tagName === 'li' ? 'Link to this list item' : 'Link to this paragraph', 'pilcrow'));
      }
      visitChildren(child.children, child.tagName === 'li');
    });
  };
  visitChildren(tree.children, false);
}

/** A heading's slug; one shaped like a paragraph anchor ("p1") gets a suffix, so `## p1` cannot take `<prefix>-p1`. */
function headingSlug(slugger: GithubSlugger, text: string): string {
  const slug = slugger.slug(text) || 'heading';
  return /^p\d+$/.test(slug) ? slugger.slug(`${slug}-heading`) : slug;
}

/** Puts the mark at the end of the block's own text: before a nested list, inside a leading paragraph. */
function appendMark(block: Element, mark: Element): void {
  if (block.tagName !== 'li') {
    block.children.push(mark);
    return;
  }
  const firstBlock = block.children.findIndex((child) => child.type === 'element' && BLOCKS.has(child.tagName));
  if (firstBlock < 0) {
    block.children.push(mark);
    return;
  }
  const child = block.children[firstBlock] as Element;
  if (child.tagName === 'p' && block.children.slice(0, firstBlock).every((c) => c.type !== 'element' && (c.type !== 'text' || !c.value.trim()))) {
    child.children.push(mark);
  } else {
    // Right after the item's own text, before the line break that precedes the nested block.
    let at = firstBlock;
    while (at > 0 && isBlank(block.children[at - 1]!)) at--;
    block.children.splice(at, 0, mark);
  }
}

/** True for a text node holding only white space. */
function isBlank(node: ElementContent): boolean {
  return node.type === 'text' && !node.value.trim();
}
