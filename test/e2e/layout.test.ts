/** The layout in Chromium at phone to wide-screen widths: no overflow, whole words in the navigation, no text run into a link, a dark scheme that changes colours only, side-by-side columns, sticky contents, folded runs. */
import { describe, expect, it } from 'vitest';
import { useBrowserSite, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';
import { pageType, samplePages, visitSample } from './support/site-pages.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);

/** One page of each type the site has (the first of the pages axe.test.ts checks). */
const PAGES = [...Map.groupBy(samplePages(siteDir), pageType).values()].map((pages) => pages[0]!);
const WIDTHS = [320, 390, 768, 1280, 1920];

/**
 * Problems a reader would see on the open page: overflow, a navigation link on two lines, text run into an element,
 * and with `loaded`, a shift as it loaded (a page resized since its load has no load of its own to judge).
 */
function layoutProblems(page: Page, loaded: boolean): Promise<string[]> {
  return page.evaluate((loaded) => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`overflows: ${root.scrollWidth}px wide in ${root.clientWidth}px`);
    // Nothing moves as the page loads (the theme switch that script reveals pushed every page down on a phone).
    if (loaded) {
      const shifts = new PerformanceObserver(() => {});
      shifts.observe({ type: 'layout-shift', buffered: true });
      const entries = shifts.takeRecords() as unknown as { value: number; sources?: { node?: Node | null }[] }[];
      shifts.disconnect();
      const shift = entries.reduce((sum, entry) => sum + entry.value, 0);
      // What moved, so a failure says where to look.
      const moved = [...new Set(entries.flatMap((entry) => (entry.sources ?? []).map(({ node }) => (node instanceof Element ? `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}` : (node?.nodeName ?? '?')))))];
      if (shift > 0.01) problems.push(`moves as it loads: layout shift ${shift.toFixed(3)} (${moved.join(', ')})`);
    }
    for (const link of document.querySelectorAll<HTMLElement>('.site-header nav a')) {
      if (link.getClientRects().length !== 1 || link.offsetHeight > parseFloat(getComputedStyle(link).lineHeight) * 1.5) problems.push(`navigation link "${link.textContent}" breaks over lines`);
    }
    // Text of one element glued to the next one's ("list.Compare", "2019· commit"), outside the redline's marks.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let previous: Text | undefined;
    // Text nodes share their ancestors: each element's display is read once per check.
    const displays = new Map<Element, string>();
    const display = (element: Element) => {
      if (!displays.has(element)) displays.set(element, getComputedStyle(element).display);
      return displays.get(element)!;
    };
    const inline = (node: Node, stop: Node) => {
      for (let at = node.parentElement; at && at !== stop; at = at.parentElement) if (!display(at).startsWith('inline')) return false;
      return true;
    };
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      // (the policy's own text is lint's to check; white space between two elements keeps them apart)
      if (node.parentElement?.closest('script, style, code, pre, svg, .policy-body, [data-redline-body]')) continue;
      if (!node.data.trim()) {
        previous = undefined;
        continue;
      }
      if (previous && previous.parentElement !== node.parentElement) {
        const common = (() => {
          let at: Node | null = previous.parentNode;
          while (at && !at.contains(node)) at = at.parentNode;
          return at;
        })();
        if (common && inline(previous, common) && inline(node, common) && /[\p{L}\d.:;)]$/u.test(previous.data) && /^[\p{L}\d(·]/u.test(node.data)) {
          problems.push(`runs together: "${previous.data.slice(-20)}" + "${node.data.slice(0, 20)}"`);
        }
      }
      previous = node;
    }
    return problems;
  }, loaded);
}

/** Which of the page's media rules apply at its present size: two widths alike in this lay the page out by the same rules. */
function mediaRules(page: Page): Promise<string> {
  return page.evaluate(() => {
    const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].filter((rule) => rule instanceof CSSMediaRule));
    return JSON.stringify(rules.map((rule) => rule.conditionText).filter((condition) => matchMedia(condition).matches).sort());
  });
}

/**
 * The page's style rules that could lay it out otherwise in the dark scheme than in the light one: a rule under a
 * `prefers-color-scheme` condition, or one for the reader's theme (`data-theme`) that sets anything but `color-scheme`
 * and colours. The site gives each colour for both schemes with light-dark(), which only colour values take, and so
 * without such a rule a page in dark has the light layout, with other colours (which axe checks in both schemes).
 */
function schemeDependentRules(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walk = (rules: CSSRuleList) => {
      for (const rule of rules) {
        if (rule instanceof CSSConditionRule && rule.conditionText.includes('prefers-color-scheme')) found.push(`@media ${rule.conditionText}`);
        if (rule instanceof CSSStyleRule && rule.selectorText.includes('data-theme')) {
          const properties = [...rule.style].filter((property) => property !== 'color-scheme' && !CSS.supports('color', rule.style.getPropertyValue(property).trim()));
          if (properties.length) found.push(`${rule.selectorText} sets ${properties.join(', ')}`);
        }
        if ('cssRules' in rule) walk((rule as CSSGroupingRule).cssRules);
      }
    };
    for (const sheet of document.styleSheets) walk(sheet.cssRules);
    return found;
  });
}

