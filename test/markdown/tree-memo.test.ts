/** TreeMemo: each tree made once per key, every caller given a copy of its own, the memory bounded. */
import { describe, expect, it } from 'vitest';
import { TreeMemo } from '../../src/lib/markdown/tree-memo.ts';

describe('TreeMemo', () => {
  it('makes a tree once per key and hands out copies a caller may change', () => {
    const memo = new TreeMemo<{ words: string[] }>(100);
    let made = 0;
    const make = () => (made++, { words: ['one', 'two'] });
    const first = memo.get('k', 'one two', make);
    first.words.push('changed');
    const second = memo.get('k', 'one two', make);
    expect(made).toBe(1);
    expect(second).toEqual({ words: ['one', 'two'] });
    expect(second).not.toBe(memo.get('k', 'one two', make));
  });

  it('drops what it keeps once the texts kept would pass the limit', () => {
    const memo = new TreeMemo<string[]>(10);
    let made = 0;
    const make = (text: string) => () => (made++, [text]);
    memo.get('a', 'aaaaaa', make('a'));
    memo.get('b', 'bbbbbb', make('b')); // 12 characters: "a" is dropped to keep "b"
    memo.get('b', 'bbbbbb', make('b'));
    memo.get('a', 'aaaaaa', make('a'));
    expect(made).toBe(3);
  });
});
