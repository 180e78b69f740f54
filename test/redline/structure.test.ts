/** Changes a reader sees inside a section beyond its words: list numbering, block structure, link targets. */
import { describe, expect, it } from 'vitest';
import { computeRedline, renderRedlineAnsi, renderRedlineHtml } from '../../src/lib/redline/index.ts';
import { redlineStylesheet } from '../../src/lib/redline/style.ts';
import { bodyHtml, doc, losslessTexts } from './support.ts';

/** The redline of one section's body before and after, with its lossless texts checked. */
function redlineOf(before: string, after: string) {
  const oldDoc = doc('1', ['s', 'S', before]);
  const newDoc = doc('2', ['s', 'S', after]);
  const redline = computeRedline(oldDoc, newDoc);
  const texts = losslessTexts(redline, oldDoc, newDoc);
  expect(texts.accepted).toBe(texts.newText);
  expect(texts.rejected).toBe(texts.oldText);
  return redline;
}

describe('visible list numbering', () => {
  it('reports an ordered list renumbered (steps 2–4 become 1–3) as one formatting change with both numbers', () => {
    const redline = redlineOf('Intro.\n\n2. Step two\n3. Step three\n4. Step four\n', 'Intro.\n\n1. Step two\n2. Step three\n3. Step four\n');
    expect(redline.changes).toEqual([expect.objectContaining({ kind: 'formatting', block: 'ol', oldText: 'numbered 2–4', newText: 'numbered 1–3' })]);
    const ansi = renderRedlineAnsi(redline, { color: false });
    expect(ansi).toContain('[-2.-]{~1.~} Step two');
    expect(ansi).toContain('[-4.-]{~3.~} Step four');
  });

  it('numbers the items of an ordered list in plain text as the reader sees them, with the item a nested change is in', () => {
    const before = '1.  Report it.\n2.  Furthermore, also in parallel, in this order:\n\n    1.  We check the number.\n    2.  We write a Xen advisory.\n\n    (Patches follow.)\n\n3.  Loose item.\n\n    Its second paragraph.\n';
    const after = before.replace('a Xen advisory', 'an advisory').replace('Its second', 'Its changed second').replace('Report it.', 'Report it by mail.');
    const ansi = renderRedlineAnsi(redlineOf(before, after), { color: false });
    expect(ansi).toMatch(/\n( +)1\. Report it \{\+by mail\+\}\.\n/);
    // The unchanged item a change is in: its number and the start of its text, cut at a word.
    expect(ansi).toMatch(/\n( +)2\. Furthermore, also in parallel, in this …\n\1 {4}2\. We write \[-a Xen-\] \{\+an\+\} advisory\.\n/);
    expect(ansi).toMatch(/\n( +)3\. Loose item\.\n\1 {2}Its \{\+changed\+\} second paragraph\./);
    expect(ansi).not.toContain('•');
    // A deleted item keeps its old number, and the items after it are numbered as the new list numbers them.
    const removed = renderRedlineAnsi(redlineOf('1.  Alpha.\n2.  Beta is going.\n3.  Gamma.\n4.  Delta.\n', '1.  Alpha.\n2.  Gamma.\n3.  Delta, changed.\n'), { color: false });
    expect(removed).toMatch(/\n +2\. \[-Beta is going\.-\]\n/);
    expect(removed).toMatch(/\n +3\. Delta\{\+, changed\+\}\.\n/);
  });

  it('keeps an anchor for every link of the summary and change keys in both views: a removed section\'s too', () => {
    const before = doc('1', ['alpha', 'Alpha', 'Alpha text.\n'], ['encryption', 'Encryption', 'Use PGP for reports.\n'], ['scope', '1. Scope', 'Scope text.\n']);
    const after = doc('2', ['scope', '2. Scope', 'Scope text.\n'], ['alpha', 'Alpha', 'Alpha text, changed.\n'], ['new', 'New', 'A new section.\n']);
    const redline = computeRedline(before, after);
    for (const view of ['inline', 'side-by-side'] as const) {
      const html = renderRedlineHtml(redline, { view });
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]!);
      const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!);
      expect(targets.filter((target) => !ids.includes(target)), view).toEqual([]);
      expect(ids.length, view).toBe(new Set(ids).size);
      expect(html, view).toContain('id="encryption"');
      expect(html, view).not.toContain('data-old-side-id');
    }
  });

  it('names the other half of a move by the title its section had there: the old title for "moved from"', () => {
    const paragraph = 'Reports are answered within five working days by the security team.';
    const before = doc('1', ['scope', '1. Scope', `${paragraph}\n\nScope text.\n`], ['reporting', '2. Reporting', 'Mail us.\n']);
    const after = doc('2', ['intro', '1. Introduction', 'New first section.\n'], ['scope', '2. Scope', 'Scope text.\n'], ['reporting', '3. Reporting', `Mail us.\n\n${paragraph}\n`]);
    const html = renderRedlineHtml(computeRedline(before, after), { view: 'inline' });
    expect(html).toMatch(/title="Moved from 1\. Scope \(change-\d+\)"/);
    expect(html).toMatch(/title="Moved to 3\. Reporting \(change-\d+\)"/);
  });

  it('writes in plain text what formatting changed, as Markdown writes it: emphasis added, strong emphasis or code taken away', () => {
    const ansi = renderRedlineAnsi(redlineOf('Systems have bugs. We do **not** use `tools` here.\n', 'Systems have _bugs_. We do not use tools here.\n'), { color: false });
    expect(ansi).toContain('Systems have [-bugs-]{~_bugs_~}. We do [-**not**-]{~not~} use [-`tools`-]{~tools~} here.');
  });

  it('numbers the old column of side by side as the old document did', () => {
    const html = renderRedlineHtml(redlineOf('2. Step two\n3. Step three\n', '1. Step two\n2. Step three\n'), { view: 'side-by-side' });
    const [old, current] = [/<div class="redline-old"[^>]*>(<ol[^>]*>)\n<li>/.exec(html)?.[1], /<div class="redline-new"[^>]*>(<ol[^>]*>)/.exec(html)?.[1]];
    expect([old, current]).toEqual(['<ol start="2">', '<ol data-was-start="2">']);
    expect(html).not.toMatch(/redline-old"[^>]*>[^]*?data-was-number[^]*?redline-new/);
  });

  it('keeps a renumbering beside edits of the items, and no renumbering where only an insertion shifts the numbers', () => {
    const both = redlineOf('3. Alpha\n4. Beta\n', '1. Alpha\n2. Beta gamma\n');
    expect(both.changes.map((change) => change.kind)).toEqual(['formatting', 'insertion']);
    const shifted = redlineOf('1. Alpha\n2. Beta\n', '1. New\n2. Alpha\n3. Beta\n');
    expect(shifted.changes.map((change) => change.kind)).toEqual(['insertion']);
  });

  it('finds no change where only the Markdown numbers differ but the page shows the same (1. 1. 1.)', () => {
    expect(redlineOf('1. Alpha\n2. Beta\n', '1. Alpha\n1. Beta\n').changes).toEqual([]);
  });
});

