/**
 * Words aligned across a change of block structure: when blocks are split, merged, re-nested or change kind (list ↔
 * headings ↔ paragraphs), the words of a stretch of blocks are diffed as one text, with the white space between
 * blocks as tokens of its own, and shown in the new blocks. A one-word edit stays one word; a new block boundary is a
 * formatting change; a block whose kind or nesting changed carries its old kind (`data-was-block`) and an empty mark.
 */
import type { Element, ElementContent } from 'hast';
import { contentOf, isContainer, leafTag, marksOf, plainText, splitUnits, type BlockOp, type Unit } from './blocks.ts';
import { wrapChange, type ChangeLog, type PendingChange } from './changes.ts';
import { text } from './hast.ts';
import { alignTokens, build, markedWords, movedWords, placeRuns, tokenize, type InlineLimits, type Placed, type Run, type Token } from './inline.ts';

/** A piece of a stretch of blocks in document order: a container opening or closing, a leaf block, or white space between blocks. */
type Piece = { kind: 'open'; element: Element } | { kind: 'close' } | { kind: 'leaf'; unit: Unit; path: string } | { kind: 'gap'; value: string };

/** A stretch of blocks as one token list, each token knowing the piece it came from. */
interface Stream {
  pieces: Piece[];
  tokens: Token[];
  /** Index into `pieces` of each token. */
  pieceOf: Map<Token, number>;
}

/** The restructured stretch, ready to render. */
export interface Restructure {
  runs: Run[];
  old: Stream;
  new: Stream;
  /** Words marked inserted or deleted. */
  marked: number;
}

/** Tags whose leaves a reader names in a structure change. */
const LABELS: Record<string, string> = { li: 'list item', p: 'paragraph', td: 'table cell', th: 'table header cell', pre: 'code block', blockquote: 'quote' };

/** Flattens blocks into pieces (without recursion, so deep nesting costs no stack). */
function piecesOf(units: Unit[]): Piece[] {
  const pieces: Piece[] = [];
  // Work list in reverse: units to expand, and markers to emit.
  const work: Array<{ unit: Unit; path: string; gapBefore?: string } | Piece> = [];
  for (let k = units.length - 1; k >= 0; k--) work.push({ unit: units[k]!, path: '', ...(k > 0 ? { gapBefore: '\n' } : {}) });
  while (work.length) {
    const item = work.pop()!;
    if ('kind' in item) {
      pieces.push(item);
      continue;
    }
    if (item.gapBefore) pieces.push({ kind: 'gap', value: item.gapBefore });
    const { unit } = item;
    if (!isContainer(unit)) {
      pieces.push({ kind: 'leaf', unit, path: `${item.path}/${leafTag(unit)}` });
      continue;
    }
    const element = unit.element!;
    const path = `${item.path}/${element.tagName}`;
    const { units: children, tail } = splitUnits(element.children);
    pieces.push({ kind: 'open', element });
    const head = spaceOf(children[0]?.lead ?? []);
    const closing: Array<{ unit: Unit; path: string; gapBefore?: string } | Piece> = [];
    if (head) closing.push({ kind: 'gap', value: head });
    children.forEach((child, k) => closing.push({ unit: child, path, ...(k > 0 ? { gapBefore: '\n' } : {}) }));
    const end = spaceOf(tail);
    if (end) closing.push({ kind: 'gap', value: end });
    closing.push({ kind: 'close' });
    for (let k = closing.length - 1; k >= 0; k--) work.push(closing[k]!);
  }
  return pieces;
}

function spaceOf(nodes: ElementContent[]): string {
  return nodes.map((node) => (node.type === 'text' ? node.value : '')).join('');
}

