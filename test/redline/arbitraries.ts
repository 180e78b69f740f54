/** fast-check generators: policy-like documents built from Markdown blocks, and random edits of them. */
import fc from 'fast-check';
import type { PolicyDocument } from '../../src/lib/document.ts';

export const WORDS = ['the', 'security', 'team', 'will', 'notify', 'members', 'of', 'a', 'list', 'issue', 'embargo', 'date', 'and', 'public', 'Xen', 'v3.22', "don't", 'e-mail', 'process', 'report'];

/** Labels of footnotes: references and definitions draw from the same few, so some match and some do not. */
const FOOTNOTES = ['1', '2', 'note'];

/** A short phrase, sometimes with inline markup (the author's own strike-through and footnote references too). */
const phrase = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }),
    fc.constantFrom('plain', 'plain', 'plain', 'em', 'strong', 'code', 'link', 'strike', 'footnote'),
    fc.constantFrom(...FOOTNOTES),
  )
  .map(([words, style, label]) => {
    const text = words.join(' ');
    if (style === 'strike') return `~~${text}~~`;
    if (style === 'footnote') return `${text}[^${label}]`;
    if (style === 'em') return `*${text}*`;
    if (style === 'strong') return `**${text}**`;
    if (style === 'code') return `\`${text}\``;
    if (style === 'link') return `[${text}](https://example.org/${words[0]})`;
    return text;
  });

const sentence = fc.array(phrase, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join(' ')}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((sentences) => sentences.join(' '));

/** One Markdown block. */
export const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 2, arbitrary: fc.array(sentence, { minLength: 1, maxLength: 5 }).map((items) => items.map((item) => `-   ${item}`).join('\n')) },
  // Loose lists: items apart, some with a second paragraph or a nested list.
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(sentence, fc.constantFrom('none', 'paragraph', 'nested'), sentence), { minLength: 1, maxLength: 4 })
      .map((items) =>
        items
          .map(([item, extra, more]) => `-   ${item}${extra === 'paragraph' ? `\n\n    ${more}` : extra === 'nested' ? `\n\n    1.  ${more}` : ''}`)
          .join('\n\n'),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(sentence, fc.array(sentence, { maxLength: 2 })), { minLength: 1, maxLength: 3 })
      .map((items) => items.map(([item, sub]) => [`1.  ${item}`, ...sub.map((s) => `    -   ${s}`)].join('\n')).join('\n')),
  },
  { weight: 1, arbitrary: phrase.map((text) => `### ${text.replace(/[*`[\]()]/g, '')}`) },
  { weight: 1, arbitrary: fc.array(fc.tuple(sentence, sentence), { minLength: 1, maxLength: 3 }).map((rows) => ['| A | B |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n')) },
  { weight: 1, arbitrary: paragraph.map((text) => `> ${text}`) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((words) => `\`\`\`\n${words.join(' ')}\n  ${words[0]}\n\`\`\``) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FOOTNOTES), paragraph).map(([label, text]) => `[^${label}]: ${text}`) },
);

/** A section: id, title, body of blocks; a label ("D.", "4.") before the title, as many real policies number headings. */
export interface GeneratedSection {
  id: string;
  title: string;
  blocks: string[];
  label?: string;
  /** A subsection (`###`) of the section before it, as in a single file. */
  sub?: boolean;
}

/** A generated document: its sections and the text before its first heading. */
export interface GeneratedDocument {
  sections: GeneratedSection[];
  lead?: string;
}

const IDS = ['intro', 'scope', 'process', 'embargo', 'list', 'members', 'history', 'contact'];

/** A document of 1..6 sections with distinct ids. */
export const sections: fc.Arbitrary<GeneratedSection[]> = fc
  .uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map((id) => fc.array(block, { minLength: 1, maxLength: 5 }).map((blocks): GeneratedSection => ({ id, title: id.toUpperCase(), blocks })))));

