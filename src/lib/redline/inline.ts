/** The word layer: diffs the inline content of two paired blocks and marks it up with `<ins>`/`<del>`. */
import type { Element, ElementContent, Properties } from 'hast';
import { boundedDiff } from './bounded-diff.ts';
import { ChangeLog, wrapChange, type PendingChange } from './changes.ts';
import { isAnchorMark, text } from './hast.ts';
import { appendAll } from '../append.ts';

/** An inline element around a token (emphasis, link, code), compared by tag and attributes. */
interface Mark {
  key: string;
  tagName: string;
  properties: Properties;
}

/** A word, a space run, a punctuation mark or an atom (image, line break), with the formatting around it. */
export interface Token {
  text: string;
  /** What the diff compares: the text, spaces folded to one (they are soft wraps on the page). */
  compare: string;
  /** Formatting around the token, as one comparable string. */
  format: string;
  /** The formatting with link targets left out: a link retargeted is not a formatting run, it is marked on the link. */
  shape: string;
  marks: Mark[];
  atom?: Element;
  /** White space between blocks (not inside one), when words are aligned across blocks. */
  boundary?: true;
}

/**
 * The word layer's tokens (`scanAscii` splits ASCII text the same way, faster). Words keep their inner dots, apostrophes
 * and hyphens ("v3.22", "don't", "e-mail"), so no word is ever chopped. White space is HTML's (a no-break space shows,
 * so it is a token of its own).
 */
