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
import { renderPolicyHtml } from '../../src/lib/markdown/policy-html.ts';
import { computeRedline, renderRedlineStandalone } from '../../src/lib/redline/index.ts';

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

/** The text of a document's own rendering. */
const pageText = (document: PolicyDocument) => toString(fromHtml(renderPolicyHtml(document)));

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
    expect(redline.metadataChanges.map((change) => change.field)).toEqual(['lead']);
  });

  it('show no change for a revision of Markdown spelling only', async () => {
    const redline = computeRedline(await fixture('privacy-2019'), await fixture('privacy-2019-respelled'));
    expect([redline.changes, redline.metadataChanges]).toEqual([[], []]);
  });
});
