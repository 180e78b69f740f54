/** The bounds on Markdown the site renders (src/lib/markdown/limits.ts): what they count, and what they do not. */
import { describe, expect, it } from 'vitest';
import { markdownLimitProblems } from '../../src/lib/markdown/limits.ts';

const messages = (text: string) => markdownLimitProblems(text).map((problem) => `${problem.line}: ${problem.message}`);

describe('the paragraph budget', () => {
  it('counts the lines and inline markers of a paragraph, not the quote and list markers that open its lines', () => {
    // 1,000 lines: within the budget as plain text, and so as a quotation or a list of the same lines.
    expect(messages('word\n'.repeat(1_000))).toEqual([]);
    expect(messages('> a quoted word\n'.repeat(1_000))).toEqual([]);
    expect(messages('> - a quoted item\n'.repeat(1_000))).toEqual([]);
    // A `>` in the text is still counted (it may close HTML or an autolink).
    expect(messages('a > b > c\n'.repeat(1_000))).toEqual([expect.stringMatching(/^1: has too many lines and inline markers .* 3,000 in the one starting here/)]);
  });

  it('reports block quotes nested 10,000 deep as nesting, and not as inline markers', () => {
    expect(messages(`${'> '.repeat(10_000)}quote\n`)).toEqual(['1: nests lists or block quotes 10000 levels deep; at most 32 are allowed, flatten the structure']);
  });
});
