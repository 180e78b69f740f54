import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDLINE_SCRIPT, REDLINE_SCRIPT_HASH } from '../../src/lib/redline/html.ts';
import { REDLINE_CSS } from '../../src/lib/redline/style.ts';

describe('the redline stylesheet', () => {
  it('inlined into standalone files is the same text the site imports (edit src/styles/redline.css and style.ts together)', () => {
    expect(REDLINE_CSS).toBe(readFileSync('src/styles/redline.css', 'utf8'));
  });

  it('allows the navigation script by its true hash (written out, as the browser has no node:crypto)', () => {
    expect(REDLINE_SCRIPT_HASH).toBe(`sha256-${createHash('sha256').update(REDLINE_SCRIPT).digest('base64')}`);
  });

  it('reads without colour and speaks to screen readers from CSS, not from the document text', () => {
    expect(REDLINE_CSS).toMatch(/ins \{[^}]*text-decoration: underline/);
    expect(REDLINE_CSS).toMatch(/del \{[^}]*text-decoration: line-through/);
    expect(REDLINE_CSS).toContain("ins::before { content: ' [insertion start] '; }");
    expect(REDLINE_CSS).toContain('@media print');
  });
});
