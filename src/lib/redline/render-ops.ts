/** Turns block alignments into hast with `<ins>`/`<del>` inside the page's own elements. */
import type { Element, ElementContent } from 'hast';
import { ChangeLog, wrapChange, type PendingChange } from './changes.ts';
import { contentOf, isContainer, leafTag, marksOf, plainText, splitUnits, type BlockOp, type Unit } from './blocks.ts';
import { stripForOld, text } from './hast.ts';
import { diffInline, type InlineLimits } from './inline.ts';

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

/** Renders ops; returns, for each op, the elements it shows (usually one). */
export function renderOps(ops: BlockOp[], context: OpContext): ElementContent[][] {
  const out: ElementContent[][] = [];
  let group: PendingChange | undefined;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    if (op.type === 'equal') {
      group = undefined;
      out.push([op.new.element ?? op.new.nodes].flat());
      continue;
    }
    if (op.type === 'modify') {
      group = undefined;
      out.push(renderModify(op, context));
      continue;
    }
    const unit = op.type === 'delete' ? op.old : op.new;
    if (op.move) {
      group = undefined;
      out.push(markUnit(unit, op.type === 'delete' ? 'del' : 'ins', context.moves.get(op.move.changeKey)!, op.type === 'delete'));
      continue;
    }
    if (!group) group = context.forced ?? context.log.create(runKind(ops, k), context.sectionId, leafTag(unit));
    appendText(group, op.type === 'delete' ? 'old' : 'new', plainText(unit));
    out.push(markUnit(unit, op.type === 'delete' ? 'del' : 'ins', group, op.type === 'delete'));
  }
  return out;
}

/** Renders ops as a container's children: each block after its own leading whitespace, then the tail. */
export function renderChildren(ops: BlockOp[], tail: ElementContent[], context: OpContext): ElementContent[] {
  const rendered = renderOps(ops, context);
  const children: ElementContent[] = [];
  ops.forEach((op, k) => {
    const lead = (op.type === 'delete' ? op.old : op.new).lead;
    rendered[k]!.forEach((node, m) => {
      if (m > 0 || lead.length) children.push(...(m > 0 ? [text('\n')] : lead.map((n) => ({ ...n }))));
      children.push(node);
    });
  });
  return [...children, ...tail];
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
  if (isContainer(unit)) {
    const { units, tail } = splitUnits(unit.element.children);
    for (const child of units) {
      shell.children.push(...child.lead.map((node) => ({ ...node })), ...markUnit(child, tag, change, fromOld));
    }
    shell.children.push(...tail.map((node) => ({ ...node })));
    return [shell];
  }
  const inner = content();
  if (inner.length) shell.children.push(wrapChange(tag, change, inner));
  else Object.assign(shell.properties, { dataChange: change.key, dataKind: change.kind });
  if (!fromOld) shell.children.push(...marksOf(unit));
  return [shell];
}

/** An element without its children; from the old document, without its id. */
function shellOf(node: Element, fromOld: boolean): Element {
  const { id, ...rest } = node.properties;
  return { type: 'element', tagName: node.tagName, properties: fromOld || id === undefined ? { ...rest } : { ...rest, id }, children: [] };
}

/** A paired block: containers aligned inside, leaves diffed word by word, a change of block kind shown as formatting. */
function renderModify(op: Extract<BlockOp, { type: 'modify' }>, context: OpContext): ElementContent[] {
  if (op.children) {
    const shell = shellOf(op.new.element!, false);
    shell.children = renderChildren(op.children.ops, op.children.tail, context);
    return [shell];
  }
  const oldTag = leafTag(op.old);
  const newTag = leafTag(op.new);
  if (oldTag !== newTag) {
    const kind = plainText(op.old) === plainText(op.new) ? 'formatting' : 'replacement';
    const change = context.log.create(kind, context.sectionId, newTag);
    change.oldText = plainText(op.old);
    change.newText = plainText(op.new);
    return [...markUnit(op.old, 'del', change, true), ...markUnit(op.new, 'ins', change, false)];
  }
  const diff = diffInline(contentOf(op.old), contentOf(op.new), {
    log: context.log,
    sectionId: context.sectionId,
    block: newTag,
    exactSpace: newTag === 'pre',
    ...(context.limits ? { limits: context.limits } : {}),
  });
  context.coarse ||= diff.coarse;
  const children = [...diff.nodes, ...marksOf(op.new)];
  if (!op.new.element) return children;
  const shell = shellOf(op.new.element, false);
  shell.children = children;
  return [shell];
}
