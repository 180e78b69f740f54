/** Printing: no navigation, link targets written out, black on white whatever the theme. */
import { describe, expect, it } from 'vitest';
import { useBrowserSite, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';

const site = useBrowserSite(await builtSite());

/** Whether each selector's first match is rendered (takes space) in the page as it is. */
function rendered(page: Page, selectors: string[]): Promise<Record<string, boolean>> {
  return page.evaluate((all) => Object.fromEntries(all.map((selector) => {
    const element = document.querySelector(selector);
    return [selector, Boolean(element && element.getClientRects().length > 0)];
  })), selectors);
}

const navigation = ['.skip-link', '.site-header', 'nav[aria-label="Site"]', 'nav.toc', '.theme-toggle', 'a.self-link', 'a.pilcrow'];

describe('the print stylesheet', () => {
  it('hides navigation, the table of contents, the theme switch and the anchor marks', async () => {
    const page = await site.visit('');
    const onScreen = await rendered(page, navigation.filter((selector) => selector !== '.skip-link'));
    expect(Object.values(onScreen).every(Boolean), JSON.stringify(onScreen)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    const printed = await rendered(page, navigation);
    expect(Object.entries(printed).filter(([, shown]) => shown)).toEqual([]);
    expect((await rendered(page, ['h1', '.policy-body', '.site-footer']))).toEqual({ h1: true, '.policy-body': true, '.site-footer': true });
  });

  it('prints the target of every external link after it, and not of links within the page', async () => {
    const page = await site.visit('');
    await page.emulateMedia({ media: 'print' });
    const links = await page.$$eval('.policy-body a[href]:not(.pilcrow):not(.self-link), .policy-lead a[href]', (anchors) => anchors.map((a) => ({
      href: a.getAttribute('href') ?? '',
      after: getComputedStyle(a, '::after').content,
    })));
    const external = links.filter((link) => /^https?:/.test(link.href));
    expect(external.length).toBeGreaterThan(5);
    for (const link of external) expect(link.after, link.href).toContain(link.href);
    for (const link of links.filter((candidate) => candidate.href.startsWith('#'))) expect(link.after, link.href).toBe('none');
  });

  it('prints black on white, also when the dark theme is chosen or the system is dark', async () => {
    const page = await site.visit('', { colorScheme: 'dark' });
    const colours = () => page.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.querySelector('.policy-body p')!).color }));
    await page.emulateMedia({ media: 'print' });
    expect(await colours()).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)' });
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    expect(await colours()).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)' });
  });

  it('prints a redline without its view switch, and with the unchanged blocks folded on screen', async () => {
    const page = await site.visit('releases/3.19/changes/');
    // (checkVisibility, not a box: a closed <details> keeps the boxes of what it hides, as content-visibility does)
    const shown = () => page.evaluate(() => ({
      views: document.querySelector('.redline-views')!.checkVisibility(),
      folded: [...document.querySelectorAll('.redline-fold details > :not(summary), details.redline-fold > :not(summary)')].map((element) => element.checkVisibility()),
    }));
    const onScreen = await shown();
    expect(onScreen.views).toBe(true);
    expect(onScreen.folded.length).toBeGreaterThan(0);
    expect(onScreen.folded.every((visible) => !visible)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    const printed = await shown();
    expect(printed.views).toBe(false);
    expect(printed.folded.every(Boolean)).toBe(true);
  });

  it('keeps headings with the text that follows them', async () => {
    const page = await site.visit('');
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.$$eval('.policy-body :is(h2, h3)', (headings) => headings.map((heading) => getComputedStyle(heading).breakAfter));
    expect(new Set(breaks)).toEqual(new Set(['avoid']));
    // A real PDF comes out, with the policy on several pages.
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(3);
  });
});
