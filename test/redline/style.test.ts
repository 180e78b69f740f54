import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REDLINE_SCRIPT, REDLINE_SCRIPT_HASH } from '../../src/lib/redline/html.ts';
import { computeRedline, renderRedlineStandalone } from '../../src/lib/redline/index.ts';
import { REDLINE_STYLESHEET_FILE, redlineStylesheet } from '../../src/lib/redline/style.ts';
import { policyFiles, tempDir, writeFiles } from '../support/temp.ts';
import { doc } from './support.ts';

/** The one stylesheet: what the site's pages import and every standalone file inlines. */
const stylesheet = readFileSync(REDLINE_STYLESHEET_FILE, 'utf8');

/** The style block of a standalone file, and whether its CSP allows exactly that block. */
function inlinedStyle(html: string): { style: string; allowed: boolean } {
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const hash = `sha256-${createHash('sha256').update(style).digest('base64')}`;
  return { style, allowed: html.includes(`style-src '${hash}'`) };
}

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

  it('is inlined whole by `policy redline -o`, which runs from a bundle in another folder', () => {
    const older = tempDir();
    writeFiles(older, policyFiles('1.0', { scope: 'Old text.\n' }));
    const newer = tempDir();
    writeFiles(newer, policyFiles('1.1', { scope: 'New text.\n' }));
    const out = path.join(tempDir(), 'redline.html');
    const startCache = tempDir('policy-start-');
    const result = spawnSync(process.execPath, [path.resolve('scripts/policy.ts'), 'redline', older, newer, '-o', out], { encoding: 'utf8', env: { ...process.env, POLICY_START_CACHE: startCache } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(path.join(startCache, 'bundle', 'redline.mjs')), 'the command ran from its bundle').toBe(true);
    const { style, allowed } = inlinedStyle(readFileSync(out, 'utf8'));
    expect(style.trim()).toBe(stylesheet.trim());
    expect(allowed).toBe(true);
  }, 120_000);

  it('is inlined whole into the redline.html downloads of the built site (Astro\'s bundle)', () => {
    const file = path.join(inject('siteDir'), 'proposals', 'fix-spelling-mistakes', 'v1', 'redline.html');
    const { style, allowed } = inlinedStyle(readFileSync(file, 'utf8'));
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
