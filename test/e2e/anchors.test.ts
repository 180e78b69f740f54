/** Self-links on headings and pilcrow links on paragraphs and list items: shown on hover and focus, and they resolve. */
import { describe, expect, it } from 'vitest';
import { useBrowserSite, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';

const site = useBrowserSite(await builtSite());

/** How visible the link's mark is: its opacity, or 0 when its `::before` (the § or ¶) is not drawn. */
function markOpacity(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (link) => (getComputedStyle(link, '::before').content === 'none' ? 0 : Number(getComputedStyle(link).opacity)));
}

/** Follows each link in the page (as a click does) and reports the ones that do not make their block the :target. */
function unresolvedLinks(page: Page, links: { id: string; selector: string }[]): Promise<string[]> {
  return page.evaluate((all) => all.filter(({ id, selector }) => {
    const link = document.querySelector<HTMLAnchorElement>(selector);
    if (!link) return true;
    link.click();
    const target = document.querySelector(':target');
    return location.hash !== `#${id}` || target?.id !== id;
  }).map(({ id }) => id), links);
}

describe.each(['', 'sections/pre-disclosure-list/', 'sections/specific-process/'])('anchors on /%s', (path) => {
  it('every heading of the policy has an id and a self-link, hidden until the heading is hovered or the link focused, that lands on it', async () => {
    const page = await site.visit(path);
    const headings = await page.$$eval('article.policy :is(h1, h2, h3, h4, h5, h6)', (elements) => elements.map((element) => ({ id: element.id, level: element.tagName })));
    const ids = headings.map(({ id }) => id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids, 'a heading without id').not.toContain('');
    const links = ids.map((id) => ({ id, selector: `[id="${id}"] > a.self-link[href="#${id}"]` }));
    const unnamed = await page.$$eval('article.policy :is(h1, h2, h3, h4, h5, h6) > a.self-link', (all) => all.filter((a) => !/\S/.test(a.getAttribute('aria-label') ?? '')).map((a) => a.getAttribute('href')));
    expect(unnamed, 'self-links without a name').toEqual([]);
    // As a reader does it, for the first heading of each level (the style rules name the levels) and the last one: hidden
    // at rest, shown on hover and on focus, and a click lands on the heading.
    const levels = [...Map.groupBy(links, (_, index) => headings[index]!.level).values()].map((ofLevel) => ofLevel[0]!);
    for (const { id, selector } of new Set([...levels, links.at(-1)!])) {
      await page.mouse.move(0, 0);
      expect(await markOpacity(page, selector), `${id}: self-link hidden at rest`).toBe(0);
      await page.hover(`[id="${id}"]`);
      expect(await markOpacity(page, selector), `${id}: self-link shown on hover`).toBe(1);
      await page.mouse.move(0, 0);
      await page.focus(selector);
      expect(await markOpacity(page, selector), `${id}: self-link shown on focus`).toBe(1);
      await page.click(selector);
      expect(await page.evaluate(() => location.hash)).toBe(`#${id}`);
      expect(await page.$eval(`[id="${id}"]`, (element) => element.matches(':target'))).toBe(true);
    }
    // Every other one is followed in the page (after the above: a heading that is the :target shows its link).
    expect(await unresolvedLinks(page, links)).toEqual([]);
  });

  it('every paragraph and list item has an anchor <section>-pN whose pilcrow link lands on it', async () => {
    const page = await site.visit(path);
    const unanchored = await page.$$eval('.policy-body :is(p, li):not([id])', (elements) => elements
      // The first paragraph of a loose list item shares the item's anchor.
      .filter((element) => !(element.tagName === 'P' && element.parentElement?.matches('li[id]') && element === element.parentElement.firstElementChild))
      .map((element) => element.textContent?.slice(0, 60)));
    expect(unanchored, 'paragraphs and list items without an anchor').toEqual([]);
    const blocks = await page.$$eval('.policy-body :is(p, li)[id]', (elements) => elements.map((element) => ({
      id: element.id,
      section: element.closest('section')?.dataset.section ?? '',
      // The block's own pilcrow: inside it, not inside a nested block with an anchor of its own.
      pilcrows: [...element.querySelectorAll(`a.pilcrow[href="#${element.id}"]`)].filter((a) => a.closest('p[id], li[id]') === element).length,
    })));
    expect(blocks.length).toBeGreaterThan(0);
    for (const { id, section, pilcrows } of blocks) {
      expect(id).toMatch(new RegExp(`^${section}-p\\d+$`));
      expect(pilcrows, `#${id} holds its pilcrow`).toBe(1);
    }
    const links = blocks.map(({ id }) => ({ id, selector: `a.pilcrow[href="#${id}"]` }));
    expect(await unresolvedLinks(page, links)).toEqual([]);
    // As a reader does it, for the first, a middle and the last block: hover shows the pilcrow; a click lands in view.
    for (const { id, selector } of [links[0]!, links[Math.floor(links.length / 2)]!, links.at(-1)!]) {
      await page.mouse.move(0, 0);
      expect(await markOpacity(page, selector), `${id}: pilcrow hidden at rest`).toBe(0);
      await page.hover(`[id="${id}"]`);
      expect(await markOpacity(page, selector), `${id}: pilcrow shown on hover`).toBe(1);
      await page.click(selector);
      expect(await page.evaluate(() => location.hash)).toBe(`#${id}`);
      const box = await page.$eval(`[id="${id}"]`, (element) => element.getBoundingClientRect().toJSON() as DOMRect);
      expect(box.bottom > 0 && box.top < 900, `#${id} is in view`).toBe(true);
    }
  });
});

describe('a permalink opened afresh', () => {
  it('lands on its paragraph', async () => {
    const page = await site.visit('sections/embargo-and-disclosure-schedule/#embargo-and-disclosure-schedule-p3');
    expect(await page.$eval('#embargo-and-disclosure-schedule-p3', (element) => element.matches(':target'))).toBe(true);
    const top = await page.$eval('#embargo-and-disclosure-schedule-p3', (element) => element.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(900);
  });
});