/** The tokens of a stretch of blocks: each leaf's words, and each gap as one boundary token. */
function streamOf(units: Unit[], fromOld: boolean): Stream {
  const pieces = piecesOf(units);
  const tokens: Token[] = [];
  const pieceOf = new Map<Token, number>();
  pieces.forEach((piece, index) => {
    let list: Token[] = [];
    if (piece.kind === 'gap') list = [{ text: piece.value, compare: `\u0001${piece.value}`, format: '', shape: '', marks: [], boundary: true }];
    else if (piece.kind === 'leaf') {
      const tag = leafTag(piece.unit);
      list = tokenize(contentOf(piece.unit), tag === 'pre', fromOld);
      // A block without text (a rule) still takes part, as a token of its own.
      if (list.length === 0) list = [{ text: '', compare: `\u0002${tag}`, format: '', shape: '', marks: [] }];
    }
    for (const token of list) {
      tokens.push(token);
      pieceOf.set(token, index);
    }
  });
  return { pieces, tokens, pieceOf };
}

/** Words that block ops mark as changed, counted as the word diff counts them (a paired leaf: the words the two do not share). */
export function estimateMarked(ops: BlockOp[]): number {
  let total = 0;
  const work: BlockOp[] = [...ops];
  while (work.length) {
    const op = work.pop()!;
    if (op.type === 'delete') total += wordsOf(op.old).length;
    else if (op.type === 'insert') total += wordsOf(op.new).length;
    else if (op.type === 'restructure') total += op.restructure.marked;
    else if (op.type === 'modify') {
      if (op.children) work.push(...op.children.ops);
      else if (leafTag(op.old) !== leafTag(op.new)) total += wordsOf(op.old).length + wordsOf(op.new).length;
      else total += bagDifference(wordsOf(op.old), wordsOf(op.new));
    }
  }
  return total;
}

/** A block's words as the word diff splits them (inner dots, hyphens and slashes kept). */
function wordsOf(unit: Unit): string[] {
  return plainText(unit).match(WORDS) ?? [];
}

const WORDS = /[\p{L}\p{N}\p{M}]+(?:[.,'’\-/:@_][\p{L}\p{N}\p{M}]+)*/gu;

/** Words in one list and not the other, either way, counted with repeats. */
function bagDifference(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const word of a) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const word of b) counts.set(word, (counts.get(word) ?? 0) - 1);
  let total = 0;
  for (const n of counts.values()) total += Math.abs(n);
  return total;
}

/** Does an alignment leave blocks unpaired or change a block's kind, so that words might be aligned across blocks? */
export function hasStructureNoise(ops: BlockOp[]): boolean {
  let deleted = false;
  let inserted = false;
  const work: BlockOp[] = [...ops];
  while (work.length) {
    const op = work.pop()!;
    if (op.type === 'delete' && !op.move) deleted = true;
    else if (op.type === 'insert' && !op.move) inserted = true;
    else if (op.type === 'modify') {
      if (op.children) work.push(...op.children.ops);
      else if (leafTag(op.old) !== leafTag(op.new)) return true;
    }
  }
  return deleted || inserted;
}

/**
 * Aligns the words of two stretches of blocks as one text; undefined when that marks no fewer words than `than` (the
 * block alignment's count) or the texts are too different to diff.
 */
export function restructure(removed: Unit[], added: Unit[], than: number, limits: InlineLimits): Restructure | undefined {
  const old = streamOf(removed, true);
  const current = streamOf(added, false);
  const { runs, coarse } = alignTokens(old.tokens, current.tokens, limits);
  if (coarse) return undefined;
  const marked = markedWords(runs);
  // Words shown as a linked move read as one change, not as a deletion and an unrelated insertion.
  const score = marked - movedWords(runs, MIN_MOVED_SENTENCE) / 2;
  return score < than ? { runs, old, new: current, marked } : undefined;
}

/** Shortest text (characters of words) deleted in one place and inserted in another of a restructured stretch to show as a move. */
export const MIN_MOVED_SENTENCE = 40;

/** Where a placed token goes: the piece it belongs to (a leaf or a gap of the new blocks). */
type Slot = number;

