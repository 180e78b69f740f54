/** Reading needs no script: with JavaScript off every page shows the same policy text as with it on. */
import { describe, expect, it } from 'vitest';
import { useBrowserSite, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';
import { samplePages } from './support/site-pages.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);

/** The rendered text of the policy article (what a reader sees, as laid out). */
function policyText(page: Page): Promise<string> {
  return page.$eval('article.policy', (article) => (article as HTMLElement).innerText);
}

describe('with JavaScript disabled', () => {
  it('the policy page shows every section, each heading visible and followed by its text', async () => {
    const page = await site.visit('', { javaScriptEnabled: false });
    expect(await page.evaluate(() => typeof window.localStorage)).toBe('object');
    const sections = await page.$$eval('.policy-body section[data-section]', (elements) => elements.map((section) => {
      const heading = section.querySelector('h2, h3')!;
      const box = heading.getBoundingClientRect();
      return {
        id: section.dataset.section,
        heading: heading.textContent?.trim(),
        headingShown: box.width > 0 && box.height > 0 && getComputedStyle(heading).visibility === 'visible',
        words: (section as HTMLElement).innerText.split(/\s+/).filter(Boolean).length,
      };
    }));
    const toc = await page.$$eval('nav.toc ol a', (links) => links.map((link) => link.getAttribute('href')?.slice(1)));
    expect(sections.map((section) => section.id)).toEqual(toc);
    for (const section of sections) {
      expect(section.headingShown, `${section.id}: heading shown`).toBe(true);
      expect(section.words, `${section.id}: has text`).toBeGreaterThan(10);
    }
    const total = (await policyText(page)).split(/\s+/).length;
    expect(total).toBeGreaterThan(2500);
  });

  it('the policy page reads the same as with script', async () => {
    const without = await site.visit('', { javaScriptEnabled: false });
    const withScript = await site.visit('');
    expect(await policyText(without)).toBe(await policyText(withScript));
  });

  it('every section page shows its section (the sample pages holding every kind of element section pages have)', async () => {
    const page = await site.visit('sections/', { javaScriptEnabled: false });
    const hrefs = await page.$$eval('nav.toc ol a', (links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThanOrEqual(10);
    const sampled = hrefs.filter((href) => samplePages(siteDir).includes(href));
    expect(sampled.length).toBeGreaterThan(0);
    for (const href of sampled) {
      await page.goto(new URL(href, site.url()).href);
      const text = await page.$eval('.policy-body', (body) => (body as HTMLElement).innerText);
      expect(text.split(/\s+/).length, href).toBeGreaterThan(10);
    }
  });

  it('the search page explains that search needs script and points to the whole policy', async () => {
    const page = await site.visit('search/', { javaScriptEnabled: false });
    const text = await page.$eval('main', (main) => (main as HTMLElement).innerText);
    expect(text).toMatch(/needs JavaScript/);
    expect(await page.$$eval('main a', (links) => links.map((link) => link.getAttribute('href')))).toContain('/');
  });
});
