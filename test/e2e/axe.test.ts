/** axe-core finds nothing on any page of the built site in the light scheme; pages reflow to a phone's width. */
import { describe, expect, inject, it } from 'vitest';
import { axeViolations, formatViolations, useBrowserSite } from '../support/browser.ts';
import { pagesToVisit, reusedPage, visit } from './support/site-pages.ts';

const siteDir = inject('siteDir');
const site = useBrowserSite(siteDir);
const pages = pagesToVisit(siteDir);

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