describe('word edits across a change of structure', () => {
  const kinds = (redline: ReturnType<typeof redlineOf>) => redline.changes.map((change) => [change.kind, change.oldText, change.newText]);

  it('isolates a rewording in a paragraph split in two, the split shown as formatting', () => {
    const redline = redlineOf(
      'We share data only with permission from the user, and we keep it for a year. We delete it on request by mail.\n',
      'We share data if (and only if) the user agrees, and we keep it for a year.\n\nWe delete it on request by mail.\n',
    );
    expect(kinds(redline)).toEqual([
      ['replacement', 'only with permission from', 'if (and only if)'],
      ['insertion', '', ' agrees'],
      ['formatting', ' ', '\n'],
    ]);
    // The split shows where it is: a ¶ from CSS on the space the first paragraph lost, and in the terminal.
    expect(renderRedlineHtml(redline, { view: 'inline' })).toMatch(/a year\.<del data-change="change-3" data-kind="formatting" data-break="split" id="change-3"> <\/del>/);
    expect(renderRedlineAnsi(redline, { color: false })).toContain('we keep it for a year. {~¶~}');
  });

  it('shows a list turned into headings as one formatting change, the deleted words as words', () => {
    const redline = redlineOf('- Alpha item says things without limitation here\n- Beta item says more things\n', '### Alpha item says things here\n\n### Beta item says more things\n');
    expect(kinds(redline)).toEqual([
      ['formatting', 'list item', 'heading 3'],
      ['deletion', 'without limitation ', ''],
    ]);
    const ansi = renderRedlineAnsi(redline, { color: false });
    expect(ansi).toContain('# {~(was list item)~} Alpha item says things [-without limitation-] here');
    expect(renderRedlineHtml(redline, { view: 'inline' })).toContain('data-was-block="list item"');
  });

  it('keeps a one-word edit one word when an item moves into a nested list', () => {
    const redline = redlineOf('- Security team members\n- Any user of Xen who runs it\n  - with a nested point\n', '- Security team members\n  - Any user/distributor of Xen who runs it\n  - with a nested point\n');
    expect(kinds(redline)).toEqual([
      ['formatting', 'list item', 'list item, level 2'],
      ['replacement', 'user', 'user/distributor'],
    ]);
  });

  it('shows a long bullet that became a paragraph, its words the same, as formatting only', () => {
    const words = Array.from({ length: 90 }, (_, k) => `word${k}`).join(' ');
    const redline = redlineOf(`Intro.\n\n- ${words}\n- Second bullet stays\n`, `Intro.\n\n${words} and more.\n\n- Second bullet stays\n`);
    expect(redline.changes.filter((change) => change.kind !== 'formatting').map((change) => change.newText)).toEqual([' and more.']);
  });

  it('links a sentence that changed places across a paragraph split as a move', () => {
    const moved = 'Requests from law enforcement are answered within ten business days.';
    const redline = redlineOf(`We answer requests quickly. ${moved} Nothing else in this paragraph changes, it stays as it is.\n`, `We answer requests quickly. Nothing else in this paragraph changes, it stays as it is.\n\n${moved}\n`);
    const moves = redline.changes.filter((change) => change.kind === 'move-from' || change.kind === 'move-to');
    expect(moves.map((change) => change.kind)).toEqual(['move-from', 'move-to']);
    expect(moves[0]!.movePair).toBe(moves[1]!.id);
  });
});

