/** Turns block alignments into hast with `<ins>`/`<del>` inside the page's own elements. */
import type { Element, ElementContent } from 'hast';
import { ChangeLog, wrapChange, type PendingChange } from './changes.ts';
import { contentOf, isContainer, leafTag, listStart, marksOf, plainText, splitUnits, type BlockOp, type ContainerEnds, type Unit } from './blocks.ts';
import { stripForOld } from './hast.ts';
import { DEFAULT_INLINE_LIMITS, diffInline, type InlineLimits } from './inline.ts';
import { diffAroundMoves } from './sentence-moves.ts';
import { renderRestructure } from './restructure.ts';
import { joinItems, type Item, type Side } from './join.ts';
import { appendAll } from '../append.ts';

/** What rendering a section's blocks needs to know. */
export interface OpContext {
  log: ChangeLog;
  sectionId: string;
  /** Moves found across the document, by their temporary change key. */
  moves: Map<string, PendingChange>;
  /** One change that every insertion or deletion belongs to (a whole added or removed section). */
  forced?: PendingChange;
  limits?: InlineLimits;
  /** Set when some block was too large or too different and is shown replaced whole. */
  coarse: boolean;
}

/** Renders ops; returns, for each op, the blocks it shows (usually one) and which document each belongs to. */
export function renderOps(ops: BlockOp[], context: OpContext): Item[][] {
  const out: Item[][] = [];
  let group: PendingChange | undefined;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    if (op.type === 'equal') {
      group = undefined;
      out.push(as('both', op.new.element ? [op.new.element] : op.new.nodes));
      continue;
    }
    if (op.type === 'modify') {
      group = undefined;
      out.push(renderModify(op, context));
      continue;
    }
    if (op.type === 'restructure') {
      group = undefined;
      out.push(as('both', renderRestructure(op.restructure, { log: context.log, sectionId: context.sectionId })));
      continue;
    }
    const unit = op.type === 'delete' ? op.old : op.new;
    if (op.move?.from && op.type === 'insert') {
      group = undefined;
      out.push(as('new', renderMovedEdited(op.move.from, op.new, context.moves.get(op.move.changeKey)!, context)));
      continue;
    }
    if (op.move) {
      group = undefined;
      out.push(as(op.type === 'delete' ? 'old' : 'new', markUnit(unit, op.type === 'delete' ? 'del' : 'ins', context.moves.get(op.move.changeKey)!, op.type === 'delete')));
      continue;
    }
    if (!group) group = context.forced ?? context.log.create(runKind(ops, k), context.sectionId, leafTag(unit));
    appendText(group, op.type === 'delete' ? 'old' : 'new', plainText(unit));
    out.push(as(op.type === 'delete' ? 'old' : 'new', markUnit(unit, op.type === 'delete' ? 'del' : 'ins', group, op.type === 'delete')));
  }
  return out;
}

/** Nodes of one side as items; an inline run's pieces stay one item so no separator comes between them. */
function as(side: Side, nodes: ElementContent[]): Item[] {
  return nodes.length === 1 ? [{ node: nodes[0]!, side }] : [{ node: { type: 'element', tagName: 'template', properties: {}, children: nodes }, side }];
}

/** Unwraps the holders `as` made for inline runs. */
export function unwrapRuns(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node) => (node.type === 'element' && node.tagName === 'template' && Object.keys(node.properties).length === 0 ? node.children : [node]));
}

/**
 * An ordered list whose first number changed shows other numbers for the items both documents have: one formatting
 * change, each renumbered item carrying its old and new number (`data-was-number`, `data-number`) for CSS and the
 * terminal, and an empty mark of the change; returns the old first number (the list keeps it as `data-was-start`, so
 * the old column of side by side numbers as the old document did).
 */
