/**
 * A real policy's revisions (test/fixtures/real, CC0) through the whole chain a reviewer uses: the Markdown file loader,
 * the redline, and its standalone HTML read back as text, as a checker outside the project would read it.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { loadMarkdownFile } from '../../src/lib/load/markdown-file.ts';
import { renderLeadHtml, renderPolicyHtml } from '../../src/lib/markdown/policy-html.ts';
import { computeRedline, LEAD_SECTION_ID, renderRedlineStandalone } from '../../src/lib/redline/index.ts';

const fixture = (name: string) => loadMarkdownFile(`test/fixtures/real/${name}.md`);

/** The redline body of a standalone file with every `tag` element taken out, as text. */
function textWithout(html: string, tag: 'del' | 'ins'): string {
  const body = select('[data-redline-body]', fromHtml(html))!;
  const drop = (node: Element | Root) => {
    node.children = node.children.filter((child) => !(child.type === 'element' && child.tagName === tag));
    for (const child of node.children) if (child.type === 'element') drop(child);
  };
  drop(body);
  return toString(body);
}

/** The text of a document's own rendering: its lead, then its sections. */
const pageText = (document: PolicyDocument) => toString(fromHtml(renderLeadHtml(document) + renderPolicyHtml(document)));

describe('revisions of a real policy', () => {
  it('are lossless both ways in the standalone HTML, as text with <del> or <ins> taken out', async () => {
    const [old, current] = await Promise.all([fixture('privacy-2019'), fixture('privacy-2020')]);
    for (const [a, b] of [[old, current], [current, old]] as const) {
      const html = renderRedlineStandalone(computeRedline(a, b), { view: 'inline' });
      expect(textWithout(html, 'del')).toBe(pageText(b));
      expect(textWithout(html, 'ins')).toBe(pageText(a));
    }
  });

  it('show the edits a reader looks for: words, a table row, a bullet, the swapped sections as moves, the new date', async () => {
    const redline = computeRedline(await fixture('privacy-2019'), await fixture('privacy-2020'));
    const kinds = redline.changes.map((change) => [change.kind, change.block]);
    expect(kinds).toContainEqual(['replacement', 'p']);
    expect(kinds).toContainEqual(['insertion', 'tr']);
    expect(kinds).toContainEqual(['deletion', 'li']);
    expect(redline.changes.filter((change) => change.kind === 'move-from' || change.kind === 'move-to')).toHaveLength(2);
    // The effective date sits before the first heading: a change of the text like any other.
    expect(redline.metadataChanges).toEqual([]);
    expect(redline.changes.filter((change) => change.sectionId === LEAD_SECTION_ID).map(({ oldText, newText }) => [oldText, newText])).toEqual([['July 2, 2019', 'January 1, 2020']]);
  });

  it('show no change for a revision of Markdown spelling only', async () => {
    const redline = computeRedline(await fixture('privacy-2019'), await fixture('privacy-2019-respelled'));
    expect([redline.changes, redline.metadataChanges]).toEqual([[], []]);
  });

  it('pair renumbered sections of a real revision, and report the preamble', async () => {
    const [old, current] = await Promise.all([fixture('sponsors-2022'), fixture('sponsors-2025')]);
    const redline = computeRedline(old, current);
    expect(redline.sections.map(({ title, status, oldTitle }) => [title, status, oldTitle])).toEqual([
      ['Preamble', 'modified', undefined],
      ['1. Definitions.', 'modified', undefined],
      ['1. Acceptable Use.', 'unchanged', undefined],
      ['1.1. GitHub Sponsors Program', 'renamed', '2.1. GitHub Sponsors Program'],
      ['1.2. GitHub Sponsors Matching Fund', 'renamed', '2.2. GitHub Sponsors Matching Fund'],
      ['2. Sponsored Developer Obligations.', 'renamed', '3. Sponsored Developer Obligations.'],
      ['3.1. General.', 'removed', undefined],
      ['3. Financial Terms.', 'renamed', '4. Financial Terms.'],
      ['3.1. Payment.', 'renamed', '4.1. Payment.'],
      ['3.2. Sponsored Developer Payment Exclusions.', 'renamed', '4.2. Sponsored Developer Payment Exclusions.'],
      ['3.4. Currency.', 'renamed', '4.5. Currency.'],
    ]);
    // A renumbered heading marks its number only.
    const headings = redline.changes.filter((change) => /^h\d$/.test(change.block) && change.kind === 'replacement');
    expect(headings.map(({ oldText, newText }) => `${oldText}→${newText}`)).toEqual(['2.1→1.1', '2.2→1.2', '3→2', '4→3', '4.1→3.1', '4.2→3.2', '4.2.1→3.2.1', '4.2.3→3.2.3', '4.5→3.4']);
    expect(redline.changes.filter((change) => change.sectionId === LEAD_SECTION_ID).map((change) => change.kind)).toEqual(['replacement', 'insertion']);
    for (const [a, b] of [[old, current], [current, old]] as const) {
      const html = renderRedlineStandalone(computeRedline(a, b), { view: 'inline' });
      expect(textWithout(html, 'del')).toBe(pageText(b));
      expect(textWithout(html, 'ins')).toBe(pageText(a));
    }
  });
});