/** Renders a restructured stretch: the new blocks, every word placed with its mark, changes created in the log. */
export function renderRestructure(plan: Restructure, context: { log: ChangeLog; sectionId: string }): ElementContent[] {
  const { placed } = placeRuns(plan.runs, { log: context.log, sectionId: context.sectionId, block: blockOf(plan), moves: { minLength: MIN_MOVED_SENTENCE } });
  const pieces = plan.new.pieces;
  // Each new token's slot is its piece; the others (deleted words, anchors) go to the leaf before them, else the next.
  const slots: Slot[] = placed.map((entry) => (entry.op === 'del' ? -1 : (plan.new.pieceOf.get(entry.token) ?? -1)));
  const contents = new Map<Slot, Placed[]>();
  let previous = -1;
  const pending: Placed[] = [];
  const flush = (slot: Slot, before: boolean) => {
    if (!pending.length) return;
    const list = contents.get(slot) ?? [];
    contents.set(slot, before ? [...pending, ...list] : [...list, ...pending]);
    pending.length = 0;
  };
  placed.forEach((entry, k) => {
    const slot = slots[k]!;
    if (slot < 0) {
      const isLeaf = previous >= 0 && pieces[previous]!.kind === 'leaf';
      if (isLeaf && entry.op === 'del') contents.get(previous)!.push(entry);
      else pending.push(entry);
      return;
    }
    if (pending.length) {
      if (pieces[slot]!.kind === 'leaf' || previous < 0) flush(slot, true);
      else flush(previous, false);
    }
    const list = contents.get(slot) ?? [];
    list.push(entry);
    contents.set(slot, list);
    previous = slot;
  });
  if (pending.length) flush(previous >= 0 ? previous : firstLeaf(pieces), false);
  const wasBlock = structureChanges(plan, context);
  foldSpaceChanges(contents, wasBlock, context.log);
  return rebuild(pieces, contents, wasBlock);
}

/**
 * Changes of white space only (block boundaries that moved as the structure changed) belong to the nearest change of
 * structure, when there is one: a list turned into headings is one change, not one per boundary.
 */
function foldSpaceChanges(contents: Map<Slot, Placed[]>, wasBlock: Map<number, { was: string; change: PendingChange }>, log: ChangeLog): void {
  if (wasBlock.size === 0) return;
  const spaceOnly = new Map<PendingChange, boolean>();
  for (const list of contents.values()) {
    for (const entry of list) {
      if (!entry.change || entry.change.kind === 'move-from' || entry.change.kind === 'move-to') continue;
      const blank = !!entry.token.boundary || entry.token.compare === ' ';
      spaceOnly.set(entry.change, (spaceOnly.get(entry.change) ?? true) && blank);
    }
  }
  const structured = [...wasBlock.keys()];
  for (const [slot, list] of contents) {
    const nearest = structured.reduce((best, at) => (Math.abs(at - slot) < Math.abs(best - slot) ? at : best));
    for (const entry of list) {
      if (!entry.change || !spaceOnly.get(entry.change)) continue;
      log.all.delete(entry.change.key);
      entry.change = wasBlock.get(nearest)!.change;
    }
  }
}

/** The tag the stretch's changes are reported in: its first new leaf's. */
function blockOf(plan: Restructure): string {
  const leaf = plan.new.pieces.find((piece) => piece.kind === 'leaf');
  return leaf?.kind === 'leaf' ? leafTag(leaf.unit) : 'p';
}

function firstLeaf(pieces: Piece[]): number {
  return Math.max(0, pieces.findIndex((piece) => piece.kind === 'leaf'));
}

