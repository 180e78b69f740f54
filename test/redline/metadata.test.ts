import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { computeRedline, redlineToJson, renderRedlineAnsi, renderRedlineHtml } from '../../src/lib/redline/index.ts';
import { bodyHtml, doc } from './support.ts';

/** The same text under other details. */
function withMetadata(document: PolicyDocument, metadata: Partial<PolicyDocument['metadata']>): PolicyDocument {
  return { ...document, metadata: { ...document.metadata, ...metadata } };
}

describe('changes to the details of the document', () => {
  const before = withMetadata(doc('3.22', ['scope', 'Scope', 'The text.\n']), { date: '2024-01-01', lead: 'The old lead.' });
  const after = withMetadata(doc('3.23', ['scope', 'Scope', 'The text.\n']), { date: '2024-06-01', lead: 'The new lead.', title: 'Renamed Policy' });
  const redline = computeRedline(before, after);

  it('lists each changed detail with its old and new value, in a fixed order', () => {
    expect(redline.metadataChanges).toEqual([
      { field: 'title', old: 'Test Policy', new: 'Renamed Policy' },
      { field: 'version', old: '3.22', new: '3.23' },
      { field: 'date', old: '2024-01-01', new: '2024-06-01' },
      { field: 'lead', old: 'The old lead.', new: 'The new lead.' },
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
    // A text such as the lead shows its edit word by word; a short value is replaced whole.
    expect(summary).toContain('Lead changed: The <del>old</del><ins>new</ins> lead.');
    expect(bodyHtml(html)).not.toMatch(/<ins|<del/);
  });

  it('names the version when it did not change', () => {
    const same = renderRedlineHtml(computeRedline(before, withMetadata(before, {})), { view: 'inline' });
    expect(same).toContain('Version 3.22, unchanged');
    expect(same).toContain('<strong>No changes</strong>');
  });

  it('prints them in the terminal and in the JSON', () => {
    const text = renderRedlineAnsi(redline, { color: false });
    expect(text).toContain('version: [-3.22-] → {+3.23+}');
    expect(text).toContain('date: [-2024-01-01-] → {+2024-06-01+}');
    expect(text).toContain('lead: The [-old-]{+new+} lead.');
    expect(JSON.parse(JSON.stringify(redlineToJson(redline))).metadataChanges).toContainEqual({ field: 'version', old: '3.22', new: '3.23' });
  });

  it('reports a detail added or removed without a value on the other side', () => {
    const added = computeRedline(withMetadata(before, { lead: undefined }), before);
    expect(added.metadataChanges).toEqual([{ field: 'lead', new: 'The old lead.' }]);
  });

  it('replaces a rewritten or very long detail whole rather than as a mesh of fragments', () => {
    const rewritten = computeRedline(withMetadata(before, { lead: 'Entirely different words here.' }), before);
    expect(renderRedlineAnsi(rewritten, { color: false })).toContain('lead: [-Entirely different words here.-] → {+The old lead.+}');
    const long = 'word '.repeat(3_000);
    const huge = computeRedline(withMetadata(before, { lead: `${long}a` }), withMetadata(before, { lead: `${long}b` }));
    expect(renderRedlineHtml(huge, { view: 'inline' })).toContain('Lead changed from <del>');
  });

  it('sees no change in a lead written differently but shown the same, as in the text', () => {
    const respelled = computeRedline(withMetadata(before, { lead: 'The *old*\nlead.' }), withMetadata(before, { lead: 'The _old_ lead.  ' }));
    expect(respelled.metadataChanges).toEqual([]);
    const reworded = computeRedline(withMetadata(before, { lead: 'The *old* lead.' }), withMetadata(before, { lead: 'The **old** lead.' }));
    expect(reworded.metadataChanges.map((change) => change.field)).toEqual(['lead']);
  });
});