describe('sentences split off or merged in from afar', () => {
  const moved = 'Every access is logged and reviewed each month by the security team.';
  const movesOf = (redline: ReturnType<typeof computeRedline>) => redline.changes.filter((change) => change.kind === 'move-from' || change.kind === 'move-to');
  const editsOf = (redline: ReturnType<typeof computeRedline>) => redline.changes.filter((change) => !change.kind.startsWith('move')).map((change) => [change.kind, change.oldText, change.newText]);

  it('links a split-off sentence that lands after an unchanged paragraph as a move, and marks the edit beside the split as its words', () => {
    const redline = redlineOf(
      `Staff may read the data only with permission. ${moved}\n\nRequests come through the support portal.\n`,
      `Staff may read the data if (and only if) permitted.\n\nRequests come through the support portal.\n\n${moved}\n`,
    );
    expect(movesOf(redline).map((change) => [change.kind, change.oldText || change.newText])).toEqual([
      ['move-from', moved],
      ['move-to', moved],
    ]);
    expect(movesOf(redline)[0]!.movePair).toBe(movesOf(redline)[1]!.id);
    const marked = editsOf(redline).flatMap(([, before, after]) => `${before} ${after}`.match(/[a-z]+/gi) ?? []);
    expect(new Set(marked)).toEqual(new Set(['if', 'and', 'with', 'permission', 'permitted']));
    // The sentence is struck where it was, inside its old paragraph, with a link to where it went, and the arrival has none of its words marked again.
    const html = renderRedlineHtml(redline, { view: 'inline' });
    expect(html).toMatch(/permitted<\/ins>\.<del data-change="change-\d" data-kind="move-from" data-move data-move-pair="change-\d" id="change-\d"> Every access[^<]*<\/del><a class="redline-move-link"/);
    expect(html).not.toMatch(/<ins[^>]*data-kind="(?:insertion|replacement)"[^>]*>[^<]*Every access/);
  });

  it('links a sentence split off into another section, and one moved out of the middle of a paragraph with an edit on the way', () => {
    const oldDoc = doc('1', ['a', 'A', `We answer quickly. ${moved} Nothing else changes here.\n`], ['b', 'B', 'Another paragraph stays as it is.\n']);
    const newDoc = doc('2', ['a', 'A', 'We answer quickly. Nothing else changes here.\n'], ['b', 'B', `Another paragraph stays as it is.\n\n${moved.replace('each month', 'every week')}\n`]);
    const redline = computeRedline(oldDoc, newDoc);
    const texts = losslessTexts(redline, oldDoc, newDoc);
    expect(texts.accepted).toBe(texts.newText);
    expect(texts.rejected).toBe(texts.oldText);
    expect(movesOf(redline).map((change) => [change.kind, change.sectionId])).toEqual([
      ['move-from', 'a'],
      ['move-to', 'b'],
    ]);
    expect(editsOf(redline)).toEqual([['replacement', 'each month', 'every week']]);
  });

  it('links a paragraph merged into another from afar as a move', () => {
    const redline = redlineOf(
      `${moved}\n\nRequests come through the support portal.\n\nWe answer quickly.\n`,
      `Requests come through the support portal.\n\nWe answer quickly. ${moved}\n`,
    );
    expect(movesOf(redline).map((change) => change.kind)).toEqual(['move-from', 'move-to']);
    expect(editsOf(redline)).toEqual([]);
  });
});

