/** The block layer: splits content into blocks, aligns them by fingerprint, pairs changed blocks by similarity. */
import type { Element, ElementContent } from 'hast';
import { isAnchorMark, isBlock, isWhitespace, textOf } from './hast.ts';
import { appendAll } from '../append.ts';
import { boundedDiff } from './bounded-diff.ts';
import { DEFAULT_INLINE_LIMITS, isAscii } from './inline.ts';
import { estimateMarked, hasMovedWords, hasStructureNoise, restructure, type Restructure } from './restructure.ts';

/** Elements whose children are blocks to align one by one; every other block is a leaf diffed word by word. */
const CONTAINERS = new Set(['ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'div', 'section', 'details', 'dl', 'figure']);

/** A block: an element, or a run of inline content (the text of a tight list item), with the whitespace before it. */
export interface Unit {
  lead: ElementContent[];
  /** The block element; absent for a run of inline content. */
  element?: Element;
  /** The inline run's nodes, or `[element]`. */
  nodes: ElementContent[];
  fingerprint?: string;
  plain?: string;
  words?: Map<string, number>;
}

/** A container's children as units, and the whitespace after the last one. */
export function splitUnits(children: readonly ElementContent[]): { units: Unit[]; tail: ElementContent[] } {
  const units: Unit[] = [];
  let pending: ElementContent[] = [];
  let inRun = false;
  for (const node of children) {
    if (isWhitespace(node)) {
      pending.push(node);
      continue;
    }
    if (isBlock(node)) {
      units.push({ lead: pending, element: node, nodes: [node] });
      inRun = false;
    } else if (inRun) {
      appendAll(units.at(-1)!.nodes, pending).push(node);
    } else {
      units.push({ lead: pending, nodes: [node] });
      inRun = true;
    }
    pending = [];
  }
  return { units, tail: pending };
}

/** Is the unit a container of blocks (list, list item, quote, table, row)? */
export function isContainer(unit: Unit): boolean {
  return unit.element !== undefined && CONTAINERS.has(unit.element.tagName);
}

/** The tag a leaf compares as: a paragraph and a tight list item's text are the same thing. */
export function leafTag(unit: Unit): string {
  return unit.element?.tagName ?? 'p';
}

/** The unit's content without the renderer's self-links. */
export function contentOf(unit: Unit): ElementContent[] {
  return (unit.element ? unit.element.children : unit.nodes).filter((node) => !isAnchorMark(node));
}

/** The renderer's self-links of a unit (to put back after its diffed content). */
export function marksOf(unit: Unit): ElementContent[] {
  return (unit.element ? unit.element.children : unit.nodes).filter(isAnchorMark);
}

/** What the page shows, as a string: equal fingerprints render the same (ids, self-links, soft wraps ignored; an ordered list's first number kept). */
export function fingerprint(unit: Unit): string {
  if (unit.fingerprint !== undefined) return unit.fingerprint;
  let value: string;
  if (unit.element && isContainer(unit)) {
    const start = unit.element.tagName === 'ol' ? `#${listStart(unit.element)}` : '';
    value = `${unit.element.tagName}${start}${attributes(unit.element)}[${splitUnits(unit.element.children).units.map(fingerprint).join('|')}]`;
  } else {
    const tag = leafTag(unit);
    value = `${tag}${unit.element ? attributes(unit.element) : ''}(${inlineFingerprint(contentOf(unit), tag === 'pre')})`;
  }
  unit.fingerprint = value;
  return value;
}

/** The number an ordered list shows first (Markdown's `3.` starts at 3; an absent `start` is 1). */
export function listStart(node: Element): number {
  const start = Number(node.properties.start ?? 1);
  return Number.isFinite(start) ? start : 1;
}

function attributes(node: Element): string {
  const { id: _id, start: _start, ...rest } = node.properties;
  const keys = Object.keys(rest);
  return keys.length ? JSON.stringify(rest, keys.sort()) : '';
}

function inlineFingerprint(nodes: readonly ElementContent[], exactSpace: boolean): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += exactSpace || !FOLDABLE_SPACE.test(node.value) ? node.value : node.value.replace(/[\t\n\f\r ]+/g, ' ');
    else if (node.type === 'element' && !isAnchorMark(node)) out += `<${node.tagName}${attributes(node)}>${inlineFingerprint(node.children, exactSpace || node.tagName === 'code')}</>`;
  }
  return out;
}

// White space that folding changes (other than single spaces): testing for it first spares rewriting a megabyte unchanged.
const FOLDABLE_SPACE = /[\t\n\f\r]| {2}/;
const FOLDABLE_ANY_SPACE = /[^\S ]|\s\s/;

/** The unit's text, spaces folded. */
export function plainText(unit: Unit): string {
  if (unit.plain !== undefined) return unit.plain;
  const text = textOf(unit.nodes);
  return (unit.plain = (FOLDABLE_ANY_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text).trim());
}

