/**
 * axe-core finds nothing on the built site's pages in the light scheme; pages reflow to a phone's width. Every page type
 * is checked, on the pages that between them hold every kind of element of that type (samplePages).
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, formatViolations, useBrowserSite } from '../support/browser.ts';
import { reusedPage, samplePages, visit } from './support/site-pages.ts';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);
const pages = samplePages(siteDir);

describe('axe-core in the light scheme', () => {
  const page = reusedPage(site, { colorScheme: 'light' });

  it.each([...pages, '/search/?q=embargo'])('finds no violation on %s', async (path) => {
    await visit(site, await page(), path);
    const violations = await axeViolations(await page());
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});

// WCAG 1.4.10 exempts content that needs two dimensions, such as the two columns of a side-by-side redline.
const reflowing = pages.filter((page) => !page.includes('/side-by-side/'));

describe('on a phone', () => {
  const page = reusedPage(site, { width: 320 });

  it.each(reflowing)('%s fits 320 CSS pixels without sideways scrolling', async (path) => {
    await visit(site, await page(), path);
    const overflow = await (await page()).evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