// Each page type is checked at each width in the file's one tab, in the light scheme: the dark one changes colours
// only, which is checked on the page's own stylesheets (schemeDependentRules). A shift as the page loads depends on
// the stylesheet's rules at the width it loads at: the page is loaded again at each width where other media rules
// apply, and resized to the widths whose rules it was already loaded under (390 px after 320, 1920 after 1280).
describe.each(PAGES)('the layout of %s', (path) => {
  it(`at ${WIDTHS.join(', ')} px: no overflow or shift, whole words in the navigation, no run-ins; in dark, other colours only`, async () => {
    const found: string[] = [];
    const loadedUnder = new Set<string>();
    let page: Page | undefined;
    for (const width of WIDTHS) {
      if (page) await page.setViewportSize({ width, height: 900 });
      const loaded = !page || !loadedUnder.has(await mediaRules(page));
      if (loaded) {
        page = await visitSample(site, path, { width });
        loadedUnder.add(await mediaRules(page));
        // The stylesheets are the same at every width: read once.
        if (loadedUnder.size === 1) found.push(...(await schemeDependentRules(page)).map((rule) => `in dark, not only colours change: ${rule}`));
      }
      let problems = await layoutProblems(page!, loaded);
      // A shift the page's design makes comes back on every load; one a busy machine's timing made (a paint between
      // two stylesheets' arrival, say) does not: a page that moved is loaded once more and judged on that load.
      if (problems.some((problem) => problem.startsWith('moves as it loads'))) problems = await layoutProblems((page = await visitSample(site, path, { width })), true);
      found.push(...problems.map((problem) => `${width} px: ${problem}`));
    }
    expect(found).toEqual([]);
  });
});

describe('reading and reviewing', () => {
  it('keeps the contents in view beside the policy on a wide screen and marks the section being read', async () => {
    const page = await site.visit('', { width: 1280 });
    await page.evaluate(() => {
      document.getElementById('specific-process')!.scrollIntoView();
      window.scrollBy(0, 40);
    });
    await expect.poll(() => page.locator('.toc a[aria-current]').textContent(), { timeout: 10_000 }).toBe('Specific process');
    const box = await page.locator('.toc').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(900);
    expect(await page.locator('.site-header nav a[aria-current="page"]').textContent()).toBe('Policy');
  });

  it('gives each side-by-side column at least 45 characters at 1280 px, each headed by its version', async () => {
    const page = await site.visit('releases/3.19/changes/side-by-side/', { width: 1280 });
    const widths = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.textContent = 'x'.repeat(45);
      document.querySelector('.redline-new p')!.append(probe);
      const characters = probe.getBoundingClientRect().width;
      probe.remove();
      return { characters, columns: [...document.querySelector('.redline-row')!.children].map((side) => side.getBoundingClientRect().width) };
    });
    for (const column of widths.columns) expect(column).toBeGreaterThanOrEqual(widths.characters);
    expect(await page.locator('.redline-columns p').allTextContents()).toEqual(['Version 3.18, 2018-04-27', 'Version 3.19, 2018-05-09']);
  });

  it.each([true, false])('folds long unchanged runs, which open with script %s', async (javaScriptEnabled) => {
    const page = await site.visit('releases/3.23/changes/', { width: 390, javaScriptEnabled });
    const fold = page.locator('li.redline-fold > details').first();
    expect(await fold.locator('summary').textContent()).toMatch(/^\d+ unchanged list items$/);
    const item = fold.locator('li').first();
    expect(await item.isVisible()).toBe(false);
    await fold.locator('summary').click();
    expect(await item.isVisible()).toBe(true);
    // Only changes are folded out of sight: every <ins> and <del> stays outside a fold.
    expect(await page.locator('.redline-fold :is(ins, del)').count()).toBe(0);
  });

  it('leads a proposal version with its redline, its mail text folded and never wrapped a second time', async () => {
    const page = await site.visit('proposals/cve-note/v2/', { width: 1280 });
    expect((await page.locator('#redline-title').boundingBox())!.y).toBeLessThan(900);
    const cover = page.locator('details.mail-fold:has([data-cover])');
    expect(await cover.getAttribute('open')).toBeNull();
    expect((await cover.boundingBox())!.y).toBeLessThan((await page.locator('#redline-title').boundingBox())!.y);
    expect((await page.locator('[data-patches]').boundingBox())!.y).toBeGreaterThan((await page.locator('[data-redline-body]').boundingBox())!.y);
    await cover.locator('summary').click();
    // 72 columns of the mail's own type fit inside the box, so a 72-column line stays one line.
    const fits = (probeText: string) =>
      page.locator('[data-cover]').evaluate((pre, text) => {
        const probe = document.createElement('span');
        probe.textContent = text;
        pre.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        const style = getComputedStyle(pre);
        return { room: pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight), width, wraps: style.whiteSpace !== 'pre' };
      }, probeText);
    const wide = await fits('x'.repeat(72));
    expect(wide.wraps).toBe(false);
    expect(wide.room).toBeGreaterThanOrEqual(wide.width);
    // On a phone the box scrolls sideways, not the page.
    await page.setViewportSize({ width: 320, height: 900 });
    const narrow = await page.locator('[data-cover]').evaluate((pre) => ({ box: pre.scrollWidth > pre.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth, overflow: getComputedStyle(pre).overflowX }));
    expect(narrow).toEqual({ box: true, page: 0, overflow: 'auto' });
  });

  it('draws the releases as bars with their counts on the history page', async () => {
    const page = await site.visit('history/', { width: 390 });
    const labels = await page.locator('svg.timeline .timeline-label').allTextContents();
    expect(labels.slice(0, 6)).toEqual(['3.18', '3.19', '3.20', '3.21', '3.22', '3.23']);
    expect(await page.locator('svg.timeline desc').textContent()).toMatch(/version 3\.23 \(2019-08-08\): \d+ changes?/);
  });
});
