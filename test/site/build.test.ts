/** The built site, read as HTML without a browser: the whole policy text, anchors, canonical URLs, sitemap, credit. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diffArrays } from 'diff';
import type { Element } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import { classes, headingText, hugoSectionBody, markdownText, readableText, readPage, sitePages, words } from './html.ts';
import { REDLINE_STYLESHEET_FILE } from '../../src/lib/redline/style.ts';
import { inlinedStyle } from '../redline/support.ts';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();
const pages = sitePages(siteDir);
const sectionPages = pages.filter((page) => /^\/sections\/[^/]+\/$/.test(page));
/** Pages that show policy text: the whole policy and one page per section. */
const policyPages = ['/', ...sectionPages];

// The published text the site must reproduce.
const reference = hugoSectionBody(readFileSync(path.join(import.meta.dirname, '../fixtures/reference/xen-security-policy-v3.23.md'), 'utf8'));

/** The file a URL path of the site is served from. */
function builtFile(urlPath: string): string {
  return path.join(siteDir, decodeURIComponent(urlPath), urlPath.endsWith('/') ? 'index.html' : '');
}

/** The policy text of the home page: the lead sentence and every section, as words. */
function policyPageWords(): string[] {
  const tree = readPage(siteDir, '/');
  const parts = [select('.policy-lead', tree), select('.policy-body', tree)];
  expect(parts.every(Boolean), 'the policy page has .policy-lead and .policy-body').toBe(true);
  return words(parts.map((part) => readableText(part!)).join(' '));
}

