/** Every built page carries a strict Content-Security-Policy that still allows the site's own scripts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { htmlPages, inlineScriptHashes, metaCsp } from './support/site-files.ts';

const siteDir = inject('siteDir');
const pages = htmlPages(siteDir);

describe('the Content-Security-Policy of the built site', () => {
  it('is built into every page', () => {
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) expect(metaCsp(readFileSync(path.join(siteDir, page), 'utf8')), page).toBeDefined();
  });

  it.each(pages)('%s: allows no remote origin, no plug-in, no base rewrite and no unhashed inline script', (page) => {
    const html = readFileSync(path.join(siteDir, page), 'utf8');
    const csp = metaCsp(html)!;
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    const sources = [...csp.values()].flat();
    // Only keywords, hashes and data: for images; never a host, a scheme wildcard or an unsafe keyword.
    for (const source of sources) expect(source, `${page}: ${source}`).toMatch(/^'(?:self|none|wasm-unsafe-eval|sha(?:256|384|512)-[A-Za-z0-9+/=]+)'$|^data:$/);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(sources.filter((source) => source === 'data:')).toHaveLength(1);
    const allowedScripts = csp.get('script-src') ?? [];
    for (const hash of inlineScriptHashes(html)) expect(allowedScripts, `${page}: an inline script is not hashed`).toContain(hash);
  });

  it.each(pages)('%s: has no inline event handler and no javascript: URL to allow', (page) => {
    const html = readFileSync(path.join(siteDir, page), 'utf8');
    expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|vbscript):/i);
  });
});
