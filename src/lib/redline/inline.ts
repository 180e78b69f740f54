/** The word layer: diffs the inline content of two paired blocks and marks it up with `<ins>`/`<del>`. */
import { diffArrays } from 'diff';
import type { Element, ElementContent, Properties } from 'hast';
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
  marks: Mark[];
  atom?: Element;
}

// Words keep their inner dots, apostrophes and hyphens ("v3.22", "don't", "e-mail"), so no word is ever chopped.
// White space is HTML's (a no-break space shows, so it is a token of its own).
const TOKEN = /[\t\n\f\r ]+|[\p{L}\p{N}\p{M}]+(?:[.,'’\-/:@_][\p{L}\p{N}\p{M}]+)*|./gsu;

/** Splits inline content into tokens; `exactSpace` keeps whitespace significant (code blocks). */
export function tokenize(nodes: readonly ElementContent[], exactSpace: boolean, fromOld: boolean): Token[] {
  const tokens: Token[] = [];
  const walk = (list: readonly ElementContent[], marks: Mark[], format: string) => {
    for (const node of list) {
      if (node.type === 'text') {
        for (const match of node.value.matchAll(TOKEN)) {
          const value = match[0];
          const space = !exactSpace && /^[\t\n\f\r ]/.test(value);
          tokens.push({ text: value, compare: space ? ' ' : value, format, marks });
        }
      } else if (node.type === 'element') {
        if (isAnchorMark(node)) continue;
        const { id: _id, ...rest } = node.properties;
        const properties = fromOld ? rest : node.properties;
        const key = `${node.tagName}${JSON.stringify(rest)}`;
        if (node.children.length === 0) {
          tokens.push({ text: '', compare: `\u0000${key}`, format, marks, atom: { type: 'element', tagName: node.tagName, properties, children: [] } });
          continue;
        }
        const mark: Mark = { key, tagName: node.tagName, properties };
        walk(node.children, [...marks, mark], `${format}/${key}`);
      }
    }
  };
  walk(nodes, [], '');
  return tokens;
}

/** One token of the output and what happened to it. */
interface Placed {
  token: Token;
  op: 'equal' | 'del' | 'ins';
  change?: PendingChange;
}

/** A stretch of the token diff. */
type Run = { type: 'equal'; old: Token[]; new: Token[] } | { type: 'edit' | 'format'; old: Token[]; new: Token[] };

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
  const limits = context.limits ?? DEFAULT_INLINE_LIMITS;
  const oldTokens = tokenize(oldNodes, context.exactSpace ?? false, true);
  const newTokens = tokenize(newNodes, context.exactSpace ?? false, false);
  const size = oldTokens.length + newTokens.length;
  const maxEditLength = Math.max(50, Math.floor(limits.budget / Math.max(size, 1)));
  const diff = diffArrays(oldTokens.map((t) => t.compare), newTokens.map((t) => t.compare), { maxEditLength });
  let runs: Run[];
  let coarse = false;
  if (!diff) {
    runs = [{ type: 'edit', old: oldTokens, new: newTokens }];
    coarse = true;
  } else {
    runs = groupForReading(splitFormatting(toRuns(diff, oldTokens, newTokens)));
    if (changedShare(runs) > limits.replaceThreshold && runs.filter((run) => run.type === 'edit').length > 1) {
      runs = [{ type: 'edit', old: oldTokens, new: newTokens }];
    }
  }
  const placed: Placed[] = [];
  const changes: PendingChange[] = [];
  for (const run of runs) {
    if (run.type === 'equal') {
      for (const token of run.new) placed.push({ token, op: 'equal' });
      continue;
    }
    const kind = run.type === 'format' ? 'formatting' : run.old.length === 0 ? 'insertion' : run.new.length === 0 ? 'deletion' : 'replacement';
    const change = context.log.create(kind, context.sectionId, context.block);
    change.oldText = run.old.map((t) => t.text).join('');
    change.newText = run.new.map((t) => t.text).join('');
    changes.push(change);
    for (const token of run.old) placed.push({ token, op: 'del', change });
    for (const token of run.new) placed.push({ token, op: 'ins', change });
  }
  return { nodes: build(placed), changes, coarse };
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
    if (run.type !== 'equal' || run.old.every((token, k) => token.format === run.new[k]!.format)) {
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
      const differs = run.old[k]!.format !== run.new[k]!.format;
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
    if (run.type === 'equal' && previous?.type === 'edit' && next?.type === 'edit' && isGlue(run.new)) {
      appendAll(appendAll(previous.old, run.old), next.old);
      appendAll(appendAll(previous.new, run.new), next.new);
      k++;
      continue;
    }
    if (run.type === 'edit' && previous?.type === 'edit') {
      appendAll(previous.old, run.old);
      appendAll(previous.new, run.new);
      continue;
    }
    out.push(run.type === 'equal' ? run : { ...run, old: [...run.old], new: [...run.new] });
  }
  return out;
}

/** Spaces only, or spaces around a single word of at most three letters or a punctuation mark. */
function isGlue(tokens: Token[]): boolean {
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
function build(placed: Placed[]): ElementContent[] {
  const root: ElementContent[] = [];
  const stack: { key: string; children: ElementContent[] }[] = [];
  const current = () => stack.at(-1)?.children ?? root;
  for (const { token, op, change } of placed) {
    const path: { key: string; make: () => Element }[] = token.marks.map((mark) => ({
      key: mark.key,
      make: () => ({ type: 'element', tagName: mark.tagName, properties: { ...mark.properties }, children: [] }),
    }));
    if (op !== 'equal') path.push({ key: `${op}:${change!.key}`, make: () => wrapChange(op, change!, []) });
    let common = 0;
    while (common < stack.length && common < path.length && stack[common]!.key === path[common]!.key) common++;
    stack.length = common;
    for (const step of path.slice(common)) {
      const made = step.make();
      current().push(made);
      stack.push({ key: step.key, children: made.children });
    }
    const target = current();
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
