/** Every built page carries a strict Content-Security-Policy that still allows the site's own scripts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlPages, inlineScriptHashes, metaCsp } from './support/site-files.ts';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();
const pages = htmlPages(siteDir);

describe('the Content-Security-Policy of the built site', () => {
  it('is built into every page', () => {
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) expect(metaCsp(readFileSync(path.join(siteDir, page), 'utf8')), page).toBeDefined();
  });

  it.each(pages)('%s: allows no remote origin, no plug-in, no base rewrite and no unhashed inline script', (page) => {
    const html = readFileSync(path.join(siteDir, page), 'utf8');
    const csp = metaCsp(html)!;
    // Site pages allow their own origin; the standalone redline files (downloads) allow nothing at all by default.
    expect([["'self'"], ["'none'"]]).toContainEqual(csp.get('default-src'));
    expect(csp.get('object-src') ?? csp.get('default-src')).toEqual(["'none'"]); // default-src covers it when absent
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    const sources = [...csp.values()].flat();
    // Only keywords, hashes and data: for images; never a host, a scheme wildcard or an unsafe keyword.
    for (const source of sources) expect(source, `${page}: ${source}`).toMatch(/^'(?:self|none|wasm-unsafe-eval|sha(?:256|384|512)-[A-Za-z0-9+/=]+)'$|^data:$/);
    // data: only for images (Pagefind's icon), never for scripts, frames or objects.
    for (const [directive, list] of csp) if (list.includes('data:')) expect(directive).toBe('img-src');
    const allowedScripts = csp.get('script-src') ?? [];
    for (const hash of inlineScriptHashes(html)) expect(allowedScripts, `${page}: an inline script is not hashed`).toContain(hash);
  });

  it.each(pages)('%s: has no inline event handler and no javascript: URL to allow', (page) => {
    const html = readFileSync(path.join(siteDir, page), 'utf8');
    expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|vbscript):/i);
  });
});

describe('the script hashes a redline page asks the CSP to allow', () => {
  it('cover the redline navigation script and never a script that got into the HTML some other way', async () => {
    const { REDLINE_SCRIPT_HASH } = await import('../../src/lib/redline/html.ts');
    const { inlineScriptHashes: releaseHashes } = await import('../../src/components/release-csp.ts');
    const { redlineScriptHashes } = await import('../../src/data/proposals.ts');
    const { computeRedline, renderRedlineHtml } = await import('../../src/lib/redline/index.ts');
    const doc = (body: string, version: string) => ({ metadata: { title: 'T', version, date: '2024-01-01' }, sections: [{ id: 's', title: 'S', order: 1, body }] });
    const html = renderRedlineHtml(computeRedline(doc('Old text.\n', '1'), doc('New text.\n', '2')), { view: 'inline' });
    const injected = `${html}<script>window.__pwned = 1</script>`;
    for (const hashes of [releaseHashes, redlineScriptHashes]) expect(hashes(injected)).toEqual([REDLINE_SCRIPT_HASH]);
  });
});
