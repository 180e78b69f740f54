/** Helpers for the redline tests: documents from section lists, and the lossless check on rendered text. */
import { createHash } from 'node:crypto';
import type { ElementContent } from 'hast';
import type { PolicyDocument } from '../../src/lib/document.ts';
import { documentTree } from '../../src/lib/markdown/policy-html.ts';
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
 * the exact text content (as `textContent` gives it), white space included.
 */
export function losslessTexts(redline: Redline, oldDoc: PolicyDocument, newDoc: PolicyDocument) {
  const body = redlineBodyTree(redline, { view: 'inline' }).children as ElementContent[];
  return {
    accepted: textOf(acceptAll(body)),
    rejected: textOf(rejectAll(body)),
    newText: textOf(documentTree(newDoc).children as ElementContent[]),
    oldText: textOf(documentTree(oldDoc).children as ElementContent[]),
  };
}

/** The style block of a standalone redline file, and whether its Content-Security-Policy allows exactly that block. */
export function inlinedStyle(html: string): { style: string; allowed: boolean } {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const hash = `sha256-${createHash('sha256').update(style).digest('base64')}`;
  return { style, allowed: html.includes(`style-src '${hash}'`) };
}
