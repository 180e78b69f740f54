import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mdastToHast } from '../../src/lib/markdown/to-hast.ts';
import { parseMarkdown } from '../../src/lib/markdown/parse.ts';
import { sectionBody } from '../../src/lib/markdown/policy-html.ts';
import { fastBody } from '../../src/lib/redline/chunks.ts';
import { fastRender } from '../../src/lib/redline/fast-render.ts';

/** hast without source positions (the shortcut has none to give). */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'position').map(([key, inner]) => [key, withoutPositions(inner)]));
  }
  return value;
}

const links = { linkBase: 'https://example.org' };
const remark = (text: string) => withoutPositions(mdastToHast(parseMarkdown(text), { ...links, anchorPrefix: 's' }).children);

// Pieces that are usually, but not always, what the shortcut accepts: near misses are the point.
const piece = fc.oneof(
  fc.constantFrom('word', 'Xen', 'the team', '3.22', "don't", 'e-mail', '(see below)', 'a, b; c: d?', '“quoted”', 'www.example.org', 'x@example.org', 'http://a.b'),
  fc.constantFrom('*em*', '**strong**', '*two words*', '[link](/help/x/)', '[abs](https://a.example/p)', '[frag](#scope)', '*bad *', '* x', '**x*', '[x](a b)', '`code`', '_u_', '&amp;', '<b>', '\\*'),
  fc.constantFrom(' ', ' ', ' ', '  ', '.', ',', '*', '[', ']', '(', ')', '!', '#', '>', '|', '~', '-', '1.', '\n', '---', '- - -', '\uFEFF'),
);
const line = fc.array(piece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
const list = fc
  .array(fc.tuple(fc.constantFrom('-   ', '- ', '-  ', '    -   ', '    - ', '  - ', '* ', '1.  '), line), { minLength: 1, maxLength: 5 })
  .map((items) => items.map(([marker, text]) => marker + text).join('\n'));

// Mostly valid text, so the comparison covers much of what the shortcut accepts.
const good = fc.constantFrom('word', 'the team', '*em*', '**strong**', '[link](/help/x/)', '(see)', 'v3.22', '[frag](#scope)', '**two  spaces**', 'a  b', '*x  y*', '[l  m](/x/)');
const goodLine = fc.array(good, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(' '));
const goodParagraph = fc.array(goodLine, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
const goodList = fc
  .array(fc.tuple(fc.constantFrom('-   ', '-   ', '    -   ', '- '), goodLine), { minLength: 1, maxLength: 5 })
  .map((items) => items.map(([marker, text]) => marker + text).join('\n'));

// Tables of such cells, with near misses: rows longer or shorter than the header, odd delimiter rows, stray spaces.
const cell = fc.oneof(good, piece, fc.constant(''), fc.constant('  spaced  '));
const delimiterCell = fc.constantFrom('---', ':--', '--:', ':-:', ' - ', '-', '', ':', '--- ', ' :---: ');
const table = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 }))
  .chain(([columns, rows]) =>
    fc.tuple(
      fc.array(cell, { minLength: columns, maxLength: columns }),
      fc.oneof(fc.array(delimiterCell, { minLength: columns, maxLength: columns }), fc.array(delimiterCell, { minLength: 1, maxLength: 5 })),
      fc.tuple(...rows.map((length) => fc.array(cell, { minLength: length, maxLength: length }))),
      fc.constantFrom('|', '| ', ' |'),
    ),
  )
  .map(([head, delimiter, rows, edge]) => [head, delimiter, ...rows].map((cells) => `${edge.trim() === '|' && edge.startsWith(' ') ? ' ' : ''}|${cells.join('|')}|${edge.endsWith(' ') ? ' ' : ''}`).join('\n'));
const goodTable = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .chain(([columns, rows]) =>
    fc.tuple(
      fc.array(goodLine, { minLength: columns, maxLength: columns }),
      fc.array(fc.constantFrom('---', ':--', '--:', ':-:', ' --- '), { minLength: columns, maxLength: columns }),
      fc.array(fc.array(fc.oneof(goodLine, fc.constant('')), { minLength: 1, maxLength: columns }), { minLength: rows, maxLength: rows }),
    ),
  )
  .map(([head, delimiter, rows]) => [head, delimiter, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n'));

describe('the shortcut renderer', () => {
  it('renders exactly as the page renderer whenever it accepts a text', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(paragraph, list, goodParagraph, goodList, table, goodTable), (text) => {
        const fast = fastRender(text, links, 's');
        if (!fast) return;
        accepted++;
        expect(withoutPositions(fast)).toEqual(remark(text));
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(100);
  }, 240_000);

  it('takes ordinary policy prose and simple lists, and declines what it cannot be sure of', () => {
    expect(fastRender('The team will *notify* members of the [list](/help/list/).', links)).toBeDefined();
    expect(fastRender('-   one\n    -   nested **two**\n-   three', links)).toBeDefined();
    expect(fastRender('| Who | What |\n|:--|--:|\n| the *team* | [notes](/help/) |\n| short |', links)).toBeDefined();
    for (const text of ['| a | b |\n|---|\n| c | d |', '| a |\n|---|\n| b | c |', '| a `|` |\n|---|\n| b |', '| a \\| b |\n|---|\n| c |', 'A | B', 'Some `code`.', 'See <b>x</b>.', '1. item', 'Text\n===', '-   one\n\n-   two', 'a_b_c *x*y']) {
      expect(fastRender(text, links)).toBeUndefined();
    }
  });
});

describe('a section body rendered chunk by chunk', () => {
  const block = fc.oneof(goodParagraph, goodList, paragraph, goodTable);
  it('equals the page renderer’s body whenever every chunk takes the shortcut', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n\n', '\n\n\n'), (blocks, gap) => {
        const body = `${blocks.join(gap)}\n`;
        const fast = fastBody(body, links, 's');
        if (!fast) return;
        accepted++;
        expect(withoutPositions(fast)).toEqual(withoutPositions(sectionBody({ id: 's', title: 'S', order: 1, body }, links)));
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(33);
  }, 240_000);
});
