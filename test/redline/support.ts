/** Helpers for the redline tests: documents from section lists, and the lossless check on rendered text. */
import { createHash } from 'node:crypto';
import type { ElementContent } from 'hast';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { documentTree } from '../../src/lib/markdown/policy-html.ts';
import { fastBody } from '../../src/lib/redline/chunks.ts';
import { acceptAll, rejectAll, textOf } from '../../src/lib/redline/hast.ts';
import { redlineBodyTree } from '../../src/lib/redline/html.ts';
import type { Redline } from '../../src/lib/redline/index.ts';

/** A document from `[id, title, body, parent?]` tuples. */
export function doc(version: string, ...sections: [string, string, string, string?][]): PolicyDocument {
  return {
    metadata: { title: 'Test Policy', version, date: '2024-01-01' },
    sections: sections.map(([id, title, body, parent], index) => ({ id, title, body, order: (index + 1) * 10, ...(parent ? { parent } : {}) })),
  };
}

/** The inner HTML of `[data-redline-body]` in a rendered redline. */
export function bodyHtml(html: string): string {
  const match = /<div class="redline-body" data-redline-body data-view="[^"]+">([\s\S]*)<\/div>\n<script>/.exec(html);
  if (!match) throw new Error('no redline body');
  return match[1]!;
}

/**
 * Text of the inline redline body after accepting all changes, after rejecting all, and of both documents' pages:
 * the exact text content (as `textContent` gives it), white space included. With `shortcut`, the pages' section bodies
 * are rendered as the redline renders unchanged ones (see `pageText`), for documents too big to parse twice.
 */
export function losslessTexts(redline: Redline, oldDoc: PolicyDocument, newDoc: PolicyDocument, options: { shortcut?: boolean } = {}) {
  const body = redlineBodyTree(redline, { view: 'inline' }).children as ElementContent[];
  return {
    accepted: textOf(acceptAll(body)),
    rejected: textOf(rejectAll(body)),
    newText: pageText(newDoc, options.shortcut ?? false),
    oldText: pageText(oldDoc, options.shortcut ?? false),
  };
}

/**
 * The text of the document's page. With `shortcut`, every section body the redline's shortcut renderer takes (`fastBody`,
 * held to the page renderer's exact output by test/redline/fast-render.test.ts) is rendered by it instead of by remark:
 * parsing a 1 MB paragraph costs seconds, the shortcut a tenth of that.
 */
function pageText(document: PolicyDocument, shortcut: boolean): string {
  if (!shortcut) return textOf(documentTree(document).children as ElementContent[]);
  const links = document.metadata.linkBase ? { linkBase: document.metadata.linkBase } : {};
  const bodies = new Map<string, ElementContent[]>();
  const sections = document.sections.map((section) => {
    const body = fastBody(section.body, links, section.id);
    if (!body) return section;
    bodies.set(section.id, body);
    return { ...section, body: '' };
  });
  const tree = documentTree({ ...document, sections });
  // Each body goes back right after its section's heading, before any nested subsection (as sectionElement puts it).
  const restore = (nodes: ElementContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element' || node.tagName !== 'section') continue;
      restore(node.children);
      const body = bodies.get(String(node.properties.dataSection));
      if (body) node.children = [node.children[0]!, ...body, ...node.children.slice(1)];
    }
  };
  restore(tree.children as ElementContent[]);
  return textOf(tree.children as ElementContent[]);
}

/** The style block of a standalone redline file, and whether its Content-Security-Policy allows exactly that block. */
export function inlinedStyle(html: string): { style: string; allowed: boolean } {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const hash = `sha256-${createHash('sha256').update(style).digest('base64')}`;
  return { style, allowed: html.includes(`style-src '${hash}'`) };
}