describe('link targets', () => {
  it('shows a retargeted link once, with its old and new target, as one formatting change per link', () => {
    const redline = redlineOf(
      'See the [Business Plan](https://a.example/plan) and [Cloud Addendum](https://a.example/cloud).\n',
      'See the [Business Plan](https://b.example/plan) and [Cloud Addendum](https://b.example/cloud).\n',
    );
    expect(redline.changes.map((change) => [change.kind, change.oldText, change.newText])).toEqual([
      ['formatting', 'Business Plan <https://a.example/plan>', 'Business Plan <https://b.example/plan>'],
      ['formatting', 'Cloud Addendum <https://a.example/cloud>', 'Cloud Addendum <https://b.example/cloud>'],
    ]);
    const html = renderRedlineHtml(redline, { view: 'inline' });
    expect(html).toContain('<a href="https://b.example/plan" data-was-href="https://a.example/plan"><ins data-change="change-1" data-kind="formatting" id="change-1"></ins>Business Plan</a>');
    expect(html.match(/Business Plan/g)).toHaveLength(1);
    expect(renderRedlineAnsi(redline, { color: false })).toContain('Business Plan <[-https://a.example/plan-] {~https://b.example/plan~}>');
    // The targets show as text in print and without hover, from the stylesheet.
    expect(redlineStylesheet()).toContain("a[data-was-href]::after {\n  content: ' (link was ' attr(data-was-href) ', now ' attr(href) ')';");
  });

  it('shows a deletion that runs through a link as one deletion in the terminal', () => {
    const redline = redlineOf('Mail your request to [support@example.com](mailto:support@example.com) or use our form.\n', 'Mail your request via our form.\n');
    expect(redline.changes.map((change) => change.kind)).toEqual(['replacement']);
    expect(renderRedlineAnsi(redline, { color: false })).toContain('Mail your request [-to support@example.com or use-] {+via+} our form.');
  });

  it('marks words edited inside a retargeted link as words, the link itself once', () => {
    const redline = redlineOf('Read [the old plan](https://a.example/) now.\n', 'Read [the new plan](https://b.example/) now.\n');
    expect(redline.changes.map((change) => [change.kind, change.oldText, change.newText])).toEqual([
      ['formatting', 'the plan <https://a.example/>', 'the plan <https://b.example/>'],
      ['replacement', 'old', 'new'],
    ]);
    expect(renderRedlineHtml(redline, { view: 'inline' }).match(/<a href="https:\/\/b\.example\/"/g)).toHaveLength(1);
  });
});

