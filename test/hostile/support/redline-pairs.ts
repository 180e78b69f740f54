/** The pathological document pairs of the hostile redline corpus, as single Markdown policy files (## headings are sections). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR, readCases } from './corpus.ts';

/** A small deterministic generator (a linear congruential one), so a pair is the same on every run. */
function randomWords(seed: number, count: number): string {
  let state = seed;
  const words: string[] = [];
  for (let index = 0; index < count; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    words.push(Math.floor((state / 2147483648) * 36 ** 5).toString(36));
  }
  return words.join(' ');
}

/** A policy file of one section holding `body`. */
function oneSection(body: string): string {
  return `# Policy\n\n## Only section\n\n${body}\n`;
}

/** A policy file of 100 sections of 10 paragraphs of random words (about 1 MB). */
function manySections(seed: number, heading: string): string {
  const sections = Array.from({ length: 100 }, (_, index) => `## ${heading} ${index}\n\n${Array.from({ length: 10 }, (_, paragraph) => randomWords(seed * 1000 + index * 10 + paragraph, 160)).join('\n\n')}`);
  return `# Policy\n\n${sections.join('\n\n')}\n`;
}

/** The hostile Markdown corpus' sanitized cases, one section each. */
function hostileSections(edit: (body: string) => string): string {
  const sections = readCases('markdown')
    .filter((hostile) => hostile.expect === 'sanitized' && hostile.file)
    .map((hostile) => `## ${hostile.name}\n\n${edit(readFileSync(path.join(CORPUS_DIR, 'markdown', hostile.file!), 'utf8'))}`);
  return `# Hostile policy\n\n${sections.join('\n\n')}\n`;
}

/** The old and new text of the named pair. */
export function redlinePair(name: string): { old: string; new: string } {
  switch (name) {
    case 'paragraph-edited': {
      // One paragraph of about 1 MB, every 97th word changed.
      const words = randomWords(1, 160_000);
      return { old: oneSection(words), new: oneSection(words.split(' ').map((word, index) => (index % 97 === 0 ? 'CHANGED' : word)).join(' ')) };
    }
    case 'identical-tokens':
      // 100,000 identical tokens, one different token inserted in the middle: every alignment is equally good.
      return { old: oneSection(Array(100_000).fill('a').join(' ')), new: oneSection([...Array(50_000).fill('a'), 'b', ...Array(49_999).fill('a')].join(' ')) };
    case 'unrelated-documents':
      return { old: manySections(7, 'Section'), new: manySections(99, 'Part') };
    case 'unrelated-paragraphs':
      return { old: oneSection(randomWords(5, 160_000)), new: oneSection(randomWords(6, 160_000)) };
    case 'hostile-markup':
      return {
        old: hostileSections((body) => body),
        new: hostileSections((body) => `${body.replace(/window\.__pwned/g, 'window.__pwned ')}\n<script>window.__pwned = 'added'</script> [added](javascript:window.__pwned='added-link')\n`),
      };
    case 'nested-lists':
      // 10,000 nested list levels in the new version: refused before parsing (it used to run for minutes).
      return { old: oneSection('Text.'), new: `# Policy\n\n## Only section\n\n${'- '.repeat(10_000)}x\n` };
    default:
      throw new Error(`no redline pair named ${name}`);
  }
}