export const TOKEN = /[\t\n\f\r ]+|[\p{L}\p{N}\p{M}]+(?:[.,'’\-/:@_][\p{L}\p{N}\p{M}]+)*|./gsu;
const ASCII = /^[\x00-\x7f]*$/;

/** Is the text all ASCII (most policy text), so the faster ASCII-only splits apply? */
export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/** Is the code a character of HTML's white space (tab, line feed, form feed, carriage return, space)? */
function isHtmlSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 12;
}

/** Is the code an ASCII letter or digit? */
function isAsciiWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** The characters that join two runs of letters into one word (`.,'-/:@_`, TOKEN's inner punctuation in ASCII). */
function isJoinerCode(code: number): boolean {
  return code === 46 || code === 44 || code === 39 || code === 45 || code === 47 || code === 58 || code === 64 || code === 95;
}

/**
 * TOKEN's split of ASCII text (most policy text), where letters and digits are [A-Za-z0-9], by scanning character
 * codes: no match object per token, several times faster on a megabyte. Calls `emit` with each token's bounds.
 */
function scanAscii(value: string, emit: (start: number, end: number) => void): void {
  const length = value.length;
  let start = 0;
  while (start < length) {
    const code = value.charCodeAt(start);
    let end = start + 1;
    if (isHtmlSpace(code)) {
      while (end < length && isHtmlSpace(value.charCodeAt(end))) end++;
    } else if (isAsciiWordCode(code)) {
      for (;;) {
        while (end < length && isAsciiWordCode(value.charCodeAt(end))) end++;
        if (end + 1 < length && isJoinerCode(value.charCodeAt(end)) && isAsciiWordCode(value.charCodeAt(end + 1))) end += 2;
        else break;
      }
    }
    emit(start, end);
    start = end;
  }
}

/** Splits inline content into tokens; `exactSpace` keeps whitespace significant (code blocks). */
export function tokenize(nodes: readonly ElementContent[], exactSpace: boolean, fromOld: boolean): Token[] {
  const tokens: Token[] = [];
  const walk = (list: readonly ElementContent[], marks: Mark[], format: string, shape: string) => {
    for (const node of list) {
      if (node.type === 'text') {
        const push = (value: string) => {
          const space = !exactSpace && isHtmlSpace(value.charCodeAt(0));
          tokens.push({ text: value, compare: space ? ' ' : value, format, shape, marks });
        };
        const source = node.value;
        if (isAscii(source)) scanAscii(source, (start, end) => push(source.slice(start, end)));
        else for (const match of source.matchAll(TOKEN)) push(match[0]);
      } else if (node.type === 'element') {
        if (isAnchorMark(node)) continue;
        const { id: _id, ...rest } = node.properties;
        const properties = fromOld ? rest : node.properties;
        const key = `${node.tagName}${JSON.stringify(rest)}`;
        if (node.children.length === 0) {
          tokens.push({ text: '', compare: `\u0000${key}`, format, shape, marks, atom: { type: 'element', tagName: node.tagName, properties, children: [] } });
          continue;
        }
        const mark: Mark = { key, tagName: node.tagName, properties };
        const { href: _href, ...target } = rest;
        walk(node.children, [...marks, mark], `${format}/${key}`, `${shape}/${node.tagName === 'a' ? `a${JSON.stringify(target)}` : key}`);
      }
    }
  };
  walk(nodes, [], '', '');
  return tokens;
}

/** One token of the output and what happened to it. */
export interface Placed {
  token: Token;
  op: 'equal' | 'del' | 'ins';
  change?: PendingChange;
}

/** A stretch of the token diff. */
export type Run = { type: 'equal'; old: Token[]; new: Token[] } | { type: 'edit' | 'format'; old: Token[]; new: Token[] };

/** Limits that keep the word diff bounded on huge or unrelated blocks. */
export interface InlineLimits {
  /** Above this share of changed text (0..1) a block with several edits is shown replaced whole. */
  replaceThreshold: number;
  /** Budget of token comparisons (about edit length × tokens) before a block is shown replaced whole. */
  budget: number;
}

export const DEFAULT_INLINE_LIMITS: InlineLimits = { replaceThreshold: 0.5, budget: 20_000_000 };

/** The result of diffing two blocks' inline content. */
export interface InlineDiff {
  nodes: ElementContent[];
  changes: PendingChange[];
  /** True when the word diff gave up (too large or too different) and the block is replaced whole. */
  coarse: boolean;
}

/** Diffs two inline contents word by word, grouped for reading, and returns the marked-up content. */
export function diffInline(
  oldNodes: readonly ElementContent[],
  newNodes: readonly ElementContent[],
  context: { log: ChangeLog; sectionId: string; block: string; exactSpace?: boolean; limits?: InlineLimits },
): InlineDiff {
  const oldTokens = tokenize(oldNodes, context.exactSpace ?? false, true);
  const newTokens = tokenize(newNodes, context.exactSpace ?? false, false);
  const { runs, coarse } = alignTokens(oldTokens, newTokens, context.limits ?? DEFAULT_INLINE_LIMITS);
  const { placed, changes } = placeRuns(runs, context);
  return { nodes: build(placed), changes, coarse };
}

/** Aligns two token lists into runs of equal tokens and edits grouped for reading; replaced whole when too different. */
export function alignTokens(oldTokens: Token[], newTokens: Token[], limits: InlineLimits): { runs: Run[]; coarse: boolean } {
  const size = oldTokens.length + newTokens.length;
  const maxEditLength = Math.max(50, Math.floor(limits.budget / Math.max(size, 1)));
  const diff = boundedDiff(oldTokens.map((t) => t.compare), newTokens.map((t) => t.compare), maxEditLength);
  if (!diff) return { runs: [{ type: 'edit', old: oldTokens, new: newTokens }], coarse: true };
  const runs = groupForReading(splitFormatting(toRuns(diff, oldTokens, newTokens)));
  if (changedShare(runs) > limits.replaceThreshold && runs.filter((run) => run.type === 'edit').length > 1) {
    return { runs: [{ type: 'edit', old: oldTokens, new: newTokens }], coarse: false };
  }
  return { runs, coarse: false };
}

/** How many words runs mark as inserted or deleted (what a reader has to read as changed). */
export function markedWords(runs: Run[]): number {
  let count = 0;
  for (const run of runs) if (run.type === 'edit') for (const token of [...run.old, ...run.new]) if (WORD.test(token.compare)) count++;
  return count;
}

const WORD = /^[\p{L}\p{N}]/u;

/**
 * Creates the changes of aligned runs and lists every token with what happened to it. With `moves`, an edit's deleted
 * words that another edit inserts again, the same, become the two halves of a move.
 */
export function placeRuns(runs: Run[], context: { log: ChangeLog; sectionId: string; block: string; moves?: { minLength: number } }): { placed: Placed[]; changes: PendingChange[] } {
  const placed: Placed[] = [];
  const changes: PendingChange[] = [];
  // Links whose text stayed and whose target changed: each new link gets one change, and the old link's deleted words
  // sit in the new link, so the link reads as one.
  const relinks = new Map<Mark, PendingChange>();
  const sameLink = new Map<Mark, Mark>();
  for (const run of runs) {
    if (run.type !== 'equal') continue;
    run.new.forEach((token, k) => {
      const relink = retargeted(run.old[k]!, token);
      if (!relink || relinks.has(relink.link)) return;
      relinks.set(relink.link, context.log.create('formatting', context.sectionId, context.block));
      sameLink.set(relink.from, relink.link);
      relink.link.properties = { ...relink.link.properties, dataWasHref: relink.was };
    });
  }
  const relinked = (token: Token): Token => {
    if (sameLink.size === 0 || !token.marks.some((mark) => sameLink.has(mark))) return token;
    return { ...token, marks: token.marks.map((mark) => sameLink.get(mark) ?? mark) };
  };
  const moved = context.moves ? pairMoves(runs, context.moves.minLength) : new Map<Token[], Token[]>();
  const movePairs = new Map<Token[], PendingChange>();
  const anchored = new Set<Mark>();
  for (const run of runs) {
    if (run.type === 'equal') {
      for (const token of run.new) {
        const link = token.marks.findLast((mark) => relinks.has(mark));
        const change = link && relinks.get(link)!;
        if (link && change && !anchored.has(link)) {
          anchored.add(link);
          changes.push(change);
          // An empty mark inside the link holds the change's anchor; the text itself shows once.
          placed.push({ token: { text: '', compare: '', format: token.format, shape: token.shape, marks: token.marks, atom: wrapChange('ins', change, []) }, op: 'equal' });
        }
        if (change) change.oldText += token.text;
        placed.push({ token, op: 'equal' });
      }
      continue;
    }
    const oldPart = moved.has(run.old) ? [] : run.old;
    const newPart = moved.has(run.new) ? [] : run.new;
    const spaceOnly = run.old.every(isSpaceToken) && run.new.every(isSpaceToken);
    let change: PendingChange | undefined;
    if (oldPart.length || newPart.length) {
      const kind = run.type === 'format' || spaceOnly ? 'formatting' : newPart.length === 0 ? 'deletion' : oldPart.length === 0 ? 'insertion' : 'replacement';
      change = context.log.create(kind, context.sectionId, context.block);
      change.oldText = oldPart.map((t) => t.text).join('');
      change.newText = newPart.map((t) => t.text).join('');
      changes.push(change);
    }
    for (const [tokens, side] of [[run.old, 'from'], [run.new, 'to']] as const) {
      let owner = change;
      if (moved.has(tokens)) {
        owner = context.log.create(side === 'from' ? 'move-from' : 'move-to', context.sectionId, context.block);
        owner[side === 'from' ? 'oldText' : 'newText'] = tokens.map((t) => t.text).join('');
        changes.push(owner);
        movePairs.set(tokens, owner);
      }
      for (const token of tokens) placed.push({ token: side === 'from' ? relinked(token) : token, op: side === 'from' ? 'del' : 'ins', change: owner! });
    }
  }
  for (const [tokens, other] of moved) movePairs.get(tokens)!.partner = movePairs.get(other)!;
  for (const [link, change] of relinks) {
    const words = change.oldText.replace(/\s+/g, ' ').trim();
    change.oldText = `${words} <${String(link.properties.dataWasHref)}>`;
    change.newText = `${words} <${String(link.properties.href)}>`;
  }
  return { placed, changes };
}

/** White space inside a block or between blocks. */
function isSpaceToken(token: Token): boolean {
  return token.boundary === true || token.compare === ' ';
}

/** Words of the edits that `placeRuns` with `moves` would show as moved (both halves counted). */
export function movedWords(runs: Run[], minLength: number): number {
  let count = 0;
  for (const tokens of pairMoves(runs, minLength).keys()) for (const token of tokens) if (WORD.test(token.compare)) count++;
  return count;
}

/** Edits whose deleted words (at least `minLength` characters) another edit inserts again: each list mapped to its partner. */
function pairMoves(runs: Run[], minLength: number): Map<Token[], Token[]> {
  const key = (tokens: Token[]) => tokens.filter((token) => WORD.test(token.compare)).map((token) => token.compare).join(' ');
  const inserted = new Map<string, Token[][]>();
  for (const run of runs) {
    if (run.type !== 'edit' || run.new.length === 0) continue;
    const text = key(run.new);
    if (text.length >= minLength) inserted.set(text, [...(inserted.get(text) ?? []), run.new]);
  }
  const pairs = new Map<Token[], Token[]>();
  for (const run of runs) {
    if (run.type !== 'edit' || run.old.length === 0) continue;
    const text = key(run.old);
    const to = text.length >= minLength ? inserted.get(text)?.find((tokens) => tokens !== run.new && !pairs.has(tokens)) : undefined;
    if (!to) continue;
    pairs.set(run.old, to);
    pairs.set(to, run.old);
  }
  return pairs;
}

/** The new token's link, when the same text links elsewhere than before, with the old link and its target. */
function retargeted(old: Token, current: Token): { link: Mark; from: Mark; was: string } | undefined {
  if (old.format === current.format) return undefined;
  const link = current.marks.findLast((mark) => mark.tagName === 'a');
  const from = old.marks.findLast((mark) => mark.tagName === 'a');
  const was = from?.properties.href;
  if (!link || !from || was === undefined || String(was) === String(link.properties.href)) return undefined;
  return { link, from, was: String(was) };
}

/** Turns jsdiff's output into runs of paired equal tokens and edits. */
function toRuns(diff: { value: string[]; added: boolean; removed: boolean }[], oldTokens: Token[], newTokens: Token[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  let j = 0;
  for (const part of diff) {
    const n = part.value.length;
    if (!part.added && !part.removed) {
      runs.push({ type: 'equal', old: oldTokens.slice(i, i + n), new: newTokens.slice(j, j + n) });
      i += n;
      j += n;
      continue;
    }
    let last = runs.at(-1);
    if (!last || last.type !== 'edit') runs.push((last = { type: 'edit', old: [], new: [] }));
    if (part.removed) appendAll(last.old, oldTokens.slice(i, (i += n)));
    else appendAll(last.new, newTokens.slice(j, (j += n)));
  }
  return runs;
}

/** Equal words whose formatting differs (emphasis, link target) become formatting changes. */
function splitFormatting(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    if (run.type !== 'equal' || run.old.every((token, k) => token.shape === run.new[k]!.shape)) {
      out.push(run);
      continue;
    }
    let start = 0;
    const flush = (end: number, type: 'equal' | 'format') => {
      if (end > start) out.push({ type, old: run.old.slice(start, end), new: run.new.slice(start, end) });
      start = end;
    };
    let inFormat = false;
    for (let k = 0; k < run.old.length; k++) {
      const differs = run.old[k]!.shape !== run.new[k]!.shape;
      if (differs !== inFormat) {
        flush(k, inFormat ? 'format' : 'equal');
        inFormat = differs;
      }
    }
    flush(run.old.length, inFormat ? 'format' : 'equal');
  }
  return out;
}

/** Joins edits separated only by spaces or one short word, so a rewritten phrase reads as one change. */
function groupForReading(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k]!;
    const previous = out.at(-1);
    const next = runs[k + 1];
    if (run.type === 'equal' && previous?.type === 'edit' && next?.type === 'edit' && isGlue(run.new) && !betweenBlocks(previous) && !betweenBlocks(next)) {
      appendAll(appendAll(previous.old, run.old), next.old);
      appendAll(appendAll(previous.new, run.new), next.new);
      k++;
      continue;
    }
    if (run.type === 'edit' && previous?.type === 'edit' && !betweenBlocks(run) && !betweenBlocks(previous)) {
      appendAll(previous.old, run.old);
      appendAll(previous.new, run.new);
      continue;
    }
    out.push(run.type === 'equal' ? run : { ...run, old: [...run.old], new: [...run.new] });
  }
  return out;
}