describe('side by side inside a section', () => {
  const columns = (html: string, side: 'old' | 'new') => [...html.matchAll(new RegExp(`<div class="redline-${side}"[^>]*>([\\s\\S]*?)</div><div class="redline-|<div class="redline-${side}"[^>]*>([\\s\\S]*?)</div></div>`, 'g'))].map((m) => m[1] ?? m[2] ?? '');

  it('leaves no empty bullets opposite an added or a deleted list', () => {
    const before = 'Intro.\n\nMore text here.\n';
    const after = 'Intro.\n\n- Added item one\n- Added item two\n\nMore text here.\n';
    const added = renderRedlineHtml(redlineOf(before, after), { view: 'side-by-side' });
    expect(columns(added, 'old').join('')).not.toMatch(/<ul|<li/);
    const removed = renderRedlineHtml(redlineOf(after, before), { view: 'side-by-side' });
    expect(columns(removed, 'new').join('')).not.toMatch(/<ul|<li/);
  });

  it('keeps table rows level: a row only one side has leaves a hidden row of the same content in the other column', () => {
    const table = (rows: string[]) => `| A | B |\n|---|---|\n${rows.join('\n')}\n`;
    const html = renderRedlineHtml(redlineOf(table(['| one | two |']), table(['| new | row |', '| one | two |'])), { view: 'side-by-side' });
    const [old] = columns(html, 'old').filter((column) => column.includes('<table'));
    const rows = [...old!.matchAll(/<tr[^>]*>/g)].map((m) => m[0]);
    expect(rows).toEqual(['<tr>', '<tr class="redline-spacer" aria-hidden="true">', '<tr>']);
    expect(redlineStylesheet()).toMatch(/tr\.redline-spacer,[^{]*\{\s*visibility: hidden;/);
    // Its text is only an attribute CSS lays out, so each column's text is still its own document's.
    expect(old).toContain('<tr class="redline-spacer" aria-hidden="true"><td data-spacer-text="new"></td><td data-spacer-text="row"></td></tr>');
  });
});

describe('a section heading of another level', () => {
  it('shows its title once, saying what it was, as one formatting change', () => {
    const oldDoc = doc('1', ['a', 'A', 'Text.\n'], ['b', 'B', 'More.\n', 'a']);
    const newDoc = doc('2', ['a', 'A', 'Text.\n'], ['b', 'B', 'More.\n']);
    const redline = computeRedline(oldDoc, newDoc);
    expect(redline.changes.map((change) => change.kind)).toEqual(['formatting']);
    const html = renderRedlineHtml(redline, { view: 'inline' });
    expect(html).toMatch(/<h2 id="b" data-was-block="heading 3"><ins data-change="change-1" data-kind="formatting" id="change-1"><\/ins>B</);
    expect(bodyHtml(html).match(/>B</g)).toHaveLength(1);
    expect(renderRedlineAnsi(redline, { color: false })).toContain('{~(was heading 3)~} B');
    const texts = losslessTexts(redline, oldDoc, newDoc);
    expect([texts.accepted, texts.rejected]).toEqual([texts.newText, texts.oldText]);
  });
});
