/** Sections paired by content when their ids differ (a renumbered or relabelled heading), and the old order kept. */
import type { ElementContent } from 'hast';
import { describe, expect, it } from 'vitest';
import { parseMarkdownPolicy } from '../../src/lib/load/markdown-file.ts';
import { acceptAll, rejectAll, textOf } from '../../src/lib/redline/hast.ts';
import { computeRedline, redlineBodyTree, redlineToJson, renderRedlineHtml } from '../../src/lib/redline/index.ts';
import { pairRenamedSections } from '../../src/lib/redline/pairing.ts';
import { doc, losslessTexts } from './support.ts';

const TRANSPARENCY = 'We publish a report every year on the requests we receive from governments, with the number of accounts affected and what we disclosed.';
const ACCOUNTS = 'Corporate customers must create separate logins for users and keep their credentials private, and must tell us when an administrator leaves.';

/** Words inside `<ins>` and `<del>` of the inline body. */
function markedWords(html: string): string[] {
  return [...html.matchAll(/<(ins|del)\b[^>]*>([\s\S]*?)<\/\1>/g)].flatMap((match) => match[2]!.replace(/<[^>]+>/g, ' ').split(/\s+/).filter(Boolean));
}

describe('sections paired by content', () => {
  it('reads a relabelled heading in a single file as the same section renamed, with only the label and the edited word marked', () => {
    const before = parseMarkdownPolicy(`# Terms\n\n## C. Privacy\n\nWe keep your data safe.\n\n## D. Transparency\n\n${TRANSPARENCY}\n`, 'old.md');
    const after = parseMarkdownPolicy(`# Terms\n\n## C. Privacy\n\nWe keep your data safe.\n\n## E. Transparency\n\n${TRANSPARENCY.replace('every year', 'every half year')}\n`, 'new.md');
    const redline = computeRedline(before, after);
    const section = redline.sections.find((candidate) => candidate.id === 'e-transparency')!;
    expect(section).toMatchObject({ status: 'renamed', oldId: 'd-transparency', oldTitle: 'D. Transparency', title: 'E. Transparency' });
    expect(redline.sections.map((candidate) => candidate.status)).toEqual(['unchanged', 'renamed']);
    expect(redline.changes.map(({ kind, oldText, newText }) => [kind, oldText, newText])).toEqual([
      ['replacement', 'D', 'E'],
      ['insertion', '', 'half '],
    ]);
    const body = /data-redline-body[^>]*>([\s\S]*)<\/div>\n<script>/.exec(renderRedlineHtml(redline, { view: 'inline' }))![1]!;
    expect(markedWords(body)).toEqual(['D', 'E', 'half']);
    expect(redlineToJson(redline).sections[1]).toMatchObject({ id: 'e-transparency', oldId: 'd-transparency', status: 'renamed' });
    const texts = losslessTexts(redline, before, after);
    expect([texts.accepted, texts.rejected]).toEqual([texts.newText, texts.oldText]);
    // Side by side, the old heading and paragraph sit in the same rows as the new ones.
    const rows = [...renderRedlineHtml(redline, { view: 'side-by-side' }).matchAll(/<div class="redline-row"[^>]*><div class="redline-old"[^>]*>([\s\S]*?)<\/div><div class="redline-new"[^>]*>([\s\S]*?)<\/div><\/div>/g)];
    const plain = (html: string) => html.replace(/<[^>]+>/g, '').trim();
    expect(rows.map((row) => [plain(row[1]!), plain(row[2]!)] as const).filter(([old]) => old.includes('Transparency') || old.startsWith('We publish'))).toEqual([
      ['D. Transparency', 'E. Transparency'],
      [TRANSPARENCY, TRANSPARENCY.replace('every year', 'every half year')],
    ]);
  });

  it('pairs renumbered headings whose bodies changed, and their subsections follow', () => {
    const before = parseMarkdownPolicy(`## 4. Corporate Account Requirements\n\n${ACCOUNTS}\n\n### Administrators\n\nOne per team.\n\n## 5. Fees\n\nFees are due monthly in advance.\n`, 'old.md');
    const after = parseMarkdownPolicy(`## 1. Definitions\n\nA user is a person.\n\n## 5. Corporate Account Requirements\n\n${ACCOUNTS.replace('create separate logins for users', 'only provide access to User Accounts')}\n\n### Administrators\n\nOne per team.\n\n## 6. Fees\n\nFees are due monthly in advance.\n`, 'new.md');
    const redline = computeRedline(before, after);
    expect(redline.sections.map(({ id, status, oldId }) => [id, status, oldId])).toEqual([
      ['1-definitions', 'added', undefined],
      ['5-corporate-account-requirements', 'renamed', '4-corporate-account-requirements'],
      ['administrators', 'unchanged', undefined],
      ['6-fees', 'renamed', '5-fees'],
    ]);
    const edits = redline.changes.filter((change) => change.sectionId === '5-corporate-account-requirements' && change.block === 'p');
    expect(edits.map(({ oldText, newText }) => [oldText.trim(), newText.trim()])).toEqual([['create separate logins for users', 'only provide access to User Accounts']]);
  });

  it('leaves unrelated sections removed and added, and ids both sides share paired by id', () => {
    const before = doc('1', ['scope', 'Scope', 'Applies to every project hosted here.\n'], ['billing', 'Billing', 'Invoices are sent on the first day of each month by mail.\n']);
    const after = doc('2', ['scope', 'Scope', 'Something else entirely, rewritten from the start.\n'], ['privacy', 'Privacy', 'We never sell personal data to advertisers or brokers.\n']);
    const redline = computeRedline(before, after);
    expect(redline.sections.map(({ id, status }) => [id, status])).toEqual([
      ['scope', 'modified'],
      ['billing', 'removed'],
      ['privacy', 'added'],
    ]);
  });

  it('pairs each removed section with its most similar added one, once (the same title under another label wins)', () => {
    const section = (id: string, title: string, body: string) => ({ id, title, body, order: 0 });
    const pairs = pairRenamedSections(
      [section('a-one', 'A. One', `${TRANSPARENCY}\n`), section('b-two', 'B. Two', `${ACCOUNTS}\n`)],
      [section('b-one', 'B. One', `${TRANSPARENCY}\n`), section('c-two', 'C. Two', `${ACCOUNTS} More.\n`), section('d-two', 'D. Two', `${ACCOUNTS}\n`)],
    );
    expect([...pairs]).toEqual([
      ['a-one', 'b-one'],
      ['b-two', 'd-two'],
    ]);
  });

  it('counts a repeated word pair only as often as both bodies hold it', () => {
    // The old body is one word pair forty times over, the new one holds it once among unrelated words: they share one
    // pair (the multiset intersection), not forty, so they stay removed and added.
    const section = (id: string, title: string, body: string) => ({ id, title, body, order: 0 });
    const pairs = pairRenamedSections(
      [section('refunds', 'Refunds', `${'no '.repeat(40)}\n`)],
      [section('appeals', 'Appeals', 'no no appeals are heard by the board within thirty days of the decision\n')],
    );
    expect([...pairs]).toEqual([]);
  });
});

