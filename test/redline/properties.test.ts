/**
 * Properties over generated documents (labelled headings, text before the first heading) and random edits: a change is
 * reported iff the rendering changed; accept all gives the new text and reject all the old, in order, inline and in
 * the columns of side by side; a relabelled heading plus a one-word edit marks only the label and the word.
 */
import fc from 'fast-check';
import type { Element, ElementContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { hastToHtml } from '../../src/lib/markdown/html.ts';
import { documentTree } from '../../src/lib/markdown/policy-html.ts';
import { textOf } from '../../src/lib/redline/hast.ts';
import { computeRedline, redlineBodyTree } from '../../src/lib/redline/index.ts';
import { applyDocumentEdits, documents, edit, LABELS, leadEdit, replaceWord, toLabelledDocument, WORDS } from './arbitraries.ts';
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

const words = (text: string) => text.split(/\s+/).filter(Boolean);

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

  it('marks a relabelled heading and a one-word edit in its section as the label and the word, nothing more', () => {
    fc.assert(
      fc.property(documents, fc.nat(20), fc.nat(20), fc.nat(50), fc.constantFrom(...LABELS), fc.constantFrom(...WORDS), (generated, s, b, w, label, by) => {
        const k = s % generated.sections.length;
        const section = generated.sections[k]!;
        // A prose paragraph of some length, so the edit cannot be half of its block.
        const prose = section.blocks.findIndex((block, index) => index >= b % section.blocks.length && /^[A-Za-z]/.test(block) && !/[[\]()`*~]/.test(block) && words(block).length >= 6);
        fc.pre(prose >= 0 && !!section.label && section.label !== label);
        let was = '';
        let now = '';
        const after = replaceWord(section.blocks[prose]!, w, (word) => {
          was = word;
          now = word === by ? `${by}s` : by;
          return now;
        });
        const edited = {
          ...generated,
          sections: generated.sections.map((candidate, index) =>
            index === k ? { ...candidate, label, id: `${label.toLowerCase().replace(/[^a-z0-9]/g, '')}-${candidate.id.slice(candidate.id.indexOf('-') + 1)}`, blocks: candidate.blocks.map((block, n) => (n === prose ? after : block)) } : candidate,
          ),
        };
        fc.pre(!generated.sections.some((other) => other.id === edited.sections[k]!.id));
        const redline = computeRedline(toLabelledDocument(generated, '1'), toLabelledDocument(edited, '1'));
        const renamed = redline.sections.find((candidate) => candidate.id === edited.sections[k]!.id)!;
        expect(renamed.status).toBe('renamed');
        const marked = redline.changes.flatMap((change) => [...words(change.oldText), ...words(change.newText)]);
        expect(marked.length).toBeLessThanOrEqual(4);
        // Each marked word is a label (whose full stop, the same on both sides, may stay unmarked) or the edited word
        // (as the page splits words: "e-mail" when its "mail" changed); both labels and both words are marked.
        const labels = [section.label!, label].map((word) => word.replace(/\.$/, ''));
        const role = (word: string) => {
          if (labels.includes(word.replace(/\.$/, ''))) return word.replace(/\.$/, '');
          const parts = word.split(/[-'’./]/);
          const within = (edited: string) => edited.split(/[-'’./]/).every((part) => parts.includes(part));
          return word === now ? 'now' : word === was ? 'was' : within(now) ? 'now' : within(was) ? 'was' : `other: ${word}`;
        };
        expect(new Set(marked.map(role))).toEqual(new Set([...labels, 'was', 'now']));
        expect(redline.changes.every((change) => change.sectionId === renamed.id)).toBe(true);
      }),
      { numRuns: 100 },
    );
  }, 300_000);
});
