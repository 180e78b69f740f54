import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { computeRedline, LEAD_SECTION_ID, redlineToJson, renderRedlineAnsi, renderRedlineHtml, type Redline } from '../../src/lib/redline/index.ts';
import { bodyHtml, doc } from './support.ts';

/** The same text under other details. */
function withMetadata(document: PolicyDocument, metadata: Partial<PolicyDocument['metadata']>): PolicyDocument {
  return { ...document, metadata: { ...document.metadata, ...metadata } };
}

describe('changes to the details of the document', () => {
  const before = withMetadata(doc('3.22', ['scope', 'Scope', 'The text.\n']), { date: '2024-01-01', lead: 'The old lead.' });
  const after = withMetadata(doc('3.23', ['scope', 'Scope', 'The text.\n']), { date: '2024-06-01', lead: 'The old lead.', title: 'Renamed Policy' });
  const redline = computeRedline(before, after);

  it('lists each changed detail with its old and new value, in a fixed order', () => {
    expect(redline.metadataChanges).toEqual([
      { field: 'title', old: 'Test Policy', new: 'Renamed Policy' },
      { field: 'version', old: '3.22', new: '3.23' },
      { field: 'date', old: '2024-01-01', new: '2024-06-01' },
    ]);
    // They are not text changes: the text's change ids and the lossless body are untouched.
    expect(redline.changes).toEqual([]);
    expect(computeRedline(before, withMetadata(before, {})).metadataChanges).toEqual([]);
  });

  it('shows a version bump in the HTML summary, outside the redline body, readable without colour', () => {
    const html = renderRedlineHtml(redline, { view: 'inline' });
    const summary = html.slice(0, html.indexOf('data-redline-body'));
    expect(summary).toContain('<strong>No changes to the text</strong>');
    expect(summary).toContain('Version changed from <del>3.22</del> to <ins>3.23</ins>');
    expect(summary).toContain('Title changed from <del>Test Policy</del> to <ins>Renamed Policy</ins>');
    expect(bodyHtml(html)).not.toMatch(/<ins|<del/);
  });

  it('names the version when it did not change', () => {
    const same = renderRedlineHtml(computeRedline(before, withMetadata(before, {})), { view: 'inline' });
    expect(same).toContain('Version stays 3.22');
    expect(same).toContain('<strong>No changes</strong>');
  });

  it('prints them in the terminal and in the JSON', () => {
    const text = renderRedlineAnsi(redline, { color: false });
    expect(text).toContain('version: [-3.22-] → {+3.23+}');
    expect(text).toContain('date: [-2024-01-01-] → {+2024-06-01+}');
    expect(text).toContain('title: [-Test Policy-] → {+Renamed Policy+}');
    expect(JSON.parse(JSON.stringify(redlineToJson(redline))).metadataChanges).toContainEqual({ field: 'version', old: '3.22', new: '3.23' });
  });

  it('reports a detail added or removed without a value on the other side', () => {
    const added = computeRedline(before, withMetadata(before, { organisation: 'Xen Project' }));
    expect(added.metadataChanges).toEqual([{ field: 'organisation', new: 'Xen Project' }]);
  });

  it('replaces a rewritten or very long detail whole rather than as a mesh of fragments', () => {
    const rewritten = computeRedline(withMetadata(before, { title: 'Entirely different words here.' }), before);
    expect(renderRedlineAnsi(rewritten, { color: false })).toContain('title: [-Entirely different words here.-] → {+Test Policy+}');
    const long = 'word '.repeat(3_000);
    const huge = computeRedline(withMetadata(before, { title: `${long}a` }), withMetadata(before, { title: `${long}b` }));
    expect(renderRedlineHtml(huge, { view: 'inline' })).toContain('Title changed from <del>');
  });
});

describe('the text before the first heading (the lead, a preamble)', () => {
  const before = withMetadata(doc('1', ['scope', 'Scope', 'The text.\n']), { lead: 'Effective date: 1 May 2019.\n\nThese terms apply to every user.\n' });
  const texts = (redline: Redline) => ({ html: renderRedlineHtml(redline, { view: 'inline' }), ansi: renderRedlineAnsi(redline, { color: false }) });

  it('is diffed and counted as the first section, word by word, never as a detail', () => {
    const redline = computeRedline(before, withMetadata(before, { lead: 'Effective date: 1 June 2020.\n\nThese terms apply to every user.\n' }));
    expect(redline.metadataChanges).toEqual([]);
    expect(redline.changes.map(({ kind, sectionId, oldText, newText }) => ({ kind, sectionId, oldText, newText }))).toEqual([
      { kind: 'replacement', sectionId: LEAD_SECTION_ID, oldText: 'May 2019', newText: 'June 2020' },
    ]);
    expect(redline.sections[0]).toMatchObject({ id: LEAD_SECTION_ID, lead: true, title: 'Preamble', status: 'modified' });
    const { html, ansi } = texts(redline);
    expect(html).toContain('<strong>1 change in 1 section</strong>');
    expect(bodyHtml(html)).toMatch(/^<section class="policy-lead" id=":lead" data-section=":lead" data-status="modified"><p class="lead">Effective date: 1 <del[^>]*>May 2019<\/del><ins[^>]*>June 2020<\/ins>/);
    expect(ansi).toContain('§ Preamble');
    expect(ansi).toContain('Effective date: 1 [-May 2019-]{+June 2020+}.');
    expect(redlineToJson(redline).sections[0]).toMatchObject({ id: ':lead', lead: true, changes: ['change-1'] });
  });

  it('is reported when added, removed, or a paragraph of it deleted', () => {
    const none = withMetadata(before, { lead: undefined });
    expect(computeRedline(none, before).changes.map(({ kind, newText }) => [kind, newText])).toEqual([['insertion', 'Effective date: 1 May 2019.\nThese terms apply to every user.']]);
    expect(computeRedline(before, none).changes.map((change) => change.kind)).toEqual(['deletion']);
    const cut = computeRedline(before, withMetadata(before, { lead: 'Effective date: 1 May 2019.\n' }));
    expect(cut.changes.map(({ kind, oldText }) => ({ kind, oldText }))).toEqual([{ kind: 'deletion', oldText: 'These terms apply to every user.' }]);
    const { html } = texts(cut);
    expect(html).toContain('1 change in 1 section');
  });

  it('sees no change in a lead written differently but shown the same, as in the text', () => {
    const respelled = computeRedline(withMetadata(before, { lead: 'The *old*\nlead.' }), withMetadata(before, { lead: 'The _old_ lead.  ' }));
    expect(respelled.changes).toEqual([]);
    expect(respelled.sections[0]!.status).toBe('unchanged');
    const reworded = computeRedline(withMetadata(before, { lead: 'The *old* lead.' }), withMetadata(before, { lead: 'The **old** lead.' }));
    expect(reworded.changes.map((change) => change.kind)).toEqual(['formatting']);
  });

  it('leaves a document without one as it was: no lead section at all', () => {
    const plain = doc('1', ['scope', 'Scope', 'The text.\n']);
    expect(computeRedline(plain, plain).sections.map((section) => section.id)).toEqual(['scope']);
  });
});