/** The unit's words, lower-cased, with how often each occurs (cached on the unit). */
export function wordCounts(unit: Unit): Map<string, number> {
  if (unit.words) return unit.words;
  const counts = new Map<string, number>();
  const text = plainText(unit).toLowerCase();
  // ASCII text (most policy text) splits with a plain character class, several times faster than Unicode properties.
  const words = isAscii(text) ? text.split(/[^a-z0-9]+/) : text.split(/[^\p{L}\p{N}]+/u);
  for (const word of words) if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  return (unit.words = counts);
}

/** Similarity of two blocks' words (Dice coefficient over word counts), 0..1. */
export function similarity(a: Unit, b: Unit): number {
  const wa = wordCounts(a);
  const wb = wordCounts(b);
  let total = 0;
  let common = 0;
  for (const count of wa.values()) total += count;
  for (const [word, count] of wb) {
    total += count;
    common += Math.min(count, wa.get(word) ?? 0);
  }
  if (total === 0) return plainText(a) === plainText(b) ? 1 : 0;
  return (2 * common) / total;
}

/** Share of the longer text that two blocks have in common at their start and end: a lower bound of how alike they are. */
function sharedEnds(a: Unit, b: Unit): number {
  const x = plainText(a);
  const y = plainText(b);
  const length = Math.max(x.length, y.length);
  if (length === 0) return 1;
  let prefix = 0;
  while (prefix < x.length && prefix < y.length && x.charCodeAt(prefix) === y.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < x.length - prefix && suffix < y.length - prefix && x.charCodeAt(x.length - 1 - suffix) === y.charCodeAt(y.length - 1 - suffix)) suffix++;
  return (prefix + suffix) / length;
}

/** Can these two blocks be shown as one changed block? */
function compatible(a: Unit, b: Unit): boolean {
  if (isContainer(a) || isContainer(b)) return isContainer(a) && isContainer(b) && a.element!.tagName === b.element!.tagName;
  const ta = leafTag(a);
  const tb = leafTag(b);
  return ta === tb || (/^h\d$/.test(ta) && /^h\d$/.test(tb)) || (ta === 'p' && /^h\d$/.test(tb)) || (tb === 'p' && /^h\d$/.test(ta));
}

/** One step of a block alignment. */
export type BlockOp =
  | { type: 'equal'; old: Unit; new: Unit }
  | { type: 'delete'; old: Unit; move?: MoveMark }
  | { type: 'insert'; new: Unit; move?: MoveMark }
  | { type: 'modify'; old: Unit; new: Unit; children?: ContainerEnds & { ops: BlockOp[] }; moved?: MovedSpan[] }
  /** Blocks whose structure changed (split, merged, re-nested, of another kind), their words aligned as one text. */
  | { type: 'restructure'; old: Unit[]; new: Unit[]; restructure: Restructure };

/** The white space at the start and end of a container in each document (an item's differs with its first block). */
export interface ContainerEnds {
  head: ElementContent[];
  tail: ElementContent[];
  oldHead: ElementContent[];
  oldTail: ElementContent[];
}

/** Marks a deleted or inserted block as one half of a move. */
export interface MoveMark {
  /** Temporary key of the change; set by move detection. */
  changeKey: string;
  /** For the arriving half of a block moved and edited: the block as it left, to diff against. */
  from?: Unit;
}

/** Words of a paired paragraph that moved out of it (old side) or into it (new side): a half of a move. */
export interface MovedSpan {
  side: 'old' | 'new';
  /** Token range of that side's words (as the word diff tokenizes them). */
  start: number;
  end: number;
  /** Temporary key of this half's change. */
  changeKey: string;
  /** For words that moved in: the block they left, to diff against. */
  from?: Unit;
}

/** Bounds of the block alignment. */
export interface BlockLimits {
  /** Blocks less similar than this are not paired (shown deleted and inserted). */
  pairThreshold: number;
  /** How far ahead among inserted blocks a deleted block looks for its partner. */
  pairWindow: number;
  /** Budget of block comparisons before a hunk is shown as deleted and inserted whole. */
  budget: number;
}

export const DEFAULT_BLOCK_LIMITS: BlockLimits = { pairThreshold: 0.45, pairWindow: 12, budget: 4_000_000 };

