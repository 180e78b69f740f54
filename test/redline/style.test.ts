import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDLINE_CSS } from '../../src/lib/redline/style.ts';

describe('the redline stylesheet', () => {
  it('inlined into standalone files is the same text the site imports (edit src/styles/redline.css and style.ts together)', () => {
    expect(REDLINE_CSS).toBe(readFileSync('src/styles/redline.css', 'utf8'));
  });

  it('reads without colour and speaks to screen readers from CSS, not from the document text', () => {
    expect(REDLINE_CSS).toMatch(/ins \{[^}]*text-decoration: underline/);
    expect(REDLINE_CSS).toMatch(/del \{[^}]*text-decoration: line-through/);
    expect(REDLINE_CSS).toContain("ins::before { content: ' [insertion start] '; }");
    expect(REDLINE_CSS).toContain('@media print');
  });
});
