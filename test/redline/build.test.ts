/** The word layer's rebuild of inline markup: each change its own `<ins>`/`<del>`, formatting outside it. */
import type { Element } from 'hast';
import { describe, expect, it } from 'vitest';
import type { PendingChange } from '../../src/lib/redline/changes.ts';
import { build, tokenize, type Placed } from '../../src/lib/redline/inline.ts';
import { text } from '../../src/lib/redline/hast.ts';

const change = (key: string): PendingChange => ({ key, kind: 'insertion', sectionId: 's', block: 'p', oldText: '', newText: key });

describe('build', () => {
  it('keeps two changes of the same kind that touch as two elements, inside the formatting they share', () => {
    const [first, second] = [change('c1'), change('c2')];
    const tokens = tokenize([{ type: 'element', tagName: 'em', properties: {}, children: [text('one two')] }], false, false);
    const placed: Placed[] = [
      { token: tokens[0]!, op: 'ins', change: first },
      { token: tokens[1]!, op: 'ins', change: first },
      { token: tokens[2]!, op: 'ins', change: second },
    ];
    const [em, ...rest] = build(placed) as Element[];
    expect(rest).toEqual([]);
    expect(em!.tagName).toBe('em');
    expect(em!.children.map((child) => (child as Element).tagName)).toEqual(['ins', 'ins']);
    expect(em!.children.map((child) => (child as Element).children.map((node) => (node.type === 'text' ? node.value : '')).join(''))).toEqual(['one ', 'two']);
  });
});
