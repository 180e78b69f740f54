import { describe, expect, it } from 'vitest';
import { sectionBody } from '../../src/lib/markdown/policy-tree.ts';
import { renderChunk, splitChunks } from '../../src/lib/redline/chunks.ts';
import { textOf } from '../../src/lib/redline/hast.ts';

/** The text of a body rendered whole, and rendered chunk by chunk. */
function texts(body: string): { whole: string; chunked: string } {
  const whole = textOf(sectionBody({ id: 's', title: 'S', order: 1, body }).filter((node) => node.type === 'element'));
  const chunked = splitChunks(body).map((chunk) => textOf(renderChunk(chunk.text, {}, 's'))).join('');
  return { whole, chunked };
}

describe('chunks of a section body', () => {
  it.each([
    ['blank lines only', '\n\n \n'],
    ['blank lines before and after', '\n\nOne.\n\nTwo.\n\n\n'],
    ['a code fence left open, its blank lines code', 'One.\n\n```\ncode\n\n\n'],
    ['trailing spaces of an indented code block', 'One.\n\n    code  \n'],
    ['a byte order mark before a list marker', 'One.\n\n\uFEFF* two\n'],
    ['an empty list item after a code block', '    code\n\n* \n'],
    ['a loose list', '- one\n\n- two\n\nAfter.\n'],
  ])('render as the whole body does: %s', (_name, body) => {
    const { whole, chunked } = texts(body);
    expect(chunked.replace(/\n/g, '')).toBe(whole.replace(/\n/g, ''));
  });

  it('give each chunk its offsets in the body, trailing blank lines left out', () => {
    expect(splitChunks('One.\n\n\nTwo.\n\n')).toEqual([
      { text: 'One.', start: 0, end: 4 },
      { text: 'Two.', start: 7, end: 11 },
    ]);
    expect(splitChunks('\n\n')).toEqual([]);
  });
});