describe('the old text in its own order', () => {
  it('never puts an old heading after its own subsections when the heading is rewritten', () => {
    const before = doc('1', ['old-parent', 'Completely different heading', 'Alpha beta gamma.\n'], ['child', 'Child', 'Child text.\n', 'old-parent'], ['tail', 'Tail', 'Tail text.\n']);
    const after = doc('2', ['new-parent', 'Another title', 'Delta epsilon zeta.\n'], ['child', 'Child', 'Child text.\n', 'new-parent'], ['tail', 'Tail', 'Tail text.\n']);
    const redline = computeRedline(before, after);
    expect(redline.sections.map(({ id, status }) => [id, status])).toEqual([
      ['old-parent', 'removed'],
      ['new-parent', 'added'],
      ['child', 'unchanged'],
      ['tail', 'unchanged'],
    ]);
    const body = redlineBodyTree(redline).children as ElementContent[];
    expect(textOf(rejectAll(body))).toBe(losslessTexts(redline, before, after).oldText);
    expect(textOf(acceptAll(body))).toBe(losslessTexts(redline, before, after).newText);
  });

  it('keeps both orders when a subsection moves under another parent', () => {
    const before = doc('1', ['intro', 'Intro', 'Intro text.\n'], ['list', 'List', 'List text.\n'], ['process', 'Process', 'Process text.\n', 'list']);
    const after = doc('2', ['intro', 'Intro', 'Intro text.\n'], ['process', 'Process', 'Process text.\n', 'intro'], ['list', 'List', 'List text.\n']);
    for (const [a, b] of [[before, after], [after, before]] as const) {
      const texts = losslessTexts(computeRedline(a, b), a, b);
      expect([texts.accepted, texts.rejected]).toEqual([texts.newText, texts.oldText]);
    }
  });
});
