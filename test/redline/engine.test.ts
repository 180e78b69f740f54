import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadPolicyAtRevision } from '../../src/lib/load/git-revision.ts';
import { renderLeadHtml, renderPolicyHtml } from '../../src/lib/markdown/policy-html.ts';
import { computeRedline, renderRedlineAnsi, renderRedlineHtml } from '../../src/lib/redline/index.ts';
import { countsText } from '../../src/lib/redline/summary.ts';
import { generatePair } from '../../scripts/bench/redline.ts';
import { bodyHtml, doc, losslessTexts } from './support.ts';

function commitOf(subject: string): string {
  return execFileSync('git', ['log', '--format=%H', '--grep', `^${subject}`], { encoding: 'utf8' }).trim().split('\n')[0]!;
}

describe('the counts of a redline', () => {
  it('counts a section\'s changes as the whole redline does: a word replaced is one change, of one insertion and one deletion', () => {
    const redline = computeRedline(
      doc('1', ['scope', 'Scope', 'The team handles reports.\n'], ['list', 'List', '-   Alpha\n']),
      doc('2', ['scope', 'Scope', 'The crew handles reports.\n'], ['list', 'List', '-   Alpha\n-   Beta\n']),
    );
    expect(redline.summary.sections.map(({ id, changes, insertions, deletions }) => [id, changes, insertions, deletions])).toEqual([
      ['scope', 1, 1, 1],
      ['list', 1, 1, 0],
    ]);
    expect(redline.summary.sections.reduce((sum, section) => sum + section.changes, 0)).toBe(redline.summary.changes);
  });

  it('says a section\'s changes by kind, adding up to its number of changes, wherever the counts are shown', () => {
    const redline = computeRedline(
      doc('1', ['scope', 'Scope', 'The team handles all reports. We answer in a week.\n']),
      doc('2', ['scope', 'Scope', 'The crew handles reports. We answer in a week, or sooner.\n']),
    );
    const scope = redline.summary.sections[0]!;
    expect(countsText(scope)).toBe('3 changes: 1 replacement, 1 insertion, 1 deletion');
    expect(countsText({ insertions: 2, deletions: 0, replacements: 0, moves: 0, formatting: 0, changes: 2 })).toBe('2 insertions');
    expect(countsText({ insertions: 0, deletions: 0, replacements: 0, moves: 0, formatting: 0, changes: 0 })).toBe('no change');
    expect(renderRedlineHtml(redline, { view: 'inline' })).toContain('<span class="redline-counts">3 changes: 1 replacement, 1 insertion, 1 deletion</span>');
    expect(renderRedlineAnsi(redline, { color: false })).toContain('3 changes in 1 section (1 replacement, 1 insertion, 1 deletion)');
  });
});

describe('a redline with nothing changed', () => {
  it('renders byte for byte like the page, and counts no change', async () => {
    const policy = await loadPolicyAtRevision('.', commitOf('Policy v3.23'));
    const redline = computeRedline(policy, policy);
    expect(redline.changes).toEqual([]);
    expect(redline.summary).toMatchObject({ changes: 0, sectionsChanged: 0 });
    for (const anchorHref of [undefined, (id: string) => `/sections/${id}/`]) {
      const html = renderRedlineHtml(redline, { view: 'inline', ...(anchorHref ? { anchorHref } : {}) });
      // The lead first, as the page shows it, in a section of its own; then every section as the page renders it.
      const lead = `<section class="policy-lead" id=":lead" data-section=":lead" data-status="unchanged">${renderLeadHtml(policy, anchorHref ? { anchorHref } : {})}</section>`;
      expect(bodyHtml(html)).toBe(lead + renderPolicyHtml(policy, anchorHref ? { anchorHref } : {}));
    }
  });


  it('renders generated prose (through the shortcut renderer) byte for byte like the page, changed sections too', () => {
    const pair = generatePair(60_000, 0.02);
    const toDocument = (sections: typeof pair.old, version: string) => ({
      metadata: { title: 'Generated', version, date: '2024-01-01', linkBase: 'https://example.org' },
      sections: sections.map((section, index) => ({ id: section.id, title: section.title, order: index, body: `${section.blocks.join('\n\n')}\n` })),
    });
    const document = toDocument(pair.old, '1');
    expect(bodyHtml(renderRedlineHtml(computeRedline(document, document), { view: 'inline' }))).toBe(renderPolicyHtml(document));
    // Every anchor of the new page is in the redline too, on the same block, so permalinks work in both.
    const changed = toDocument(pair.new, '2');
    const redline = bodyHtml(renderRedlineHtml(computeRedline(document, changed), { view: 'inline' }));
    const anchors = (html: string) => [...html.matchAll(/<(\w+) id="([^"]+)"/g)].filter((m) => !m[2]!.startsWith('change-')).map((m) => `${m[1]}#${m[2]}`);
    expect(anchors(redline)).toEqual(anchors(renderPolicyHtml(changed)));
  });
});