function markRenumbered(op: Extract<BlockOp, { type: 'modify' }>, items: Item[][], context: OpContext): number | undefined {
  if (op.old.element?.tagName !== 'ol' || op.new.element?.tagName !== 'ol') return undefined;
  const oldStart = listStart(op.old.element);
  const newStart = listStart(op.new.element);
  if (oldStart === newStart) return undefined;
  let change: PendingChange | undefined;
  let oldIndex = 0;
  let newIndex = 0;
  const was: number[] = [];
  const now: number[] = [];
  op.children!.ops.forEach((child, k) => {
    const isItem = (unit: Unit) => unit.element?.tagName === 'li';
    if (child.type === 'restructure') {
      oldIndex += child.old.filter(isItem).length;
      newIndex += child.new.filter(isItem).length;
    } else if (child.type === 'delete') oldIndex += isItem(child.old) ? 1 : 0;
    else if (child.type === 'insert') newIndex += isItem(child.new) ? 1 : 0;
    else if (isItem(child.old) && isItem(child.new)) {
      const before = oldStart + oldIndex++;
      const after = newStart + newIndex++;
      const node = items[k]?.[0]?.node;
      if (before === after || node?.type !== 'element' || node.tagName !== 'li') return;
      change ??= context.log.create('formatting', context.sectionId, 'ol');
      was.push(before);
      now.push(after);
      // (an unchanged item is the document's own element: mark a copy; the empty mark holds the change's anchor, the
      // item keeps its own id)
      const marker = wrapChange('ins', change, []);
      items[k]![0]!.node = { ...node, properties: { ...node.properties, dataWasNumber: String(before), dataNumber: String(after) }, children: [marker, ...node.children] };
    }
  });
  if (!change) return undefined;
  change.oldText = `numbered ${numberRange(was)}`;
  change.newText = `numbered ${numberRange(now)}`;
  return oldStart;
}

/** `2–8` for a run of numbers, `2` for one. */
function numberRange(numbers: number[]): string {
  return numbers.length > 1 ? `${numbers[0]}–${numbers.at(-1)}` : String(numbers[0]);
}

/** A container's rendered children, joined with the container's own whitespace. */
function joinChildren(items: Item[], ends: ContainerEnds): ElementContent[] {
  return unwrapRuns(joinItems(items, { head: copies(ends.head), tail: copies(ends.tail), oldHead: ends.oldHead, oldTail: ends.oldTail }));
}

function copies(nodes: ElementContent[]): ElementContent[] {
  return nodes.map((node) => ({ ...node }));
}

/** The kind of the change a run of unpaired deletions and insertions forms. */
function runKind(ops: BlockOp[], from: number): 'insertion' | 'deletion' | 'replacement' {
  let deletes = false;
  let inserts = false;
  for (let k = from; k < ops.length; k++) {
    const op = ops[k]!;
    if ((op.type !== 'delete' && op.type !== 'insert') || op.move) break;
    if (op.type === 'delete') deletes = true;
    else inserts = true;
  }
  return deletes && inserts ? 'replacement' : deletes ? 'deletion' : 'insertion';
}

function appendText(change: PendingChange, side: 'old' | 'new', value: string): void {
  if (side === 'old') change.oldText = change.oldText ? `${change.oldText}\n${value}` : value;
  else change.newText = change.newText ? `${change.newText}\n${value}` : value;
}