/** One edit of a document. */
export type Edit =
  | { type: 'replace-word'; section: number; block: number; word: number; by: string }
  | { type: 'delete-word'; section: number; block: number; word: number }
  | { type: 'insert-block'; section: number; at: number; block: string }
  | { type: 'delete-block'; section: number; block: number }
  | { type: 'move-block'; section: number; block: number; to: number; toSection: number }
  | { type: 'swap-sections'; a: number; b: number }
  | { type: 'rename'; section: number; title: string }
  | { type: 'remove-section'; section: number }
  | { type: 'add-section'; at: number; id: string; blocks: string[] }
  | { type: 'emphasise'; section: number; block: number; word: number }
  | { type: 'respace'; section: number; block: number; at: number; by: string }
  | { type: 'relabel'; section: number; label: string }
  | { type: 'restructure'; section: number; block: number; how: 'split' | 'merge' | 'to-list' | 'to-heading' | 'to-paragraph' | 'nest' }
  | { type: 'split-away'; section: number; block: number; to: number; toSection: number }
  | { type: 'renumber'; section: number; block: number; start: number }
  | { type: 'retarget'; section: number; block: number };

/** Heading labels, as policies number their sections. */
export const LABELS = ['A.', 'B.', 'D.', 'E.', '4.', '5.', 'IV.'];

const index = fc.nat(50);
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ type: fc.constant('replace-word' as const), section: index, block: index, word: index, by: fc.constantFrom(...WORDS) }),
  fc.record({ type: fc.constant('delete-word' as const), section: index, block: index, word: index }),
  fc.record({ type: fc.constant('insert-block' as const), section: index, at: index, block }),
  fc.record({ type: fc.constant('delete-block' as const), section: index, block: index }),
  fc.record({ type: fc.constant('move-block' as const), section: index, block: index, to: index, toSection: index }),
  fc.record({ type: fc.constant('swap-sections' as const), a: index, b: index }),
  fc.record({ type: fc.constant('rename' as const), section: index, title: fc.constantFrom('Renamed', 'Another Title') }),
  fc.record({ type: fc.constant('remove-section' as const), section: index }),
  fc.record({ type: fc.constant('add-section' as const), at: index, id: fc.constantFrom('new-one', 'new-two'), blocks: fc.array(block, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('emphasise' as const), section: index, block: index, word: index }),
  // Markdown spelling of white space: a soft wrap, a double space, a loose or tight list, a no-break space (which shows).
  fc.record({ type: fc.constant('respace' as const), section: index, block: index, at: index, by: fc.constantFrom('\n', '  ', '\n\n', '\u00a0', ' ') }),
  // A heading renumbered or relabelled: in a single file its id (the slug of the title) changes with it.
  fc.record({ type: fc.constant('relabel' as const), section: index, label: fc.constantFrom(...LABELS) }),
  // Changes of block structure, as editors make them: a paragraph split or merged, a block turned into a list item, a
  // heading or a paragraph, list items nested.
  fc.record({ type: fc.constant('restructure' as const), section: index, block: index, how: fc.constantFrom('split', 'merge', 'to-list', 'to-heading', 'to-paragraph', 'nest') }),
  // A paragraph split whose second part goes elsewhere: after other blocks, or into another section.
  fc.record({ type: fc.constant('split-away' as const), section: index, block: index, to: index, toSection: index }),
  // What the page shows beside the words: an ordered list's first number, a link's target.
  fc.record({ type: fc.constant('renumber' as const), section: index, block: index, start: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ type: fc.constant('retarget' as const), section: index, block: index }),
);

/** A block with its structure changed `how` (the next block too, for a merge); unchanged where that cannot apply. */
function restructureBlocks(blocks: string[], at: number, how: Extract<Edit, { type: 'restructure' }>['how']): void {
  const text = blocks[at]!;
  const lines = text.split('\n');
  if (how === 'split') blocks[at] = text.replace('. ', '.\n\n');
  else if (how === 'merge' && at + 1 < blocks.length) blocks.splice(at, 2, `${text} ${blocks[at + 1]!}`);
  else if (how === 'to-list') blocks[at] = lines.map((line, k) => (k === 0 ? `-   ${line}` : `    ${line}`)).join('\n');
  else if (how === 'to-heading' && lines.length === 1) blocks[at] = `#### ${text.replace(/^#+ /, '')}`;
  else if (how === 'to-paragraph') blocks[at] = lines.map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')).join('\n');
  else if (how === 'nest') blocks[at] = lines.map((line, k) => (k === 0 ? line : `    ${line}`)).join('\n');
}


