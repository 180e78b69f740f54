/** axe-core finds nothing on any page of the built site, light or dark; pages reflow to a phone's width. */
import { describe, expect, inject, it } from 'vitest';
import { sitePages } from '../site/html.ts';
import { axeViolations, formatViolations, useBrowserSite, type Page } from '../support/browser.ts';

const siteDir = inject('siteDir');
const site = useBrowserSite(siteDir);
// The 404 page is checked where readers meet it: at an address that does not exist.
const pages = sitePages(siteDir).map((page) => (page === '/404.html' ? '/no-such-page/' : page));

/** Goes to a site page and waits until it is complete, including the search box that script adds. */
async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(site.url(path));
  expect(response?.status(), path).toBe(path === '/no-such-page/' ? 404 : 200);
  if (path === '/search/') await page.waitForSelector('#search input');
}

describe.each(['light', 'dark'] as const)('axe-core in the %s scheme', (colorScheme) => {
  it.each(pages)('finds no violation on %s', async (path) => {
    const page = await site.open('', { colorScheme });
    await visit(page, path);
    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await page.close();
  });

  it('finds no violation on search results', async () => {
    const page = await site.open('search/?q=embargo', { colorScheme });
    await page.waitForSelector('#search .pagefind-ui__result-link');
    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    await page.close();
  });
});

describe('on a phone', () => {
  it.each(pages)('%s fits 320 CSS pixels without sideways scrolling', async (path) => {
    const page = await site.open('', { width: 320 });
    await visit(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});