/** An edit of the white space between blocks only (a block boundary moved), kept apart from the edits of words. */
function betweenBlocks(run: Run): boolean {
  return [...run.old, ...run.new].every((token) => token.boundary);
}

/** Spaces only, or spaces around a single word of at most three letters or a punctuation mark. */
function isGlue(tokens: Token[]): boolean {
  if (tokens.some((token) => token.boundary)) return false;
  const words = tokens.filter((token) => token.compare !== ' ');
  return words.length === 0 || (words.length === 1 && words[0]!.text.length <= 3 && tokens.length <= 3);
}

/** Share of the longer side's text that is not equal. */
function changedShare(runs: Run[]): number {
  let equal = 0;
  let oldLength = 0;
  let newLength = 0;
  for (const run of runs) {
    const o = run.old.reduce((sum, t) => sum + t.text.length, 0);
    const n = run.new.reduce((sum, t) => sum + t.text.length, 0);
    oldLength += o;
    newLength += n;
    if (run.type === 'equal') equal += n;
  }
  const total = Math.max(oldLength, newLength);
  return total === 0 ? 0 : 1 - equal / total;
}

/** Rebuilds nested inline markup from placed tokens: formatting outside, `<ins>`/`<del>` innermost, so nesting is never broken. */
export function build(placed: Placed[]): ElementContent[] {
  const root: ElementContent[] = [];
  // The open elements: each a mark of the token's formatting, or last, the change the token belongs to.
  const stack: { mark?: Mark; op?: 'ins' | 'del'; change?: PendingChange; children: ElementContent[] }[] = [];
  for (const { token, op, change } of placed) {
    const marks = token.marks;
    const depth = marks.length + (op === 'equal' ? 0 : 1);
    // Keep the open elements the token shares (same mark keys, then the same change), close the rest, open its own.
    let common = 0;
    while (common < stack.length && common < depth) {
      const open = stack[common]!;
      const same = common < marks.length ? open.mark !== undefined && open.mark.key === marks[common]!.key : open.op === op && open.change?.key === change!.key;
      if (!same) break;
      common++;
    }
    stack.length = common;
    for (let step = common; step < depth; step++) {
      const mark = marks[step];
      const made: Element = mark ? { type: 'element', tagName: mark.tagName, properties: { ...mark.properties }, children: [] } : wrapChange(op as 'ins' | 'del', change!, []);
      (stack.at(-1)?.children ?? root).push(made);
      stack.push(mark ? { mark, children: made.children } : { op: op as 'ins' | 'del', change: change!, children: made.children });
    }
    const target = stack.at(-1)?.children ?? root;
    if (token.atom) {
      target.push(structuredClone(token.atom));
      continue;
    }
    const last = target.at(-1);
    if (last?.type === 'text') last.value += token.text;
    else target.push(text(token.text));
  }
  return root;
}
