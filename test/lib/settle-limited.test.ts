/** settleLimited: a bound on the work running at once, results in the items' order, failures kept apart. */
import { describe, expect, it } from 'vitest';
import { settleLimited } from '../../src/lib/settle-limited.ts';

describe('settleLimited', () => {
  it('runs at most `limit` at once and settles every item in its own place', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 15, 2, 8];
    const results = await settleLimited(delays, 3, async (delay, index) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      if (index === 2) throw new Error('third fails');
      return delay * 10;
    });
    expect(most).toBe(3);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([300, 50, 'third fails', 10, 150, 20, 80]);
  });

  it('settles an empty list, and runs one at a time when the limit is below one', async () => {
    expect(await settleLimited([], 4, async () => 1)).toEqual([]);
    const order: number[] = [];
    await settleLimited([1, 2, 3], 0, async (item) => void order.push(item));
    expect(order).toEqual([1, 2, 3]);
  });
});