/** A document with labels on some headings and, sometimes, text before the first heading. */
export const documents: fc.Arbitrary<GeneratedDocument> = fc
  .tuple(
    sections,
    fc.array(fc.option(fc.constantFrom(...LABELS), { nil: undefined }), { minLength: 6, maxLength: 6 }),
    fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    fc.option(fc.array(block, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  )
  .map(([generated, labels, subs, lead]) => ({
    sections: generated.map((section, k) => ({ ...section, ...(labels[k] ? { id: `${slug(labels[k])}-${section.id}`, label: labels[k] } : {}), ...(subs[k] ? { sub: true } : {}) })),
    ...(lead ? { lead: `${lead.join('\n\n')}\n` } : {}),
  }));

/** One edit of the text before the first heading: a word replaced, the text added or taken away. */
export type LeadEdit = { type: 'lead-word'; word: number; by: string } | { type: 'lead-remove' } | { type: 'lead-add'; text: string };

export const leadEdit: fc.Arbitrary<LeadEdit> = fc.oneof(
  fc.record({ type: fc.constant('lead-word' as const), word: index, by: fc.constantFrom(...WORDS) }),
  fc.record({ type: fc.constant('lead-remove' as const) }),
  fc.record({ type: fc.constant('lead-add' as const), text: paragraph }),
);

/** Applies section edits and lead edits to a generated document. */
export function applyDocumentEdits(original: GeneratedDocument, edits: Edit[], leadEdits: LeadEdit[]): GeneratedDocument {
  let lead = original.lead;
  for (const e of leadEdits) {
    if (e.type === 'lead-remove') lead = undefined;
    else if (e.type === 'lead-add') lead = `${lead ?? ''}${lead ? '\n' : ''}${e.text}\n`;
    else if (lead) lead = replaceWord(lead, e.word, () => e.by);
  }
  return { sections: applyEdits(original.sections, edits), ...(lead ? { lead } : {}) };
}

/** The text with its n-th word of three letters or more (wrapping around) changed. */
export function replaceWord(text: string, n: number, change: (word: string) => string): string {
  const matches = [...text.matchAll(/[A-Za-z]{3,}/g)];
  if (!matches.length) return text;
  const match = matches[n % matches.length]!;
  return text.slice(0, match.index) + change(match[0]) + text.slice(match.index + match[0].length);
}

/**
 * A PolicyDocument from a generated document, ids made from labelled titles as a single file's slugs are, and each
 * subsection under the section before it, as a single file nests them (so an edit that moves one re-parents it).
 */
export function toLabelledDocument(generated: GeneratedDocument, version: string): PolicyDocument {
  const document = toDocument(generated.sections, version);
  let parent: string | undefined;
  const sections = document.sections.map((section, k) => {
    if (!generated.sections[k]!.sub || parent === undefined) {
      parent = section.id;
      return section;
    }
    return { ...section, parent };
  });
  return { ...document, sections, metadata: { ...document.metadata, ...(generated.lead ? { lead: generated.lead } : {}) } };
}

/** Applies edits to a copy of the sections (indices wrap around; edits that cannot apply are skipped). */
export function applyEdits(original: GeneratedSection[], edits: Edit[]): GeneratedSection[] {
  const doc = original.map((section) => ({ ...section, blocks: [...section.blocks] }));
  const pick = <T>(list: T[], n: number): number => (list.length ? n % list.length : -1);
  const wordEdit = replaceWord;
  for (const e of edits) {
    if (e.type === 'swap-sections') {
      const a = pick(doc, e.a);
      const b = pick(doc, e.b);
      if (a >= 0 && b >= 0) [doc[a], doc[b]] = [doc[b]!, doc[a]!];
      continue;
    }
    if (e.type === 'add-section') {
      if (!doc.some((section) => section.id === e.id)) doc.splice(e.at % (doc.length + 1), 0, { id: e.id, title: e.id, blocks: e.blocks });
      continue;
    }
    const s = pick(doc, e.section);
    if (s < 0) continue;
    const section = doc[s]!;
    switch (e.type) {
      case 'rename':
        section.title = e.title;
        break;
      case 'relabel':
        if (section.label && section.label !== e.label) {
          const id = `${slug(e.label)}-${section.id.slice(slug(section.label).length + 1)}`;
          if (doc.some((other) => other.id === id)) break;
          section.id = id;
          section.label = e.label;
        }
        break;
      case 'remove-section':
        if (doc.length > 1) doc.splice(s, 1);
        break;
      case 'insert-block':
        section.blocks.splice(e.at % (section.blocks.length + 1), 0, e.block);
        break;
      case 'delete-block':
        if (section.blocks.length > 1) section.blocks.splice(pick(section.blocks, e.block), 1);
        break;
      case 'move-block': {
        if (section.blocks.length < 1) break;
        const [moved] = section.blocks.splice(pick(section.blocks, e.block), 1);
        const target = doc[pick(doc, e.toSection)]!;
        target.blocks.splice(e.to % (target.blocks.length + 1), 0, moved!);
        if (section.blocks.length === 0) section.blocks.push('Filler paragraph.');
        break;
      }
      case 'split-away': {
        const b = pick(section.blocks, e.block);
        const text = section.blocks[b] ?? '';
        const at = text.indexOf('. ');
        if (!/^[A-Za-z*`~]/.test(text) || at < 0) break;
        section.blocks[b] = text.slice(0, at + 1);
        const target = doc[pick(doc, e.toSection)]!;
        target.blocks.splice(e.to % (target.blocks.length + 1), 0, text.slice(at + 2));
        break;
      }
      case 'renumber':
      case 'retarget': {
        // (of the section's blocks that have a numbered list or a link, in any section, as these are rare)
        const has = e.type === 'renumber' ? (block: string) => /^\d+\./.test(block) : (block: string) => block.includes('](https://example.org/');
        const places = doc.flatMap((candidate) => candidate.blocks.flatMap((block, k) => (has(block) ? [{ candidate, k }] : [])));
        const place = places[pick(places, e.block)];
        if (!place) break;
        const text = place.candidate.blocks[place.k]!;
        place.candidate.blocks[place.k] = e.type === 'renumber' ? text.replace(/^\d+\./, `${e.start}.`) : text.replace('](https://example.org/', '](https://example.net/');
        break;
      }
      case 'restructure': {
        const b = pick(section.blocks, e.block);
        if (b >= 0) restructureBlocks(section.blocks, b, e.how);
        break;
      }
      case 'respace': {
        // Replaces one run of white space of a block: between words, or between the lines of a list.
        const b = pick(section.blocks, e.block);
        if (b < 0) break;
        const spaces = [...section.blocks[b]!.matchAll(/ +|\n+/g)];
        if (!spaces.length) break;
        const match = spaces[e.at % spaces.length]!;
        const by = match[0].startsWith('\n') ? (match[0] === '\n' ? '\n\n' : '\n') : e.by;
        section.blocks[b] = section.blocks[b]!.slice(0, match.index) + by + section.blocks[b]!.slice(match.index + match[0].length);
        break;
      }
      default: {
        const b = pick(section.blocks, e.block);
        if (b < 0) break;
        const by = e.type === 'replace-word' ? e.by : '';
        section.blocks[b] = wordEdit(section.blocks[b]!, e.word, (word) =>
          e.type === 'replace-word' ? by : e.type === 'delete-word' ? 'x' : `*${word}*`,
        );
      }
    }
  }
  return doc;
}

/** A PolicyDocument from generated sections. */
export function toDocument(generated: GeneratedSection[], version: string): PolicyDocument {
  return {
    metadata: { title: 'Generated', version, date: '2024-01-01' },
    sections: generated.map((section, index) => ({ id: section.id, title: section.label ? `${section.label} ${section.title}` : section.title, order: (index + 1) * 10, body: `${section.blocks.join('\n\n')}\n` })),
  };
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, '');
}
