/** memoPromise: one computation per key while it succeeds; a failure is asked again. */
import { describe, expect, it } from 'vitest';
import { memoPromise } from '../../src/lib/promise-memo.ts';

describe('memoPromise', () => {
  it('computes once per key and hands every caller the same answer', async () => {
    const memo = new Map<string, Promise<number>>();
    let calls = 0;
    const make = async () => ++calls;
    expect(await Promise.all([memoPromise(memo, 'a', make), memoPromise(memo, 'a', make)])).toEqual([1, 1]);
    expect(await memoPromise(memo, 'b', make)).toBe(2);
    expect(calls).toBe(2);
  });

  it('forgets a failure, so the next caller computes again', async () => {
    const memo = new Map<string, Promise<string>>();
    await expect(memoPromise(memo, 'a', () => Promise.reject(new Error('git failed')))).rejects.toThrow('git failed');
    expect(await memoPromise(memo, 'a', async () => 'ok')).toBe('ok');
  });
});
