/** The pages of the built site for the whole-site browser checks, and a reused tab to visit them in. */
import { afterAll, expect } from 'vitest';
import { sitePages } from '../../site/html.ts';
import type { BrowserSite, OpenOptions, Page } from '../../support/browser.ts';

/** Every page of the build as a path to visit; the 404 page at an address that does not exist, as readers meet it. */
export function pagesToVisit(siteDir: string): string[] {
  return sitePages(siteDir).map((page) => (page === '/404.html' ? '/no-such-page/' : page));
}

/** One tab per set of options, opened at first use and reused by the tests of a file (going to a page is cheaper). */
export function reusedPage(site: BrowserSite, options: OpenOptions): () => Promise<Page> {
  let page: Promise<Page> | undefined;
  afterAll(async () => {
    await (await page)?.close();
  });
  return () => (page ??= site.open('', options));
}

/** Goes to a site path and waits until it is complete, including the search box (and results) that script adds. */
export async function visit(site: BrowserSite, page: Page, path: string): Promise<void> {
  const response = await page.goto(site.url(path));
  expect(response?.status(), path).toBe(path === '/no-such-page/' ? 404 : 200);
  if (path.startsWith('/search/')) await page.waitForSelector(path.includes('?q=') ? '#search .pagefind-ui__result-link' : '#search input');
}
