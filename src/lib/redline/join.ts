/**
 * Joins blocks with the newlines that separate them on the page, so that accepting all changes leaves exactly the
 * new document's separators and rejecting all exactly the old one's: a separator only one side has goes inside that
 * side's `<del>` or `<ins>`.
 */
import type { Element, ElementContent } from 'hast';
import { text } from './hast.ts';
import { appendAll } from '../append.ts';

/** Which document a block belongs to: both (kept or changed inside), old only, new only, or neither (a deletion inside a move). */
export type Side = 'both' | 'old' | 'new' | 'none';

/** A block ready to be joined. */
export interface Item {
  node: ElementContent;
  side: Side;
}

/**
 * Joins items with `separator` text between consecutive blocks of each document. `head` and `tail` (whitespace before
 * the first and after the last block) belong to the item list's container; `sharedEnds` says the container exists in
 * both documents (then they stay plain), otherwise they go inside the first and last item's marks.
 */
export function joinItems(
  items: Item[],
  options: { separator?: string; head?: ElementContent[]; tail?: ElementContent[]; oldHead?: ElementContent[]; oldTail?: ElementContent[]; sharedEnds?: boolean } = {},
): ElementContent[] {
  const separator = options.separator ?? '\n';
  const head = options.head ?? [];
  const tail = options.tail ?? [];
  const out: ElementContent[] = [];
  const shared = options.sharedEnds ?? true;
  if (shared) appendAll(out, ends(head, options.oldHead, items));
  let previousBoth = false;
  let k = 0;
  while (k < items.length) {
    if (items[k]!.side === 'both') {
      if (previousBoth) out.push(text(separator));
      out.push(items[k]!.node);
      previousBoth = true;
      k++;
      continue;
    }
    // A gap: the side-only items between two blocks both documents have (or an end).
    const start = k;
    while (k < items.length && items[k]!.side !== 'both') k++;
    const gap = items.slice(start, k);
    const hasNext = k < items.length;
    const olds = gap.filter((item) => item.side === 'old');
    const news = gap.filter((item) => item.side === 'new');
    const carry = new Map<Item, { leading: boolean; trailing: boolean }>();
    const mark = (list: Item[], leading: (i: number) => boolean, trailing: (i: number) => boolean) =>
      list.forEach((item, i) => carry.set(item, { leading: leading(i), trailing: trailing(i) }));
    const never = () => false;
    if (previousBoth && hasNext) {
      out.push(text(separator));
      mark(olds, never, () => true);
      mark(news, never, () => true);
    } else if (previousBoth) {
      if (olds.length && news.length) {
        out.push(text(separator));
        mark(olds, never, (i) => i < olds.length - 1);
        mark(news, never, (i) => i < news.length - 1);
      } else {
        mark(olds, () => true, never);
        mark(news, () => true, never);
      }
    } else if (hasNext) {
      mark(olds, never, () => true);
      mark(news, never, () => true);
    } else {
      mark(olds, never, (i) => i < olds.length - 1);
      mark(news, never, (i) => i < news.length - 1);
    }
    for (const item of gap) {
      const how = carry.get(item);
      if (how?.leading) carrySeparator(item.node, separator, 'leading');
      if (how?.trailing) carrySeparator(item.node, separator, 'trailing');
      out.push(item.node);
    }
    // The separators before the next shared block were emitted or carried with the gap.
    previousBoth = false;
  }
  if (!shared) {
    const sideItems = items.filter((item) => item.side !== 'none');
    if (sideItems.length) {
      for (const node of [...head].reverse()) carrySeparator(sideItems[0]!.node, textOfWhitespace(node), 'leading');
      for (const node of tail) carrySeparator(sideItems.at(-1)!.node, textOfWhitespace(node), 'trailing');
    }
  } else appendAll(out, ends(tail, options.oldTail, [...items].reverse()));
  return out;
}

/**
 * A shared container's white space at one end: as it is when both documents have the same, else each document's own
 * inside a `<del>` and an `<ins>` of the nearest change (a list item whose first block changed kind has another).
 */
function ends(current: ElementContent[], old: ElementContent[] | undefined, nearestFirst: Item[]): ElementContent[] {
  const newText = current.map(textOfWhitespace).join('');
  const oldText = old === undefined ? newText : old.map(textOfWhitespace).join('');
  if (oldText === newText) return current;
  let mark: Element | undefined;
  for (const item of nearestFirst) if ((mark = findWrapper(item.node, 'leading'))) break;
  if (!mark) return current;
  const { id: _id, ...properties } = mark.properties;
  const side = (tagName: 'del' | 'ins', value: string): ElementContent[] => (value ? [{ type: 'element', tagName, properties: { ...properties }, children: [text(value)] }] : []);
  return [...side('del', oldText), ...side('ins', newText)];
}

function textOfWhitespace(node: ElementContent): string {
  return node.type === 'text' ? node.value : '';
}

/** Puts separator text inside the first (leading) or last (trailing) `<ins>`/`<del>` of a block, or beside the block when it has none. */
export function carrySeparator(node: ElementContent, separator: string, where: 'leading' | 'trailing'): void {
  if (!separator) return;
  const wrapper = findWrapper(node, where);
  if (!wrapper) return;
  if (where === 'leading') wrapper.children.unshift(text(separator));
  else wrapper.children.push(text(separator));
}

function findWrapper(node: ElementContent, where: 'leading' | 'trailing'): Element | undefined {
  if (node.type !== 'element') return undefined;
  if (node.tagName === 'ins' || node.tagName === 'del') return node;
  const children = where === 'leading' ? node.children : [...node.children].reverse();
  for (const child of children) {
    const found = findWrapper(child, where);
    if (found) return found;
  }
  return undefined;
}