/** Aligns two lists of blocks: equal by fingerprint, changed ones paired by similarity, containers aligned inside. */
export function alignUnits(oldUnits: Unit[], newUnits: Unit[], limits: BlockLimits = DEFAULT_BLOCK_LIMITS): { ops: BlockOp[]; coarse: boolean } {
  const size = oldUnits.length + newUnits.length;
  const maxEditLength = Math.max(100, Math.floor(limits.budget / Math.max(size, 1)));
  const diff = boundedDiff(oldUnits.map(fingerprint), newUnits.map(fingerprint), maxEditLength);
  if (!diff) {
    return { ops: [...oldUnits.map((old): BlockOp => ({ type: 'delete', old })), ...newUnits.map((unit): BlockOp => ({ type: 'insert', new: unit }))], coarse: true };
  }
  const ops: BlockOp[] = [];
  let coarse = false;
  let i = 0;
  let j = 0;
  for (let k = 0; k < diff.length; k++) {
    const part = diff[k]!;
    const n = part.value.length;
    if (!part.added && !part.removed) {
      for (let m = 0; m < n; m++) ops.push({ type: 'equal', old: oldUnits[i++]!, new: newUnits[j++]! });
      continue;
    }
    // A hunk: the removed blocks, then the added ones (jsdiff gives removed first).
    const removed = part.removed ? oldUnits.slice(i, (i += n)) : [];
    let added: Unit[] = part.added ? newUnits.slice(j, (j += n)) : [];
    const next = diff[k + 1];
    if (part.removed && next?.added) {
      added = newUnits.slice(j, (j += next.value.length));
      k++;
    }
    const start = ops.length;
    coarse = pairHunk(removed, added, ops, limits) || coarse;
    // Blocks left unpaired or of another kind: their words may still be the same, split, merged or re-nested.
    const hunk = ops.slice(start);
    if (removed.length && added.length && hasStructureNoise(hunk)) {
      const plan = restructure(removed, added, estimateMarked(hunk), DEFAULT_INLINE_LIMITS);
      // One paragraph for one whose words align (it grew or lost a sentence): a changed paragraph, which a sentence
      // moving in or out of it from afar can then join.
      const oneForOne = plan && removed.length === 1 && added.length === 1 && !isContainer(removed[0]!) && !isContainer(added[0]!) && leafTag(removed[0]!) === leafTag(added[0]!) && !hasMovedWords(plan);
      if (oneForOne) ops.splice(start, ops.length - start, { type: 'modify', old: removed[0]!, new: added[0]! });
      else if (plan) ops.splice(start, ops.length - start, { type: 'restructure', old: removed, new: added, restructure: plan });
    }
  }
  return { ops, coarse };
}

/** The text of a table row's first cell, what the row is known by; undefined for anything else, or an empty cell. */
function rowKey(unit: Unit): string | undefined {
  if (unit.element?.tagName !== 'tr') return undefined;
  const first = unit.element.children.find((child): child is Element => child.type === 'element');
  const text = first ? textOf([first]).replace(/\s+/g, ' ').trim() : '';
  return text || undefined;
}

/** Pairs a hunk's removed and added blocks in order, each removed block with the most similar added one nearby. */
function pairHunk(removed: Unit[], added: Unit[], ops: BlockOp[], limits: BlockLimits): boolean {
  let coarse = false;
  let next = 0;
  for (const old of removed) {
    let best = -1;
    let bestScore = limits.pairThreshold;
    // Table cells pair by column whatever their text, so a row keeps its number of cells.
    const cell = old.element?.tagName === 'td' || old.element?.tagName === 'th';
    // A table row is known by its first cell (a version, a name): the row whose first cell is unchanged is this row,
    // though a row inserted above it may share more of its other cells ("3.x | yes" above "2.x | yes" that became
    // "2.x | until June").
    const key = rowKey(old);
    const keyed = key ? added.findIndex((unit, k) => k >= next && k < next + limits.pairWindow && rowKey(unit) === key) : -1;
    if (keyed >= 0) best = keyed;
    else if (cell && next < added.length && compatible(old, added[next]!)) best = next;
    // One block for one: when their text agrees at the ends on more than the threshold, they pair without counting words
    // (a paragraph with a word changed, a list with an item edited: most of a small edit's hunks).
    else if (removed.length === 1 && added.length === 1 && compatible(old, added[0]!) && sharedEnds(old, added[0]!) > limits.pairThreshold) best = 0;
    else for (let k = next; k < Math.min(added.length, next + limits.pairWindow); k++) {
      if (!compatible(old, added[k]!)) continue;
      const score = similarity(old, added[k]!);
      if (score > bestScore || (best < 0 && score >= bestScore)) {
        best = k;
        bestScore = score;
      }
    }
    if (best < 0) {
      ops.push({ type: 'delete', old });
      continue;
    }
    while (next < best) ops.push({ type: 'insert', new: added[next++]! });
    const partner = added[next++]!;
    if (isContainer(old)) {
      const oldSplit = splitUnits(old.element!.children);
      const newSplit = splitUnits(partner.element!.children);
      const inner = alignUnits(oldSplit.units, newSplit.units, limits);
      coarse ||= inner.coarse;
      ops.push({ type: 'modify', old, new: partner, children: { ops: inner.ops, head: newSplit.units[0]?.lead ?? [], tail: newSplit.tail, oldHead: oldSplit.units[0]?.lead ?? [], oldTail: oldSplit.tail } });
    } else {
      ops.push({ type: 'modify', old, new: partner });
    }
  }
  while (next < added.length) ops.push({ type: 'insert', new: added[next++]! });
  return coarse;
}