/** A block shown whole as deleted or inserted: every leaf's content wrapped, the elements kept. */
export function markUnit(unit: Unit, tag: 'ins' | 'del', change: PendingChange, fromOld: boolean): ElementContent[] {
  const content = () => {
    const nodes = contentOf(unit);
    return fromOld ? nodes.map(stripForOld).filter((node) => node !== undefined) : nodes;
  };
  if (!unit.element) return [wrapChange(tag, change, content()), ...(fromOld ? [] : marksOf(unit))];
  const shell = shellOf(unit.element, fromOld);
  const { units, tail } = isContainer(unit) ? splitUnits(unit.element.children) : { units: [], tail: [] };
  if (units.length) {
    const items = units.map((child): Item => ({ node: holder(markUnit(child, tag, change, fromOld)), side: fromOld ? 'old' : 'new' }));
    shell.children = unwrapRuns(joinItems(items, { head: copies(units[0]?.lead ?? []), tail: copies(tail), sharedEnds: false }));
    return [shell];
  }
  const inner = content();
  if (inner.length) shell.children.push(wrapChange(tag, change, inner));
  else {
    // A block without text (an empty item, a rule) is marked as a whole, and still holds an empty mark, so the
    // white space around it that only one document has can go inside; a void element has it right after itself.
    Object.assign(shell.properties, { dataChange: change.key, dataKind: change.kind });
    if (VOID.has(shell.tagName)) return [shell, wrapChange(tag, change, [])];
    shell.children.push(wrapChange(tag, change, []));
  }
  if (!fromOld) appendAll(shell.children, marksOf(unit));
  return [shell];
}

/** Elements that cannot hold children. */
const VOID = new Set(['hr', 'br', 'img', 'input', 'wbr']);

function holder(nodes: ElementContent[]): ElementContent {
  return nodes.length === 1 ? nodes[0]! : { type: 'element', tagName: 'template', properties: {}, children: nodes };
}

/** An element without its children; from the old document, without its id. */
function shellOf(node: Element, fromOld: boolean): Element {
  const { id, ...rest } = node.properties;
  return { type: 'element', tagName: node.tagName, properties: fromOld || id === undefined ? { ...rest } : { ...rest, id }, children: [] };
}

/** A block moved and edited, where it arrived: the whole of it `<ins data-move>`, its edits diffed inside. */
function renderMovedEdited(from: Unit, unit: Unit, move: PendingChange, context: OpContext): ElementContent[] {
  const diff = diffInline(contentOf(from), contentOf(unit), {
    log: context.log,
    sectionId: context.sectionId,
    block: leafTag(unit),
    exactSpace: leafTag(unit) === 'pre',
    ...(context.limits ? { limits: context.limits } : {}),
  });
  context.coarse ||= diff.coarse;
  const children = [wrapChange('ins', move, diff.nodes), ...marksOf(unit)];
  if (!unit.element) return children;
  const shell = shellOf(unit.element, false);
  shell.children = children;
  return [shell];
}

/** A paired block: containers aligned inside, leaves diffed word by word, a change of block kind shown as formatting. */
function renderModify(op: Extract<BlockOp, { type: 'modify' }>, context: OpContext): Item[] {
  if (op.children) {
    const shell = shellOf(op.new.element!, false);
    const items = renderOps(op.children.ops, context);
    const wasStart = markRenumbered(op, items, context);
    if (wasStart !== undefined) shell.properties.dataWasStart = wasStart;
    shell.children = joinChildren(items.flat(), op.children);
    return as('both', [shell]);
  }
  const oldTag = leafTag(op.old);
  const newTag = leafTag(op.new);
  if (oldTag !== newTag) {
    const kind = plainText(op.old) === plainText(op.new) ? 'formatting' : 'replacement';
    const change = context.log.create(kind, context.sectionId, newTag);
    change.oldText = plainText(op.old);
    change.newText = plainText(op.new);
    return [...as('old', markUnit(op.old, 'del', change, true)), ...as('new', markUnit(op.new, 'ins', change, false))];
  }
  const diff = op.moved
    ? diffAroundMoves(op, context.moves, { log: context.log, sectionId: context.sectionId, block: newTag, limits: context.limits ?? DEFAULT_INLINE_LIMITS })
    : diffInline(contentOf(op.old), contentOf(op.new), {
        log: context.log,
        sectionId: context.sectionId,
        block: newTag,
        exactSpace: newTag === 'pre',
        ...(context.limits ? { limits: context.limits } : {}),
      });
  context.coarse ||= diff.coarse;
  const children = [...diff.nodes, ...marksOf(op.new)];
  if (!op.new.element) return as('both', children);
  const shell = shellOf(op.new.element, false);
  shell.children = children;
  return as('both', [shell]);
}