describe('the real policy history', () => {
  it('v3.22 to v3.23 is DornerWorks inserted and the new Change History line, nothing else', async () => {
    const [before, after] = await Promise.all([loadPolicyAtRevision('.', commitOf('Policy v3.22')), loadPolicyAtRevision('.', commitOf('Policy v3.23'))]);
    const redline = computeRedline(before, after);
    expect(redline.changes.map(({ id, kind, sectionId, oldText, newText }) => ({ id, kind, sectionId, oldText, newText }))).toEqual([
      { id: 'change-1', kind: 'insertion', sectionId: 'organizations-on-the-pre-disclosure-list', oldText: '', newText: 'DornerWorks Ltd' },
      { id: 'change-2', kind: 'insertion', sectionId: 'change-history', oldText: '', newText: 'v3.23 Aug 8th 2019: Added DornerWorks Ltd' },
    ]);
    const html = renderRedlineHtml(redline, { view: 'inline' });
    expect(html).toMatch(/<li id="organizations-on-the-pre-disclosure-list-p\d+"><ins data-change="change-1" data-kind="insertion" id="change-1">DornerWorks Ltd\s*<\/ins>/);
    expect(html).toContain('2 changes in 2 sections');
    const texts = losslessTexts(redline, before, after);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });
});

describe('noise-free: Markdown spelling is not a change', () => {
  const cases: [string, string, string][] = [
    ['list marker', '- one\n- two\n', '* one\n* two\n'],
    ['emphasis marker', 'Some *emphasis* and **strong**.\n', 'Some _emphasis_ and __strong__.\n'],
    ['renumbered ordered list', '1. one\n2. two\n3. three\n', '1. one\n1. two\n1. three\n'],
    ['soft line wrap', 'A sentence that is\nwrapped here.\n', 'A sentence that\nis wrapped here.\n'],
    ['trailing space', 'Plain line. \nNext line.\n', 'Plain line.\nNext line.\n'],
    ['blank lines between blocks', 'One.\n\n\n\nTwo.\n', 'One.\n\nTwo.\n'],
    ['tight and loose list', '- one\n- two\n', '- one\n\n- two\n'],
    ['tight and loose nested list', '- one\n    - inner\n- two\n', '- one\n\n    - inner\n\n- two\n'],
    ['double space', 'Two  spaces and a\ttab.\n', 'Two spaces and a tab.\n'],
    ['table cell padding', '| A | B |\n|---|---|\n| one | two |\n', '|A|B|\n|-|-|\n|one   |two|\n'],
  ];
  it.each(cases)('%s', (_name, before, after) => {
    const oldDoc = doc('1', ['s', 'S', `Intro.\n\n${before}`]);
    const newDoc = doc('2', ['s', 'S', `Intro.\n\n${after}`]);
    const redline = computeRedline(oldDoc, newDoc);
    expect(redline.changes).toEqual([]);
    expect(redline.sections[0]!.status).toBe('unchanged');
    // The pages' texts are equal to the character: the renderer writes white space as it shows.
    const texts = losslessTexts(redline, oldDoc, newDoc);
    expect(texts.oldText).toBe(texts.newText);
  });

  it('still shows a no-break space, which a reader sees as one that never breaks', () => {
    const redline = computeRedline(doc('1', ['s', 'S', 'Xen Project.\n']), doc('2', ['s', 'S', 'Xen\u00a0Project.\n']));
    expect(redline.changes.map((change) => change.kind)).toEqual(['replacement']);
  });
});

describe('lossless to the character in loose lists and tables', () => {
  const cases: [string, string, string][] = [
    ['a tight list made loose and an item changed', '- one\n- two\n- three\n', '- one\n\n- two changed\n\n- three\n'],
    ['a loose list made tight and an item added', '- one\n\n- two\n', '- one\n- two\n- added\n'],
    ['an item gaining a nested list', '- one\n- two\n', '- one\n\n    1. inner\n\n- two\n'],
    ['an empty item filled', '1. \n', '1. * nested\n'],
    ['a table row added and a cell changed', '| A | B |\n|---|---|\n| x | y |\n', '| A | B |\n|---|---|\n| x | z |\n| p | q |\n'],
    ['a table replaced by a loose list', '| A | B |\n|---|---|\n| x | y |\n', '- x\n\n- y\n'],
    ['a rule removed between paragraphs', 'One.\n\n---\n\nTwo.\n', 'One.\n\nTwo.\n'],
  ];
  it.each(cases)('%s', (_name, before, after) => {
    const oldDoc = doc('1', ['s', 'S', before], ['t', 'T', 'Next.\n']);
    const newDoc = doc('2', ['s', 'S', after], ['t', 'T', 'Next.\n']);
    const texts = losslessTexts(computeRedline(oldDoc, newDoc), oldDoc, newDoc);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });
});

