/** Folds long runs of unchanged blocks of a redline into `<details>`, so the changes stand out; they open without script. */
import type { Element, ElementContent, Root } from 'hast';
import { element, hasChange, text } from './hast.ts';

/** A run longer than this is folded. */
export const FOLD_LONGER_THAN = 4;
/** Unchanged blocks left open on each side of a change, for context. */
const CONTEXT = 1;

/** Containers whose children are folded in turn when they hold a change: sections, lists, list items, quotes, rows. */
const CONTAINERS = new Set(['section', 'ul', 'ol', 'li', 'blockquote', 'div']);

/** Folds runs of unchanged blocks in the redline body `root`, at every level that holds a change. */
export function foldUnchanged(root: Root, options: { sideBySide: boolean }): void {
  root.children = foldList(root.children as ElementContent[], undefined, options) as Root['children'];
}

function foldList(children: ElementContent[], parent: Element | undefined, options: { sideBySide: boolean }): ElementContent[] {
  // In side by side, a row's two sides are folded as one: never inside a row.
  for (const block of children) {
    if (block.type === 'element' && hasChange(block) && CONTAINERS.has(block.tagName) && !(options.sideBySide && isRow(block))) {
      block.children = foldList(block.children, block, options);
    }
  }
  const out: ElementContent[] = [];
  let run: ElementContent[] = [];
  let runBlocks = 0;
  let seenChange = false;
  const flush = (beforeChange: boolean) => {
    const keepStart = seenChange ? CONTEXT : 0;
    const keepEnd = beforeChange ? CONTEXT : 0;
    if (runBlocks - keepStart - keepEnd > FOLD_LONGER_THAN) {
      const elements = run.map((node, index) => ({ node, index })).filter(({ node }) => node.type === 'element');
      const from = elements[keepStart]!.index;
      const to = elements[runBlocks - keepEnd - 1]!.index + 1;
      out.push(...run.slice(0, from), foldOf(run.slice(from, to), parent), ...run.slice(to));
    } else out.push(...run);
    run = [];
    runBlocks = 0;
  };
  for (const child of children) {
    // A heading is never folded away: it says where the reader is.
    if (child.type === 'element' && (hasChange(child) || isHeading(child))) {
      flush(true);
      seenChange = true;
      out.push(child);
      continue;
    }
    run.push(child);
    if (child.type === 'element') runBlocks++;
  }
  flush(false);
  return out;
}

/** The folded run: `<details>` with a count; inside a list, an item holding a list of the same kind, numbered on. */
function foldOf(nodes: ElementContent[], parent: Element | undefined): Element {
  const blocks = nodes.filter((node): node is Element => node.type === 'element');
  const summary = element('summary', {}, [text(`${blocks.length} unchanged ${nounOf(blocks)}`)]);
  if (parent && (parent.tagName === 'ul' || parent.tagName === 'ol')) {
    const list = element(parent.tagName, parent.tagName === 'ol' ? { start: startOf(parent, blocks[0]!) } : {}, nodes);
    return element('li', { className: ['redline-fold'] }, [element('details', {}, [summary, list])]);
  }
  return element('details', { className: ['redline-fold'] }, [summary, ...nodes]);
}

/** The number an ordered list gives `item`. */
function startOf(list: Element, item: Element): number {
  const start = typeof list.properties.start === 'number' ? list.properties.start : 1;
  return start + list.children.filter((child) => child.type === 'element').indexOf(item);
}

/** "list items", "paragraphs", "sections" or "rows", or "items" for a mix. */
function nounOf(blocks: Element[]): string {
  const kinds = new Set(blocks.map((block) => (isRow(block) ? 'row' : block.tagName)));
  if (kinds.size === 1) {
    const [kind] = kinds;
    if (kind === 'li') return 'list items';
    if (kind === 'p') return 'paragraphs';
    if (kind === 'section') return 'sections';
    if (kind === 'row') return 'blocks';
  }
  return 'items';
}

function isRow(node: Element): boolean {
  const names = node.properties.className;
  return Array.isArray(names) && names.includes('redline-row');
}

/** A heading, or a side-by-side row of one. */
function isHeading(node: Element): boolean {
  if (/^h[1-6]$/.test(node.tagName)) return true;
  return isRow(node) && node.children.some((side) => side.type === 'element' && side.children.some((child) => child.type === 'element' && /^h[1-6]$/.test(child.tagName)));
}
