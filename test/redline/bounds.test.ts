import { describe, expect, it } from 'vitest';
import { computeRedline } from '../../src/lib/redline/index.ts';
import { doc, losslessTexts } from './support.ts';

/** `n` pseudo-random words from a vocabulary of 5000, the same for the same seed. */
function words(n: number, seed: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.push(`w${x % 5000}`);
  }
  return out.join(' ');
}

describe('bounded work on hostile inputs (speed itself is measured by npm run bench)', () => {
  it('shows a huge paragraph rewritten beyond recognition as replaced whole, still lossless', () => {
    const oldDoc = doc('1', ['s', 'S', `${words(30_000, 1)}\n`]);
    const newDoc = doc('2', ['s', 'S', `${words(30_000, 2)}\n`]);
    const redline = computeRedline(oldDoc, newDoc);
    expect(redline.changes).toHaveLength(1);
    expect(redline.changes[0]!.kind).toBe('replacement');
    const texts = losslessTexts(redline, oldDoc, newDoc);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  }, 120_000);

  it('finds the one change among 100,000 identical tokens', () => {
    const same = Array(100_000).fill('same').join(' ');
    const redline = computeRedline(doc('1', ['s', 'S', `${same}\n`]), doc('2', ['s', 'S', `${same.replace(/same$/, 'different')}\n`]));
    expect(redline.changes.map((change) => [change.kind, change.oldText.trim(), change.newText.trim()])).toEqual([['replacement', 'same', 'different']]);
    expect(redline.coarse).toBe(false);
  }, 120_000);

  it('gives up on a word diff past its budget and says so, instead of running for minutes', () => {
    const oldDoc = doc('1', ['s', 'S', `${words(20_000, 3)}\n`]);
    const newDoc = doc('2', ['s', 'S', `${words(20_000, 4)}\n`]);
    const redline = computeRedline(oldDoc, newDoc, { inline: { budget: 100_000 } });
    expect(redline.coarse).toBe(true);
    expect(redline.changes).toHaveLength(1);
  }, 120_000);
});
