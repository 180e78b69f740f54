/**
 * axe-core in the dark scheme, on the pages of axe.test.ts (every page type, sampled by samplePages). Only colours
 * change with the scheme, so this file checks the colour rules (contrast, links told apart from text); axe.test.ts
 * checks all rules in light. Two files run on two workers.
 */
import { describe, expect, it } from 'vitest';
import { AXE_COLOUR_RULES, axeViolations, formatViolations, useBrowserSite } from '../support/browser.ts';
import { reusedPage, samplePages, visit } from './support/site-pages.ts';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);

describe('axe-core in the dark scheme', () => {
  const page = reusedPage(site, { colorScheme: 'dark' });

  it.each([...samplePages(siteDir), '/search/?q=embargo'])('finds no colour violation on %s', async (path) => {
    await visit(site, await page(), path);
    expect(await (await page()).evaluate(() => getComputedStyle(document.body).backgroundColor), 'the page is dark').not.toBe('rgb(255, 255, 255)');
    const violations = await axeViolations(await page(), { rules: AXE_COLOUR_RULES });
    expect(violations, formatViolations(violations)).toEqual([]);
  });
});