describe('formatting changes', () => {
  it('shows added emphasis and a new link target as formatting, the words unchanged', () => {
    const redline = computeRedline(
      doc('1', ['s', 'S', 'Report it to the team at [the list](https://a.example/).\n']),
      doc('2', ['s', 'S', 'Report it to the *team* at [the list](https://b.example/).\n']),
    );
    expect(redline.changes.map((change) => [change.kind, change.newText])).toEqual([
      ['formatting', 'team'],
      ['formatting', 'the list <https://b.example/>'],
    ]);
    expect(redline.summary.sections[0]).toMatchObject({ formatting: 2, insertions: 0, deletions: 0 });
  });

  it('shows a heading level change inside a body as formatting', () => {
    const redline = computeRedline(doc('1', ['s', 'S', '### Details\n\nText.\n']), doc('2', ['s', 'S', '#### Details\n\nText.\n']));
    expect(redline.changes.map((change) => change.kind)).toEqual(['formatting']);
  });
});

describe('sections', () => {
  it('shows a swapped pair of sections as a move, linked both ways, not as a deletion and an insertion', () => {
    const a: [string, string, string] = ['alpha', 'Alpha', 'The first section has enough words to matter.\n'];
    const b: [string, string, string] = ['beta', 'Beta', 'The second section also has words of its own.\n'];
    const redline = computeRedline(doc('1', a, b), doc('2', b, a));
    expect(redline.changes.map((change) => change.kind).sort()).toEqual(['move-from', 'move-to']);
    const [first, second] = redline.changes;
    expect(first!.movePair).toBe(second!.id);
    expect(second!.movePair).toBe(first!.id);
    expect(redline.sections.filter((section) => section.status === 'moved')).toHaveLength(1);
    const texts = losslessTexts(redline, doc('1', a, b), doc('2', b, a));
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });

  it('reports added, removed and renamed sections', () => {
    const redline = computeRedline(
      doc('1', ['keep', 'Keep', 'Same.\n'], ['gone', 'Gone', 'Old text.\n'], ['name', 'Old name', 'Body.\n']),
      doc('2', ['keep', 'Keep', 'Same.\n'], ['name', 'New name', 'Body.\n'], ['fresh', 'Fresh', 'New text.\n']),
    );
    expect(Object.fromEntries(redline.sections.map((section) => [section.id, section.status]))).toEqual({ keep: 'unchanged', gone: 'removed', name: 'renamed', fresh: 'added' });
    expect(redline.summary.sectionsChanged).toBe(3);
  });
});

describe('tables', () => {
  it('diffs a changed cell inside its cell, so the row keeps its columns', () => {
    const redline = computeRedline(doc('1', ['s', 'S', '| A | B |\n|---|---|\n| x | y |\n']), doc('2', ['s', 'S', '| A | B |\n|---|---|\n| x | z |\n']));
    expect(redline.changes.map((change) => [change.kind, change.block, change.oldText, change.newText])).toEqual([['replacement', 'td', 'y', 'z']]);
    const html = renderRedlineHtml(redline, { view: 'inline' });
    expect(html).toMatch(/<tr>\s*<td>x<\/td>\s*<td><del[^>]*>y<\/del><ins[^>]*>z<\/ins><\/td>\s*<\/tr>/);
  });
});

describe('moved blocks', () => {
  it('shows a paragraph moved to another section as a move, and its edits on the way inside the arrival', () => {
    const sentence = 'The security team will notify the list members before the embargo ends.';
    const oldDoc = doc('1', ['a', 'A', `${sentence}\n\nStays.\n`], ['b', 'B', 'Other.\n']);
    const newDoc = doc('2', ['a', 'A', 'Stays.\n'], ['b', 'B', `Other.\n\n${sentence.replace('the list', 'all list')}\n`]);
    const redline = computeRedline(oldDoc, newDoc);
    expect(redline.changes.map((change) => [change.kind, change.sectionId])).toEqual([
      ['move-from', 'a'],
      ['move-to', 'b'],
      ['replacement', 'b'],
    ]);
    const html = renderRedlineHtml(redline, { view: 'inline' });
    expect(html).toMatch(/<ins data-change="change-2" data-kind="move-to" data-move data-move-pair="change-1" id="change-2">[^]*<del[^>]*>the<\/del><ins[^>]*>all<\/ins>[^]*<\/ins><a class="redline-move-link" href="#change-1"/);
    const texts = losslessTexts(redline, oldDoc, newDoc);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
  });
});
