/** The budgeted diff answers as jsdiff does, and its count of needed edits never exceeds a real script's. */
import { diffArrays } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedDiff, editLowerBound } from '../../src/lib/redline/bounded-diff.ts';

// A small alphabet, so lists share tokens in every order; lengths where the count is tried (budget² > 4 × length).
const tokens = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ' '), { maxLength: 40 });

describe('boundedDiff', () => {
  it('gives jsdiff’s diff, or nothing exactly where jsdiff gives up', () => {
    fc.assert(
      fc.property(tokens, tokens, fc.integer({ min: 0, max: 80 }), (a, b, budget) => {
        expect(boundedDiff(a, b, budget)).toEqual(diffArrays(a, b, { maxEditLength: budget }));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts no more edits than jsdiff’s script makes', () => {
    fc.assert(
      fc.property(tokens, tokens, (a, b) => {
        const edits = diffArrays(a, b).reduce((sum, part) => sum + (part.added || part.removed ? part.value.length : 0), 0);
        expect(editLowerBound(a, b)).toBeLessThanOrEqual(edits);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives up at once on unrelated lists too far apart for the budget', () => {
    const old = Array.from({ length: 50_000 }, (_, k) => `old${k}`);
    const current = Array.from({ length: 50_000 }, (_, k) => `new${k}`);
    expect(editLowerBound(old, current)).toBe(100_000);
    expect(boundedDiff(old, current, 1_000)).toBeUndefined();
    expect(boundedDiff(['x', ...old], ['x', ...old.slice(0, -1), 'y'], 1_000)?.map((part) => part.value.length)).toEqual([50_000, 1, 1]);
  });
});
