import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRedline } from '../../src/lib/redline/index.ts';
import { sections, toDocument } from './arbitraries.ts';

// Lossless on generated documents and random edits is a property of test/fuzz (fuzz.test.ts runs it with a fixed seed,
// `npm run fuzz` for longer with random ones).
describe('generated documents', () => {
  it('finds no change between a document and itself', () => {
    fc.assert(
      fc.property(sections, (generated) => {
        const document = toDocument(generated, '1');
        expect(computeRedline(document, structuredClone(document)).changes).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
