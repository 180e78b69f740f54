import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { changedSectionsOnly, sectionsLeftOut } from '../../src/lib/history/changed-sections.ts';
import { computeReleaseChanges } from '../../src/lib/history/release-changes.ts';
import { computeRedline, renderRedlineHtml } from '../../src/lib/redline/index.ts';

const doc = (version: string, bodies: Record<string, string>): PolicyDocument => ({
  metadata: { title: 'Policy', version, date: '2024-01-01' },
  sections: [
    { id: 'intro', title: 'Intro', order: 10, body: bodies.intro ?? 'Intro text.\n' },
    { id: 'list', title: 'List', order: 20, body: bodies.list ?? 'List text.\n' },
    { id: 'members', title: 'Members', order: 30, parent: 'list', body: bodies.members ?? '-   Alpha\n-   Beta\n' },
    { id: 'history', title: 'History', order: 40, body: bodies.history ?? '-   v1\n' },
  ],
});

describe('a redline of the changed sections only', () => {
  it('keeps the changed sections and the parents that hold them, and drops the rest', () => {
    const redline = changedSectionsOnly(computeRedline(doc('1', {}), doc('2', { members: '-   Alpha\n-   Beta\n-   Gamma\n', history: '-   v2\n-   v1\n' })));
    expect(redline.layout.map((node) => [node.sectionId, node.children.map((child) => child.sectionId)])).toEqual([
      ['list', ['members']],
      ['history', []],
    ]);
    // Left out: the introduction; "List", unchanged, is shown as the parent of the changed "Members".
    expect(sectionsLeftOut(redline)).toBe(1);
    const html = renderRedlineHtml(redline, { view: 'inline' });
    expect(html).toContain('Gamma');
    expect(html).not.toContain('Intro text.');
    // The summary still counts every section, changed or not.
    expect(redline.summary.sections.map((section) => section.id)).toEqual(['intro', 'list', 'members', 'history']);
  });

  it('counts the sections left out, not an unchanged preamble', () => {
    const withLead = (version: string, bodies: Record<string, string>): PolicyDocument => ({ ...doc(version, bodies), metadata: { ...doc(version, bodies).metadata, lead: 'Before the sections.' } });
    const redline = changedSectionsOnly(computeRedline(withLead('1', {}), withLead('2', { history: '-   v2\n-   v1\n' })));
    expect(redline.sections.some((section) => section.lead && section.status === 'unchanged')).toBe(true);
    expect(sectionsLeftOut(redline)).toBe(3);
  });

  it('leads a link of the text to a section the page leaves out to the page of the whole text', () => {
    const changes = computeReleaseChanges(doc('1', {}), doc('2', { history: '-   v2, [see the list](#list) and [below](#history)\n-   v1\n' }), '/releases/2/');
    for (const html of [changes.inline, changes.sideBySide]) {
      expect(html).toContain('href="/releases/2/#list"');
      expect(html).toContain('href="#history"');
      expect(html).not.toContain('href="#list"');
    }
  });

  it('leaves nothing to show when nothing changed', () => {
    const redline = changedSectionsOnly(computeRedline(doc('1', {}), doc('1', {})));
    expect(redline.layout).toEqual([]);
    expect(redline.changes).toEqual([]);
  });
});