describe('the built policy page', () => {
  it('shows every section of version 3.23, in order and at its level', () => {
    const expected = [...reference.matchAll(/^(#{2,6})\s+(.+?)\s*$/gm)].map((match) => `h${match[1]!.length} ${match[2]}`);
    const tree = readPage(siteDir, '/');
    const shown = selectAll('.policy-body :is(h2, h3, h4, h5, h6)', tree).map((heading) => `${heading.tagName} ${headingText(heading)}`);
    expect(expected.length).toBeGreaterThan(5);
    expect(shown).toEqual(expected);
  });

  it('holds at least 99% of the words of version 3.23, in order', () => {
    const expected = words(markdownText(reference));
    const shown = policyPageWords();
    const changes = diffArrays(expected, shown);
    const kept = changes.filter((change) => !change.added && !change.removed).reduce((sum, change) => sum + change.count, 0);
    const missing = changes.filter((change) => change.removed).map((change) => change.value.join(' '));
    const added = changes.filter((change) => change.added).map((change) => change.value.join(' '));
    expect(expected.length).toBeGreaterThan(2500);
    expect(kept / expected.length, `missing from the page: ${JSON.stringify(missing)}`).toBeGreaterThanOrEqual(0.99);
    // Nor does the page add text of its own inside the policy.
    expect(shown.length - kept, `added on the page: ${JSON.stringify(added)}`).toBeLessThanOrEqual(expected.length * 0.01);
  });

  it('carries its title, version and effective date', () => {
    const tree = readPage(siteDir, '/');
    expect(headingText(select('h1', tree)!)).toBe('Security Problem Response Process');
    expect(readableText(select('[data-policy-version]', tree)!).trim()).toMatch(/^\d+(\.\d+)+$/);
    expect(select('.policy-facts time', tree)?.properties.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('needs no script to be read: the text is in the HTML, nothing hidden or left for script to fill', () => {
    const tree = readPage(siteDir, '/');
    expect(selectAll('.policy[hidden], .policy-body [hidden], .policy-body [style], .policy-body noscript, .policy-body template, .policy-body script', tree)).toEqual([]);
    expect(words(readableText(select('.policy-body', tree)!)).length).toBeGreaterThan(2500);
    // The only scripts are the early theme choice and the theme switch; neither writes policy text.
    for (const script of selectAll('script', tree)) expect(readableText({ type: 'root', children: script.children })).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe.each(policyPages)('anchors on %s', (page) => {
  const tree = readPage(siteDir, page);
  const article = select('article.policy', tree)!;

  it('gives every heading of the policy an id and a self-link to it', () => {
    const headings = selectAll('h1, h2, h3, h4, h5, h6', article);
    expect(headings.length).toBeGreaterThan(0);
    for (const heading of headings) {
      const id = heading.properties.id;
      expect(id, `${heading.tagName} “${headingText(heading)}” has no id`).toEqual(expect.any(String));
      const links = selectAll('a.self-link', heading).filter((link) => link.properties.href === `#${id}`);
      expect(links, `${heading.tagName}#${id} has no self-link`).toHaveLength(1);
      expect(links[0]!.properties.ariaLabel).toMatch(/\S/);
    }
  });

  it('gives every paragraph and list item of the policy an anchor <section>-pN and a pilcrow link to it', () => {
    const blocks = selectAll('.policy-body :is(p, li)', tree);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const parentItem = block.tagName === 'p' ? selectAll('li', tree).find((item) => item.children.includes(block)) : undefined;
      // The first paragraph of a loose list item shares the item's anchor.
      if (!block.properties.id && parentItem?.properties.id && parentItem.children.find((child) => child.type === 'element') === block) continue;
      const id = String(block.properties.id ?? '');
      const section = selectAll('section.policy-section', tree).filter((candidate) => selectAll(block.tagName, candidate).includes(block)).at(-1);
      expect(id, `a ${block.tagName} of “${readableText(block).trim().slice(0, 60)}” has no anchor`).toMatch(new RegExp(`^${section?.properties.dataSection}-p\\d+$`));
      const pilcrows = selectAll('a.pilcrow', block).filter((link) => link.properties.href === `#${id}`);
      expect(pilcrows, `#${id} has no pilcrow link`).toHaveLength(1);
    }
  });

  it('uses each id once', () => {
    const ids = selectAll('[id]', tree).map((element) => String(element.properties.id));
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('links only to anchors that exist on the page or to pages of the site', () => {
    const ids = new Set(selectAll('[id]', tree).map((element) => String(element.properties.id)));
    for (const link of selectAll('a[href]', tree)) {
      const href = String(link.properties.href);
      if (href.startsWith('#')) expect(ids, `${href} on ${page}`).toContain(decodeURIComponent(href.slice(1)));
      else if (href.startsWith('/')) {
        const [target, fragment] = href.split('#') as [string, string | undefined];
        expect(existsSync(builtFile(target)), `${href} on ${page}`).toBe(true);
        if (fragment) expect(selectAll('[id]', readPage(siteDir, target)).map((element) => element.properties.id), `${href} on ${page}`).toContain(fragment);
      }
    }
  });
});

describe('canonical URLs, sitemap and the 404 page', () => {
  const sitemapUrls = (): string[] => {
    const index = readFileSync(path.join(siteDir, 'sitemap-index.xml'), 'utf8');
    const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname.split('/').pop()!);
    expect(maps.length).toBeGreaterThan(0);
    return maps.flatMap((map) => [...readFileSync(path.join(siteDir, map), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!));
  };

  it.each(pages.filter((page) => page !== '/404.html'))('%s has one absolute canonical URL to itself, or says noindex', (page) => {
    const tree = readPage(siteDir, page);
    const canonical = selectAll('link[rel~="canonical"]', tree);
    const noindex = select('meta[name="robots"][content~="noindex"]', tree);
    if (noindex) return expect(canonical).toEqual([]);
    expect(canonical).toHaveLength(1);
    const url = new URL(String(canonical[0]!.properties.href));
    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe(page);
  });

  it('lists every canonical page in the sitemap, and only pages that exist', () => {
    const listed = sitemapUrls();
    const canonical = pages.map((page) => select('link[rel~="canonical"]', readPage(siteDir, page))?.properties.href).filter(Boolean);
    expect(canonical.length).toBeGreaterThan(sectionPages.length);
    for (const url of canonical) expect(listed).toContain(url);
    for (const url of listed) expect(existsSync(builtFile(new URL(url).pathname)), url).toBe(true);
    expect(listed).not.toContainEqual(expect.stringContaining('404'));
  });

  it('has a 404 page that says so, is not indexed and leads back to the policy', () => {
    expect(pages).toContain('/404.html');
    const tree = readPage(siteDir, '/404.html');
    expect(headingText(select('h1', tree)!)).toMatch(/not found/i);
    expect(select('meta[name="robots"][content~="noindex"]', tree)).toBeTruthy();
    expect(selectAll('main a[href]', tree).map((link) => link.properties.href)).toContain('/');
  });
});

describe.each(pages)('the frame of %s', (page) => {
  const tree = readPage(siteDir, page);

  it('credits the Xen Project and CC BY 4.0 in the footer', () => {
    const footer = select('footer.site-footer', tree)!;
    const text = readableText(footer).replace(/\s+/g, ' ');
    expect(text).toContain('Xen Project');
    expect(text).toMatch(/licensed under CC BY 4\.0\. /);
    // Words in the sentence stay apart: a lost space would run two of them together.
    expect(text).not.toMatch(/,\S|\.[A-Z]/);
    expect(selectAll('a[href]', footer).map((link) => link.properties.href)).toContain('https://creativecommons.org/licenses/by/4.0/');
  });

  it('has a language, a title, a skip link to main and one h1', () => {
    expect(select('html', tree)?.properties.lang).toBe('en');
    expect(readableText(select('title', tree)!).trim()).not.toBe('');
    const firstLink = select('body a', tree) as Element;
    expect(classes(firstLink)).toContain('skip-link');
    expect(firstLink.properties.href).toBe('#main');
    expect(select('main#main', tree)).toBeTruthy();
    expect(selectAll('h1', tree)).toHaveLength(1);
  });

  it('marks in the navigation the part of the site a page is in: a release\'s pages are the history, not the policy in force', () => {
    const current = (page: string) => selectAll('.site-header nav a[aria-current]', readPage(siteDir, page)).map((link) => [readableText(link), link.properties.ariaCurrent]);
    expect(current('/')).toEqual([['Policy', 'page']]);
    expect(current('/history/')).toEqual([['History', 'page']]);
    for (const page of ['/releases/3.19/', '/releases/3.23/changes/', '/compare/']) expect(current(page), page).toEqual([['History', 'true']]);
    expect(current('/sections/scope-of-this-process/')).toEqual([['Sections', 'true']]);
  });
});

describe('the redline downloads of proposals', () => {
  it('inline src/styles/redline.css whole, from Astro\'s bundle, and allow it by its hash', () => {
    const { style, allowed } = inlinedStyle(readFileSync(path.join(siteDir, 'proposals/fix-spelling-mistakes/v1/redline.html'), 'utf8'));
    expect(style.trim()).toBe(readFileSync(REDLINE_STYLESHEET_FILE, 'utf8').trim());
    expect(allowed).toBe(true);
  });
});
