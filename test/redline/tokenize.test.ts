/** The word layer's tokens: ASCII text, scanned by character codes, splits exactly as the Unicode pattern splits it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { text } from '../../src/lib/redline/hast.ts';
// The word layer's own pattern, not a copy: a change to it must show here unless the ASCII scanner follows.
import { TOKEN, tokenize } from '../../src/lib/redline/inline.ts';

// Letters, digits, every joiner, white space and other punctuation, in runs likely to meet at every boundary.
const asciiText = fc.array(fc.constantFrom('a', 'Z', '7', 'word', '.', ',', "'", '-', '/', ':', '@', '_', ' ', '  ', '\t', '\n', '\f', '\r', '*', '(', ')', '\u0000', '~'), { maxLength: 40 }).map((parts) => parts.join(''));

describe('tokenize', () => {
  it('splits ASCII text as the Unicode pattern does, white space compared as one space', () => {
    fc.assert(
      fc.property(asciiText, (value) => {
        const tokens = tokenize([text(value)], false, false);
        const expected = value.match(TOKEN) ?? [];
        expect(tokens.map((token) => token.text)).toEqual(expected);
        expect(tokens.map((token) => token.compare)).toEqual(expected.map((token) => (/^[\t\n\f\r ]/.test(token) ? ' ' : token)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps words with inner punctuation whole, in ASCII and beyond', () => {
    expect(tokenize([text("v3.22 don't e-mail, a.b. x")], false, false).map((token) => token.text)).toEqual(['v3.22', ' ', "don't", ' ', 'e-mail', ',', ' ', 'a.b', '.', ' ', 'x']);
    expect(tokenize([text('café’s naïve-ish')], false, false).map((token) => token.text)).toEqual(['café’s', ' ', 'naïve-ish']);
  });
});
