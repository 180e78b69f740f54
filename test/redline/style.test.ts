/**
 * The redline stylesheet: one file for the site and the standalone files (what the CLI's bundle and the site's bundle
 * inline is checked in test/redline/cli.test.ts and test/site/build.test.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDLINE_SCRIPT, REDLINE_SCRIPT_HASH } from '../../src/lib/redline/html.ts';
import { computeRedline, renderRedlineStandalone } from '../../src/lib/redline/index.ts';
import { REDLINE_STYLESHEET_FILE, redlineStylesheet } from '../../src/lib/redline/style.ts';
import { doc, inlinedStyle } from './support.ts';

/** The one stylesheet: what the site's pages import and every standalone file inlines. */
const stylesheet = readFileSync(REDLINE_STYLESHEET_FILE, 'utf8');

describe('the redline stylesheet', () => {
  it('is src/styles/redline.css, read from the source tree', () => {
    expect(redlineStylesheet()).toBe(stylesheet);
  });

  it('is inlined whole into a standalone file, which allows it by its hash', () => {
    const redline = computeRedline(doc('1.0', ['scope', 'Scope', 'Old text.\n']), doc('1.1', ['scope', 'Scope', 'New text.\n']));
    const { style, allowed } = inlinedStyle(renderRedlineStandalone(redline));
    expect(style.trim()).toBe(stylesheet.trim());
    expect(allowed).toBe(true);
  });

  it('allows the navigation script by its true hash (written out, as the browser has no node:crypto)', () => {
    expect(REDLINE_SCRIPT_HASH).toBe(`sha256-${createHash('sha256').update(REDLINE_SCRIPT).digest('base64')}`);
  });

  it('reads without colour and speaks to screen readers from CSS, not from the document text', () => {
    expect(stylesheet).toMatch(/ins \{[^}]*text-decoration: underline/);
    expect(stylesheet).toMatch(/del \{[^}]*text-decoration: line-through/);
    expect(stylesheet).toContain("ins::before { content: ' [insertion start] '; }");
    expect(stylesheet).toContain('@media print');
  });
});
