/**
 * White space as the page shows it, written once. A browser folds every run of white space in text to one space and
 * shows none between blocks, so the Markdown's soft wraps, double spaces and loose or tight lists change nothing on
 * screen; the renderer writes them so that they change nothing in the text either: runs in text become one space
 * (except in code blocks), white space between blocks becomes one newline, and none is kept between a list item and
 * the paragraph at its start or end (where a tight item has bare text). Text that shows the same is then the same, which is what lets a redline be
 * exact: accepting all its changes gives the new page's text character for character, rejecting all the old one's.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';

/** HTML's white space (not the no-break space, which shows). */
export const HTML_SPACE = /[\t\n\f\r ]+/g;

/** Elements that are blocks on the page: white space beside them is layout, not text. */
const BLOCKS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot',
  'tr', 'td', 'th', 'hr', 'div', 'section', 'details', 'summary', 'dl', 'dt', 'dd', 'figure', 'caption',
]);

function isBlock(node: ElementContent | RootContent | Root | undefined): boolean {
  return node?.type === 'element' && BLOCKS.has(node.tagName);
}

function isParagraph(node: ElementContent | RootContent | undefined): boolean {
  return node?.type === 'element' && node.tagName === 'p';
}

/** Normalises the white space of a rendered tree in place (see the module comment). */
export function normalizeWhitespace(tree: Root | Element): void {
  const walk = (parent: Root | Element) => {
    const children = parent.children as (ElementContent | RootContent)[];
    let dropped = false;
    for (let index = 0; index < children.length; index++) {
      const node = children[index]!;
      if (node.type === 'element') {
        if (node.tagName !== 'pre') walk(node);
        continue;
      }
      if (node.type !== 'text' || !HAS_SPACE.test(node.value)) continue;
      const blank = node.value.replace(HTML_SPACE, '') === '';
      if (blank && (isBlock(children[index - 1]) || isBlock(children[index + 1]))) {
        // A loose item's paragraph stands where a tight item has bare text: no white space between it and the item.
        const paragraphAtEdge = (index === 0 && isParagraph(children[1])) || (index === children.length - 1 && isParagraph(children[index - 1]));
        if (paragraphAtEdge && parent.type === 'element' && parent.tagName === 'li') dropped = markDropped(node);
        else node.value = '\n';
        continue;
      }
      // The only content of a block (an empty quote or list item) is no text either.
      if (blank && children.length === 1 && isBlock(parent as Element)) dropped = markDropped(node);
      else node.value = node.value.replace(HTML_SPACE, ' ');
    }
    if (dropped) parent.children = children.filter((node) => !(node.type === 'text' && DROPPED.has(node))) as typeof parent.children;
  };
  walk(tree);
}

/** Text nodes to leave out, once their parent's loop is done. */
const DROPPED = new WeakSet<object>();

function markDropped(node: object): true {
  DROPPED.add(node);
  return true;
}

/** Any white space other than a lone space between words: a newline, a tab, or a run. */
const HAS_SPACE = /[\t\n\f\r]| {2}|^ $/;
