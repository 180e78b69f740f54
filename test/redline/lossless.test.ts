import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRedline, renderRedlineHtml } from '../../src/lib/redline/index.ts';
import { applyEdits, edit, sections, toDocument } from './arbitraries.ts';
import { losslessTexts } from './support.ts';

describe('lossless on generated documents and random edits', () => {
  it('accepting all gives the new text, rejecting all the old, and change ids run in page order', () => {
    fc.assert(
      fc.property(sections, fc.array(edit, { minLength: 1, maxLength: 6 }), (generated, edits) => {
        const oldDoc = toDocument(generated, '1');
        const newDoc = toDocument(applyEdits(generated, edits), '2');
        const redline = computeRedline(oldDoc, newDoc);
        const texts = losslessTexts(redline, oldDoc, newDoc);
        expect(texts.accepted).toBe(texts.newText);
        expect(texts.rejected).toBe(texts.oldText);
        const html = renderRedlineHtml(redline, { view: 'inline' });
        const anchors = [...html.matchAll(/ id="(change-\d+)"/g)].map((match) => match[1]);
        expect(anchors).toEqual(redline.changes.map((change) => change.id));
        expect(redline.changes.map((change) => change.id)).toEqual(redline.changes.map((_, index) => `change-${index + 1}`));
      }),
      { numRuns: 200 },
    );
  }, 300_000);

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
