/**
 * A property over generated documents with labelled headings: a relabelled heading plus a one-word edit in its section
 * marks only the two labels and the word. (The general redline properties are in properties.test.ts; two files run
 * on two workers.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRedline } from '../../src/lib/redline/index.ts';
import { LABELS, replaceWord, toLabelledDocument, WORDS, documents } from './arbitraries.ts';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('a relabelled heading over generated documents', () => {
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
