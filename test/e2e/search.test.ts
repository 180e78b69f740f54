/** Search on the static build: Pagefind's index is loaded from the site, results appear and lead to pages. */
import { describe, expect, it } from 'vitest';
import { useBrowserSite, watchPageErrors, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';

const site = useBrowserSite(await builtSite());
const input = '#search input';
const resultLink = '#search .pagefind-ui__result-link';

/** Types a query into the search box and waits for at least one result. */
async function search(page: Page, query: string): Promise<{ href: string; text: string }[]> {
  await page.waitForSelector(input);
  await page.fill(input, query);
  await page.waitForSelector(resultLink);
  return page.$$eval('#search .pagefind-ui__result a[href]', (links) => links.map((link) => ({ href: (link as HTMLAnchorElement).href, text: link.textContent?.trim() ?? '' })));
}

describe('search', () => {
  it('finds "embargo" and its results lead to the pages and paragraphs that hold the word', async () => {
    const page = await site.visit('search/');
    const problems = watchPageErrors(page);
    expect(await page.getAttribute(input, 'aria-label')).toMatch(/search/i);
    const results = await search(page, 'embargo');
    expect(results.length).toBeGreaterThan(0);
    // Each hit once: a section is found on its own page, not also in the whole policy, and no result repeats its
    // own title as a sub-result (the section's heading, indexed with its id, did).
    const titles = await page.$$eval('#search .pagefind-ui__result', (items) =>
      items.map((item) => [...item.querySelectorAll('.pagefind-ui__result-title')].map((title) => title.textContent?.trim() ?? '')),
    );
    expect(titles.map((list) => list[0])).toEqual([...new Set(titles.map((list) => list[0]))]);
    for (const list of titles) expect(list.slice(1), list[0]).not.toContain(list[0]);
    expect(results.map((result) => new URL(result.href).pathname)).not.toContain(site.server.base);
    for (const result of results) {
      const url = new URL(result.href);
      expect(url.origin, result.href).toBe(site.server.origin);
      expect(url.pathname.startsWith(site.server.base), result.href).toBe(true);
    }
    // Each result page exists and holds the word, and each fragment names an element of its page.
    const byPage = Map.groupBy(results.map((result) => new URL(result.href)), (url) => url.pathname);
    for (const [pathname, urls] of byPage) {
      const response = await page.goto(new URL(pathname, site.server.origin).href);
      expect(response?.status(), pathname).toBe(200);
      expect((await page.$eval('main', (main) => (main as HTMLElement).innerText)).toLowerCase(), pathname).toContain('embargo');
      for (const url of urls.filter((candidate) => candidate.hash)) {
        expect(await page.$(`[id="${decodeURIComponent(url.hash.slice(1))}"]`), url.href).not.toBeNull();
      }
    }
    expect(byPage.size).toBeGreaterThan(1);
    expect(problems).toEqual([]);
  });

  it('takes the query from ?q= and says when nothing matches', async () => {
    const page = await site.visit('search/?q=disclosure');
    await page.waitForSelector(resultLink);
    expect(await page.inputValue(input)).toBe('disclosure');
    await page.fill(input, 'xylophonequartz');
    await page.waitForFunction(() => /no results/i.test(document.querySelector('#search')?.textContent ?? ''));
  });

  it('is reachable from every page through the site navigation', async () => {
    const page = await site.visit('sections/introduction/');
    await Promise.all([page.waitForURL(/\/search\/$/), page.click('nav[aria-label="Site"] a[href$="search/"]')]);
    await page.waitForSelector(input);
  });
});
