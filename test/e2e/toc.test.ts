/** The table of contents lands on its sections: on the policy page by anchor, from the sections index by page. */
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { readPage } from '../site/html.ts';
import { useBrowserSite, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';
import { samplePages } from './support/site-pages.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);

/** The TOC's links, as [href, text]. */
function tocEntries(page: Page): Promise<[string, string][]> {
  return page.$$eval('nav.toc ol a', (links) => links.map((link) => [link.getAttribute('href') ?? '', link.textContent?.trim() ?? ''] as [string, string]));
}

/** Where the element is relative to the viewport: its top, and whether it is within the viewport. */
function placement(page: Page, id: string): Promise<{ top: number; inView: boolean; isTarget: boolean; heading: string }> {
  return page.evaluate((targetId) => {
    const element = document.getElementById(targetId)!;
    const box = element.getBoundingClientRect();
    return {
      top: box.top,
      inView: box.top >= 0 && box.top < window.innerHeight && box.bottom > 0,
      isTarget: element.matches(':target'),
      heading: element.textContent?.trim() ?? '',
    };
  }, id);
}

describe('the table of contents of the policy page', () => {
  it('lists the sections and subsections, and each entry lands on its heading', async () => {
    const page = await site.visit('');
    const entries = await tocEntries(page);
    expect(entries.length).toBeGreaterThanOrEqual(10);
    for (const [href, text] of entries) {
      expect(href).toMatch(/^#[a-z0-9-]+$/);
      // Start from the top each time, so every click has to scroll.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.click(`nav.toc ol a[href="${href}"]`);
      await page.waitForFunction((hash) => location.hash === hash, href);
      const where = await placement(page, href.slice(1));
      expect(where.heading, href).toBe(text);
      expect(where.isTarget, `${href} is :target`).toBe(true);
      expect(where.inView, `${href} is in view (top ${where.top})`).toBe(true);
      // Near the top, not merely somewhere on the screen (the last sections may not scroll all the way up).
      const scrollable = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight - window.scrollY);
      if (scrollable > 1) expect(where.top, href).toBeLessThan(100);
    }
  });

  it('marks the heading reached from a link by a distinct background', async () => {
    const page = await site.visit('#embargo-and-disclosure-schedule');
    const colours = await page.evaluate(() => ['embargo-and-disclosure-schedule', 'introduction'].map((id) => getComputedStyle(document.getElementById(id)!).backgroundColor));
    expect(colours[0]).not.toBe(colours[1]);
  });
});

describe('the sections index', () => {
  it('leads to a page per section, whose one h1 is the section title', async () => {
    const page = await site.visit('sections/');
    const entries = await tocEntries(page);
    expect(entries.length).toBeGreaterThanOrEqual(10);
    // Every entry's page, as built; the browser follows the entries of the sample section pages (one template for all).
    for (const [href, text] of entries) {
      const built = readPage(siteDir, href);
      expect(selectAll('h1', built).map((heading) => toString(heading).trim()), href).toEqual([text]);
      expect(toString(select('title', built)!), href).toContain(text);
    }
    const followed = entries.filter(([href]) => samplePages(siteDir).includes(href));
    expect(followed.length).toBeGreaterThan(0);
    for (const [href, text] of followed) {
      await Promise.all([page.waitForURL((url) => url.pathname === href), page.click(`nav.toc ol a[href="${href}"]`)]);
      expect(await page.$$eval('h1', (headings) => headings.map((heading) => heading.textContent?.trim()))).toEqual([text]);
      expect(await page.title()).toContain(text);
      await page.goBack();
    }
  });
});
