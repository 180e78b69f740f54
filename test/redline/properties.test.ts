/**
 * Properties over generated documents (labelled headings, text before the first heading) and random edits: a change is
 * reported iff the rendering changed; accept all gives the new text and reject all the old, in order, inline and in
 * the columns of side by side. (A relabelled heading's property is in relabel-property.test.ts.)
 */
import fc from 'fast-check';
import type { Element, ElementContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { hastToHtml } from '../../src/lib/markdown/html.ts';
import { documentTree } from '../../src/lib/markdown/policy-html.ts';
import { textOf } from '../../src/lib/redline/hast.ts';
import { computeRedline, redlineBodyTree } from '../../src/lib/redline/index.ts';
import { applyDocumentEdits, documents, edit, leadEdit, toLabelledDocument } from './arbitraries.ts';
import { losslessTexts } from './support.ts';

/** The rendering a reader sees: the document's HTML without the anchors that name sections and blocks. */
function rendering(document: Parameters<typeof documentTree>[0]): string {
  return hastToHtml(documentTree(document))
    .replace(/ (?:id|aria-labelledby|data-section)="[^"]*"/g, '')
    .replace(/href="#[^"]*"/g, 'href="#"');
}

/** Text of every column of a side-by-side body of one side, in page order. */
function columnText(nodes: ElementContent[], column: 'redline-old' | 'redline-new'): string {
  let out = '';
  const walk = (list: ElementContent[]) => {
    for (const node of list) {
      if (node.type !== 'element') continue;
      const className = (node as Element).properties.className;
      if (Array.isArray(className) && className.includes(column)) out += `${textOf(node.children)}\n`;
      else walk(node.children);
    }
  };
  walk(nodes);
  return out;
}

describe('redline properties over generated documents', () => {
  it('reports a change iff the rendering changed, and is lossless in order both ways, inline and side by side', () => {
    fc.assert(
      fc.property(documents, fc.array(edit, { maxLength: 5 }), fc.array(leadEdit, { maxLength: 2 }), (generated, edits, leadEdits) => {
        const oldDoc = toLabelledDocument(generated, '1');
        const newDoc = toLabelledDocument(applyDocumentEdits(generated, edits, leadEdits), '1');
        const redline = computeRedline(oldDoc, newDoc);
        expect(redline.metadataChanges).toEqual([]);
        expect(redline.changes.length > 0).toBe(rendering(oldDoc) !== rendering(newDoc));
        expect(redline.summary.changes).toBe(redline.changes.length);
        const texts = losslessTexts(redline, oldDoc, newDoc);
        expect(texts.accepted).toBe(texts.newText);
        expect(texts.rejected).toBe(texts.oldText);
        // The columns of side by side hold each document's words in its own order.
        const sideBySide = redlineBodyTree(redline, { view: 'side-by-side' }).children as ElementContent[];
        const letters = (text: string) => text.replace(/\s+/g, '');
        expect(letters(columnText(sideBySide, 'redline-old'))).toBe(letters(texts.oldText));
        expect(letters(columnText(sideBySide, 'redline-new'))).toBe(letters(texts.newText));
      }),
      { numRuns: 150 },
    );
  }, 300_000);
});
