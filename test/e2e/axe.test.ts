/** axe-core finds nothing on any page of the built site, light or dark; pages reflow to a phone's width. */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sitePages } from '../site/html.ts';
import { axeViolations, formatViolations, useBrowserSite, type OpenOptions, type Page } from '../support/browser.ts';

const siteDir = inject('siteDir');
const site = useBrowserSite(siteDir);
// The 404 page is checked where readers meet it: at an address that does not exist.
const pages = sitePages(siteDir).map((page) => (page === '/404.html' ? '/no-such-page/' : page));

/** One page per set of options, reused by the tests of a block (opening a page costs more than going to one). */
function reusedPage(options: OpenOptions): () => Promise<Page> {
  let page: Promise<Page> | undefined;
  afterAll(async () => {
    await (await page)?.close();
  });
  return () => (page ??= site.open('', options));
}

/** Goes to a site page and waits until it is complete, including the search box that script adds. */
async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(site.url(path));
  expect(response?.status(), path).toBe(path === '/no-such-page/' ? 404 : 200);
  if (path.startsWith('/search/')) await page.waitForSelector(path.includes('?q=') ? '#search .pagefind-ui__result-link' : '#search input');
}

describe.each(['light', 'dark'] as const)('axe-core in the %s scheme', (colorScheme) => {
  const page = reusedPage({ colorScheme });

  it.each([...pages, '/search/?q=embargo'])('finds no violation on %s', async (path) => {
    await visit(await page(), path);
    const violations = await axeViolations(await page());
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

describe('on a phone', () => {
  const page = reusedPage({ width: 320 });

  it.each(pages)('%s fits 320 CSS pixels without sideways scrolling', async (path) => {
    await visit(await page(), path);
    const overflow = await (await page()).evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