/** For each new leaf whose words came mostly from an old leaf of another kind or depth: the old kind's name and a formatting change. */
function structureChanges(plan: Restructure, context: { log: ChangeLog; sectionId: string }): Map<number, { was: string; change: PendingChange }> {
  const votes = new Map<number, Map<number, number>>();
  for (const run of plan.runs) {
    if (run.type !== 'equal' && run.type !== 'format') continue;
    run.new.forEach((token, k) => {
      if (token.boundary) return;
      const to = plan.new.pieceOf.get(token)!;
      const from = plan.old.pieceOf.get(run.old[k]!)!;
      const tally = votes.get(to) ?? new Map<number, number>();
      tally.set(from, (tally.get(from) ?? 0) + 1);
      votes.set(to, tally);
    });
  }
  const out = new Map<number, { was: string; change: PendingChange }>();
  let last: { from: string; to: string; change: PendingChange } | undefined;
  for (const [to, tally] of [...votes].sort((a, b) => a[0] - b[0])) {
    const from = [...tally].sort((a, b) => b[1] - a[1])[0]![0];
    const oldPiece = plan.old.pieces[from]!;
    const newPiece = plan.new.pieces[to]!;
    if (oldPiece.kind !== 'leaf' || newPiece.kind !== 'leaf' || oldPiece.path === newPiece.path) {
      last = undefined;
      continue;
    }
    const was = label(oldPiece.path);
    const now = label(newPiece.path);
    // Neighbouring blocks that changed the same way (a list turned into headings) are one change.
    if (!last || last.from !== was || last.to !== now) {
      const change = context.log.create('formatting', context.sectionId, leafTag(newPiece.unit));
      change.oldText = was;
      change.newText = now;
      last = { from: was, to: now, change };
    }
    out.set(to, { was, change: last.change });
  }
  return out;
}

/** A reader's name for a leaf's place: "heading 3", "list item", "list item, level 2", "paragraph in a quote". */
function label(path: string): string {
  const tags = path.split('/').filter(Boolean);
  const leaf = tags.at(-1)!;
  const depth = tags.filter((tag) => tag === 'li').length;
  if (/^h\d$/.test(leaf)) return `heading ${leaf.slice(1)}`;
  if (depth > 0) return `list item${depth > 1 ? `, level ${depth}` : ''}${tags.includes('ol') && tags.lastIndexOf('ol') > tags.lastIndexOf('ul') ? ' (numbered)' : ''}`;
  const name = LABELS[leaf] ?? leaf;
  return tags.includes('blockquote') ? `${name} in a quote` : name;
}

/** Builds the new blocks from their pieces, each leaf's and gap's content from its placed tokens. */
function rebuild(pieces: Piece[], contents: Map<Slot, Placed[]>, wasBlock: Map<number, { was: string; change: PendingChange }>): ElementContent[] {
  const root: ElementContent[] = [];
  const stack: ElementContent[][] = [root];
  const holders: Element[] = [];
  pieces.forEach((piece, index) => {
    const target = stack.at(-1)!;
    if (piece.kind === 'open') {
      const { id, ...rest } = piece.element.properties;
      const shell: Element = { type: 'element', tagName: piece.element.tagName, properties: id === undefined ? { ...rest } : { ...rest, id }, children: [] };
      target.push(shell);
      stack.push(shell.children);
      holders.push(shell);
      return;
    }
    if (piece.kind === 'close') {
      stack.pop();
      holders.pop();
      return;
    }
    const nodes = build(contents.get(index) ?? []);
    if (piece.kind === 'gap') {
      target.push(...(nodes.length ? nodes : [text('')]));
      return;
    }
    const structure = wasBlock.get(index);
    const children = [...(structure ? [wrapChange('ins', structure.change, [])] : []), ...nodes, ...marksOf(piece.unit)];
    if (piece.unit.element) {
      const { id, ...rest } = piece.unit.element.properties;
      const shell: Element = { type: 'element', tagName: piece.unit.element.tagName, properties: id === undefined ? { ...rest } : { ...rest, id }, children };
      if (structure) shell.properties.dataWasBlock = structure.was;
      target.push(shell);
    } else {
      // A tight list item's text: the item itself carries the old kind.
      const holder = holders.at(-1);
      if (structure && holder) holder.properties.dataWasBlock = structure.was;
      target.push(...children);
    }
  });
  return root.filter((node) => node.type !== 'text' || node.value !== '');
}
