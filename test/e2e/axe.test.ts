/**
 * axe-core finds nothing on the built site's pages: all rules in the light scheme, the colour rules (contrast, links
 * told apart from text) again in the dark one, which changes nothing else; and the pages reflow to a phone's width.
 * Every page type is checked, on the pages that between them hold every kind of element of that type (samplePages).
 * Each page is loaded once: the scheme and the width change on the loaded page, as a reader's settings do.
 */
import { describe, expect, it } from 'vitest';
import { AXE_COLOUR_RULES, axeViolations, formatViolations, useBrowserSite } from '../support/browser.ts';
import { samplePages, visitSample } from './support/site-pages.ts';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);

describe('axe-core in light and dark, and reflow on a phone', () => {
  it.each([...samplePages(siteDir), '/search/?q=embargo'])('%s: no violation in light, no colour violation in dark, fits 320 px', async (path) => {
    const page = await visitSample(site, path);
    const light = await axeViolations(page);
    expect.soft(light, `light: ${formatViolations(light)}`).toEqual([]);

    await page.emulateMedia({ colorScheme: 'dark' });
    expect.soft(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'the page is dark').not.toBe('rgb(255, 255, 255)');
    const dark = await axeViolations(page, { rules: AXE_COLOUR_RULES });
    expect.soft(dark, `dark: ${formatViolations(dark)}`).toEqual([]);

    // WCAG 1.4.10 exempts content that needs two dimensions, such as the two columns of a side-by-side redline.
    if (path.includes('/side-by-side/')) return;
    await page.setViewportSize({ width: 320, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect.soft(overflow, 'scrolls sideways at 320 CSS pixels').toBeLessThanOrEqual(0);
  });
});
