/**
 * Words aligned across a change of block structure: when blocks are split, merged, re-nested or change kind (list ↔
 * headings ↔ paragraphs), the words of a stretch of blocks are diffed as one text, with the white space between
 * blocks as tokens of its own, and shown in the new blocks. A one-word edit stays one word; a new block boundary is a
 * formatting change; a block whose kind or nesting changed carries its old kind (`data-was-block`) and an empty mark.
 */
import type { Element, ElementContent } from 'hast';
import { contentOf, isContainer, leafTag, marksOf, plainText, splitUnits, type BlockOp, type Unit } from './blocks.ts';
import { wrapChange, type ChangeLog, type PendingChange } from './changes.ts';
import { appendAll } from '../append.ts';
import { text, textOf } from './hast.ts';
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
      if (op.children) appendAll(work, op.children.ops);
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
      if (op.children) appendAll(work, op.children.ops);
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
  // A change of structure is local (a list, a few paragraphs); a stretch longer than this is a rewrite, and aligning it
  // again would only double the cost of its word diffs.
  let length = 0;
  for (const unit of [...removed, ...added]) length += plainText(unit).length;
  if (length > MAX_RESTRUCTURE_LENGTH) return undefined;
  const old = streamOf(removed, true);
  const current = streamOf(added, false);
  const { runs, coarse } = alignTokens(old.tokens, current.tokens, { ...limits, budget: Math.min(limits.budget, RESTRUCTURE_BUDGET) });
  if (coarse) return undefined;
  const marked = markedWords(runs);
  // Words shown as a linked move read as one change, not as a deletion and an unrelated insertion.
  const score = marked - movedWords(runs, MIN_MOVED_SENTENCE) / 2;
  return score < than ? { runs, old, new: current, marked } : undefined;
}

/** Does the plan show words as moved within its stretch? */
export function hasMovedWords(plan: Restructure): boolean {
  return movedWords(plan.runs, MIN_MOVED_SENTENCE) > 0;
}

/**
 * Token comparisons one restructure alignment may spend (about edit length × tokens). A change of structure edits few
 * words, so its alignment ends early; stretches further apart than this keep their block pairing. Under the word diff's
 * own budget, each unrelated 20 KB stretch spent 0.6 s before giving up.
 */
const RESTRUCTURE_BUDGET = 2_000_000;

/** Longest stretch of blocks (characters of text, both documents together) whose words are aligned across blocks. */
const MAX_RESTRUCTURE_LENGTH = 20_000;

/** Shortest text (characters of words) deleted in one place and inserted in another of a restructured stretch to show as a move. */
export const MIN_MOVED_SENTENCE = 40;

/** Where a placed token goes: the index of a piece of the new blocks (a leaf, or a gap between blocks). */
type Slot = number;

/** Renders a restructured stretch: the new blocks, every word placed with its mark, changes created in the log. */
export function renderRestructure(plan: Restructure, context: { log: ChangeLog; sectionId: string }): ElementContent[] {
  const { placed } = placeRuns(plan.runs, { log: context.log, sectionId: context.sectionId, block: blockOf(plan), moves: { minLength: MIN_MOVED_SENTENCE } });
  const pieces = plan.new.pieces;
  // Each new word's slot is its leaf, and white space between blocks both documents have stays between them. The rest
  // (deleted words, white space between blocks only one document has, link anchors) goes into the leaf before it, else
  // the next, so marks sit inside blocks; always in order, so accepting or rejecting all gives each text exactly.
  const slotOf = (entry: Placed): Slot => {
    const piece = entry.op === 'del' ? undefined : plan.new.pieceOf.get(entry.token);
    if (piece === undefined || (pieces[piece]!.kind === 'gap' && entry.op !== 'equal')) return -1;
    return piece;
  };
  const contents = new Map<Slot, Placed[]>();
  const append = (slot: Slot, entries: Placed[]) => contents.set(slot, [...(contents.get(slot) ?? []), ...entries]);
  const isLeaf = (slot: Slot) => slot >= 0 && pieces[slot]!.kind === 'leaf';
  let previous = -1;
  let pending: Placed[] = [];
  for (const entry of placed) {
    const slot = slotOf(entry);
    if (slot < 0) {
      if (entry.op === 'del' && isLeaf(previous) && pending.length === 0) append(previous, [entry]);
      else pending.push(entry);
      continue;
    }
    if (pending.length) {
      append(isLeaf(slot) || !isLeaf(previous) ? slot : previous, pending);
      pending = [];
    }
    append(slot, [entry]);
    previous = slot;
  }
  if (pending.length) append(previous >= 0 ? previous : firstLeaf(pieces), pending);
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

/**
 * Makes a paragraph split or merge visible: the white space a leaf lost to a new block boundary (`data-break="split"`)
 * or the old boundary it absorbed (`data-break="merge"`) is otherwise a blank `<del>`; CSS shows a ¶ there. Other
 * blank marks (white space that moved with a boundary) are `data-space`, which CSS keeps from showing as a box.
 */
function markBreaks(nodes: ElementContent[], entries: Placed[]): void {
  const breaks = new Map<string, 'split' | 'merge'>();
  // Words of the new text in this leaf before and after each entry: a merge sits between words, a split after the last.
  const shown = entries.map((entry) => entry.op !== 'del' && /^[\p{L}\p{N}]/u.test(entry.token.compare));
  const after = shown.map((_, k) => shown.indexOf(true, k + 1) >= 0);
  entries.forEach((entry, k) => {
    if (entry.op !== 'del' || entry.change?.kind !== 'formatting' || !shown.slice(0, k).includes(true)) return;
    if (entry.token.boundary && after[k]) breaks.set(entry.change.key, 'merge');
    else if (entry.token.compare === ' ' && !after[k] && !breaks.has(entry.change.key)) breaks.set(entry.change.key, 'split');
  });
  const work = [...nodes];
  while (work.length) {
    const node = work.pop()!;
    if (node.type !== 'element') continue;
    const key = node.properties.dataChange;
    const blank = (node.tagName === 'del' || node.tagName === 'ins') && !textOf(node.children).trim();
    if (blank && node.tagName === 'del' && typeof key === 'string' && breaks.has(key)) node.properties.dataBreak = breaks.get(key)!;
    // (white space that moved with a block boundary: marked, so lossless, but nothing to see)
    else if (blank && textOf(node.children)) node.properties.dataSpace = true;
    else appendAll(work, node.children);
  }
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
      appendAll(target, nodes.length ? nodes : [text('')]);
      return;
    }
    const structure = wasBlock.get(index);
    if (!structure) markBreaks(nodes, contents.get(index) ?? []);
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
      appendAll(target, children);
    }
  });
  return root.filter((node) => node.type !== 'text' || node.value !== '');
}
