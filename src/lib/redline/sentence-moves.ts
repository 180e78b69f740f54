/**
 * Sentences that move out of a changed paragraph or into one: a paragraph split whose split-off sentence lands
 * elsewhere (after an unchanged block, in another section), or a merge that pulls a paragraph in from afar. The span
 * of the changed paragraph's words is paired with the whole block at the other end as a move, and the paragraph's
 * other words are diffed without it, so an edit beside the split stays as small as it is.
 */
import { diffArrays } from 'diff';
import type { ElementContent } from 'hast';
import { contentOf, isContainer, leafTag, wordCounts, type BlockOp, type MovedSpan, type Unit } from './blocks.ts';
import { changeProperties, type ChangeLog, type PendingChange } from './changes.ts';
import { appendAll } from '../append.ts';
import { alignTokens, build, placeRuns, tokenize, type InlineLimits, type Placed, type Token } from './inline.ts';

type Modify = Extract<BlockOp, { type: 'modify' }>;
type Insert = Extract<BlockOp, { type: 'insert' }>;
type Delete = Extract<BlockOp, { type: 'delete' }>;

/** A block op with the section it sits in. */
export interface Located<T> {
  op: T;
  sectionId: string;
}

/** Shortest text (characters) of a block that can move into or out of a paragraph. */
const MIN_LENGTH = 40;

/** Share of a block's words that must be among the words its paragraph lost (or gained) to be looked for in it. */
const MIN_SHARE = 0.8;

/** Most pairs of blocks compared (a document rewritten throughout is not worth the time). */
const BUDGET = 40_000;

const WORD = /^[\p{L}\p{N}]/u;

/** The tokens of a paired leaf's side, as the word diff makes them. */
export function sideTokens(unit: Unit, fromOld: boolean): Token[] {
  return tokenize(contentOf(unit), leafTag(unit) === 'pre', fromOld);
}

/**
 * Pairs inserted blocks with a span of words a changed paragraph lost, and deleted blocks with a span it gained; each
 * pair becomes a move (`pairMove` creates its two changes). The spans are recorded on the paragraph's op.
 */
export function findSentenceMoves(
  modifies: Located<Modify>[],
  inserted: Located<Insert>[],
  deleted: Located<Delete>[],
  log: ChangeLog,
  register: (from: PendingChange, to: PendingChange) => void,
): void {
  const leaves = modifies.filter(({ op }) => !op.children && !isContainer(op.old) && leafTag(op.old) === leafTag(op.new) && leafTag(op.new) !== 'pre');
  const blocks = (list: Located<Insert | Delete>[]) => list.filter(({ op }) => !op.move && !isContainer(unitOf(op)) && leafTag(unitOf(op)) !== 'pre' && letters(unitOf(op)) >= MIN_LENGTH);
  const arrivals = blocks(inserted) as Located<Insert>[];
  const departures = blocks(deleted) as Located<Delete>[];
  if (leaves.length === 0 || arrivals.length + departures.length === 0 || leaves.length * (arrivals.length + departures.length) > BUDGET) return;
  // Words each paragraph lost and gained, with how often.
  const lost = new Map<Modify, Map<string, number>>();
  const gained = new Map<Modify, Map<string, number>>();
  for (const { op } of leaves) {
    lost.set(op, subtract(wordCounts(op.old), wordCounts(op.new)));
    gained.set(op, subtract(wordCounts(op.new), wordCounts(op.old)));
  }
  // (most changed paragraphs lost or gained a word or two: too few to hold a sentence, told at once)
  const total = (words: Map<string, number>) => [...words.values()].reduce((sum, count) => sum + count, 0);
  const lostTotal = new Map([...lost].map(([op, words]) => [op, total(words)]));
  const gainedTotal = new Map([...gained].map(([op, words]) => [op, total(words)]));
  const tokens = new Map<Unit, Token[]>();
  const tokensOf = (unit: Unit, fromOld: boolean) => tokens.get(unit) ?? tokens.set(unit, sideTokens(unit, fromOld)).get(unit)!;
  const pair = (block: Located<Insert | Delete>, side: 'old' | 'new') => {
    const unit = unitOf(block.op);
    const needed = MIN_SHARE * total(wordCounts(unit));
    for (const paragraph of leaves) {
      if ((side === 'old' ? lostTotal : gainedTotal).get(paragraph.op)! < needed) continue;
      if (share(wordCounts(unit), (side === 'old' ? lost : gained).get(paragraph.op)!) < MIN_SHARE) continue;
      const haystack = tokensOf(side === 'old' ? paragraph.op.old : paragraph.op.new, side === 'old');
      const taken = (paragraph.op.moved ?? []).filter((span) => span.side === side);
      const found = locate(haystack, wordsOf(tokensOf(unit, side === 'new')), taken);
      if (!found) continue;
      // The paragraph keeps at least a word of its own, or it moved whole (a move of blocks, found before this).
      if (!haystack.some((token, k) => (k < found.start || k >= found.end) && WORD.test(token.compare) && !taken.some((span) => k >= span.start && k < span.end))) continue;
      const away = log.create(side === 'old' ? 'move-from' : 'move-to', paragraph.sectionId, leafTag(paragraph.op.new));
      const there = log.create(side === 'old' ? 'move-to' : 'move-from', block.sectionId, leafTag(unit));
      away.partner = there;
      there.partner = away;
      const spanText = haystack.slice(found.start, found.end).map((token) => token.text).join('');
      const span: MovedSpan = { side, start: found.start, end: found.end, changeKey: away.key };
      (paragraph.op.moved ??= []).push(span);
      // The block at the other end, diffed against the span when it arrives (its edits on the way shown inside).
      const words = haystack.slice(found.start, found.end);
      while (words.at(-1)?.compare === ' ') words.pop();
      while (words[0]?.compare === ' ') words.shift();
      const spanUnit: Unit = { lead: [], nodes: build(words.map((token): Placed => ({ token, op: 'equal' }))) };
      if (side === 'old') {
        away.oldText = spanText.trim();
        there.newText = textOfTokens(tokensOf(unit, false));
        block.op.move = { changeKey: there.key, from: spanUnit };
      } else {
        away.newText = spanText.trim();
        there.oldText = textOfTokens(tokensOf(unit, true));
        span.from = unit;
        block.op.move = { changeKey: there.key };
      }
      register(side === 'old' ? away : there, side === 'old' ? there : away);
      return;
    }
  };
  for (const block of arrivals) pair(block, 'old');
  for (const block of departures) pair(block, 'new');
}

