/**
 * The accessibility checks of a sample page (axe.test.ts and axe-proposals.test.ts share them, so the two halves of
 * the sample pages run on two workers): axe-core with all rules in the light scheme, the colour rules (contrast, links
 * told apart from text) again in the dark one, which changes nothing else, and reflow to a phone's width. Each page is
 * loaded once: the scheme and the width change on the loaded page, as a reader's settings do.
 */
import { expect, it } from 'vitest';
import { AXE_COLOUR_RULES, axeViolations, formatViolations, type BrowserSite } from '../../support/browser.ts';
import { visitSample } from './site-pages.ts';

/** The sample pages of the proposals, checked in a file of their own; the other file checks every other page. */
export function isProposalPage(path: string): boolean {
  return path.startsWith('/proposals/');
}

/** Registers one test per path: no axe violation in light, no colour violation in dark, no sideways scroll at 320 px. */
export function itIsAccessible(site: BrowserSite, paths: string[]): void {
  it.each(paths)('%s: no violation in light, no colour violation in dark, fits 320 px', async (path) => {
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
}