function unitOf(op: Insert | Delete): Unit {
  return op.type === 'insert' ? op.new : op.old;
}

function letters(unit: Unit): number {
  let total = 0;
  for (const [word, count] of wordCounts(unit)) total += word.length * count;
  return total;
}

function subtract(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, count] of a) if (count > (b.get(word) ?? 0)) out.set(word, count - (b.get(word) ?? 0));
  return out;
}

/** Share of `words` (with repeats) found in `pool`. */
function share(words: Map<string, number>, pool: Map<string, number>): number {
  let total = 0;
  let found = 0;
  for (const [word, count] of words) {
    total += count;
    found += Math.min(count, pool.get(word) ?? 0);
  }
  return total === 0 ? 0 : found / total;
}

function wordsOf(tokens: Token[]): string[] {
  return tokens.filter((token) => WORD.test(token.compare)).map((token) => token.compare);
}

function textOfTokens(tokens: Token[]): string {
  return tokens.map((token) => token.text).join('').replace(/\s+/g, ' ').trim();
}

/**
 * Where a block's words sit in a paragraph's tokens: the whole sentence, with its punctuation and the white space that
 * joined it to the rest; undefined when most of the words are not there in a row. Spans already taken are skipped.
 */
export function locate(haystack: Token[], needle: string[], taken: MovedSpan[] = []): { start: number; end: number } | undefined {
  if (needle.length === 0) return undefined;
  const free = (k: number) => !taken.some((span) => k >= span.start && k < span.end);
  const positions = haystack.flatMap((token, k) => (WORD.test(token.compare) && free(k) ? [k] : []));
  const words = positions.map((k) => haystack[k]!.compare);
  // The words matched, as a longest common subsequence; then the densest run of them.
  let index = 0;
  const matched: number[] = [];
  for (const part of diffArrays(words, needle)) {
    if (part.added) continue;
    if (!part.removed) for (let m = 0; m < part.value.length; m++) matched.push(index + m);
    index += part.value.length;
  }
  let best: number[] = [];
  let run: number[] = [];
  for (const at of matched) {
    if (run.length && at - run.at(-1)! > 3) run = [];
    run.push(at);
    if (run.length > best.length) best = [...run];
  }
  const spanWords = best.length ? best.at(-1)! - best[0]! + 1 : 0;
  if (best.length < MIN_SHARE * needle.length || spanWords > needle.length / MIN_SHARE) return undefined;
  let start = positions[best[0]!]!;
  let end = positions[best.at(-1)!]! + 1;
  // The sentence's punctuation (a closing full stop, an opening quote), up to the white space around it.
  while (end < haystack.length && free(end) && haystack[end]!.compare !== ' ' && !WORD.test(haystack[end]!.compare)) end++;
  while (start > 0 && free(start - 1) && haystack[start - 1]!.compare !== ' ' && !WORD.test(haystack[start - 1]!.compare)) start--;
  // Half of the white space that joined it: after it, or before it when it ends the paragraph.
  if (end < haystack.length && free(end) && haystack[end]!.compare === ' ') end++;
  else if (start > 0 && free(start - 1) && haystack[start - 1]!.compare === ' ') start--;
  return { start, end };
}

/**
 * Diffs a paragraph whose op has moved spans: the spans shown as the moves' halves where they sit, every other word
 * diffed as usual. Returns the marked-up content and the word diff's changes.
 */
export function diffAroundMoves(op: Modify, moves: Map<string, PendingChange>, context: { log: ChangeLog; sectionId: string; block: string; limits: InlineLimits }): { nodes: ElementContent[]; coarse: boolean } {
  const oldTokens = sideTokens(op.old, true);
  const newTokens = sideTokens(op.new, false);
  const spans = op.moved ?? [];
  const inSpan = (side: 'old' | 'new', k: number) => spans.find((span) => span.side === side && k >= span.start && k < span.end);
  const oldKept = oldTokens.flatMap((_, k) => (inSpan('old', k) ? [] : [k]));
  const newKept = newTokens.flatMap((_, k) => (inSpan('new', k) ? [] : [k]));
  const { runs, coarse } = alignTokens(
    oldKept.map((k) => oldTokens[k]!),
    newKept.map((k) => newTokens[k]!),
    context.limits,
  );
  const { placed } = placeRuns(runs, context);
  // The spans placed where they sit in their own document, among the kept tokens (which placeRuns lists in order on
  // both sides; an equal entry stands for one token of each, a link's empty change mark for none).
  const shown = new Set(newTokens);
  const out: Placed[] = [];
  let nextOld = 0;
  let nextNew = 0;
  let keptOld = 0;
  let keptNew = 0;
  const flush = (side: 'old' | 'new', until: number) => {
    for (let k = side === 'old' ? nextOld : nextNew; k < until; k++) {
      const span = inSpan(side, k);
      if (!span) continue;
      const change = moves.get(span.changeKey)!;
      if (side === 'old') out.push({ token: oldTokens[k]!, op: 'del', change });
      else {
        // The span and the block it came from, diffed inside the arrival, as a block moved and edited is.
        k = span.end - 1;
        appendAll(out, arrival(span, newTokens.slice(span.start, span.end), change, context));
      }
    }
    if (side === 'old') nextOld = Math.max(nextOld, until);
    else nextNew = Math.max(nextNew, until);
  };
  for (const entry of placed) {
    const real = entry.op === 'del' || shown.has(entry.token);
    const oldAt = real && entry.op !== 'ins' ? oldKept[keptOld++]! : undefined;
    const newAt = real && entry.op !== 'del' ? newKept[keptNew++]! : undefined;
    if (oldAt !== undefined) flush('old', oldAt);
    if (newAt !== undefined) flush('new', newAt);
    out.push(entry);
    if (oldAt !== undefined) nextOld = oldAt + 1;
    if (newAt !== undefined) nextNew = newAt + 1;
  }
  flush('old', oldTokens.length);
  flush('new', newTokens.length);
  return { nodes: build(out), coarse };
}

/** A span that moved in: its words diffed against the block it left, all inside the move's `<ins>`. */
function arrival(span: MovedSpan, tokens: Token[], change: PendingChange, context: { log: ChangeLog; sectionId: string; block: string; limits: InlineLimits }): Placed[] {
  // The white space that joined it to the paragraph arrived with it, and is no edit of its words.
  let start = 0;
  let end = tokens.length;
  while (start < end && tokens[start]!.compare === ' ') start++;
  while (end > start && tokens[end - 1]!.compare === ' ') end--;
  const { runs } = alignTokens(sideTokens(span.from!, true), tokens.slice(start, end), context.limits);
  const space = (list: Token[]): Placed[] => list.map((token) => ({ token, op: 'equal' }));
  const placed = [...space(tokens.slice(0, start)), ...placeRuns(runs, context).placed, ...space(tokens.slice(end))];
  const mark = { key: `move:${change.key}`, tagName: 'ins', properties: changeProperties(change) };
  return placed.map((entry) => ({ ...entry, token: { ...entry.token, marks: [mark, ...entry.token.marks] } }));
}

