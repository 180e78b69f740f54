/** Keyboard use: the skip link comes first and moves focus to the content; every link is reachable and shows focus. */
import { describe, expect, it } from 'vitest';
import { useBrowserSite, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';

const site = useBrowserSite(await builtSite());

/** What matters about the focused element: a key to recognise it, and whether its focus can be seen. */
interface Focused {
  key: string;
  tag: string;
  inMain: boolean;
  /** A 2px or wider outline, or a box shadow, is drawn around it. */
  indicator: boolean;
  /** Its box and its mark (the § or ¶ of anchor links) are visible. */
  visible: boolean;
}

/** Describes document.activeElement; runs in the page. */
function describeFocused(): Focused | undefined {
  const element = document.activeElement as HTMLElement | null;
  if (!element || element === document.body) return undefined;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const indicator = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  const mark = getComputedStyle(element, '::before').content;
  return {
    key: `${element.tagName.toLowerCase()} ${element.getAttribute('href') ?? element.textContent?.trim() ?? ''} @${[...document.querySelectorAll(element.tagName)].indexOf(element)}`,
    tag: element.tagName.toLowerCase(),
    inMain: Boolean(element.closest('main')),
    indicator,
    visible: box.width > 0 && box.height > 0 && Number(style.opacity) > 0 && (mark === 'none' || mark !== ''),
  };
}

/** Describes the page's focused element. */
function focused(page: Page): Promise<Focused | undefined> {
  return page.evaluate(describeFocused);
}

/** Every element a keyboard user should reach: links and buttons that are shown. */
function reachable(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
    .filter((element) => !element.closest('[hidden]') && getComputedStyle(element).display !== 'none' && getComputedStyle(element).visibility !== 'hidden')
    .map((element) => `${element.tagName.toLowerCase()} ${element.getAttribute('href') ?? element.textContent?.trim() ?? ''} @${[...document.querySelectorAll(element.tagName)].indexOf(element)}`));
}

describe.each(['', 'sections/pre-disclosure-list/'])('keyboard use of /%s', (path) => {
  it('the skip link is the first stop, shows itself and moves focus to the main content', async () => {
    const page = await site.visit(path);
    await page.keyboard.press('Tab');
    const first = await focused(page);
    expect(first?.key).toMatch(/^a #main /);
    const box = await page.$eval('.skip-link', (link) => link.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.left >= 0 && box.top >= 0 && box.width > 0, 'the skip link is on screen when focused').toBe(true);
    expect(first?.indicator).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect((await focused(page))?.inMain, 'the next Tab stays in the content').toBe(true);
  });

  it('Tab reaches every link and button, each with a visible focus indicator', async () => {
    const page = await site.visit(path);
    const expected = await reachable(page);
    expect(expected.length).toBeGreaterThan(10);
    // The page records each element as Tab focuses it (described by `focused`, once its focus styles apply), so a step
    // is one key press, not a press and a question.
    await page.evaluate(`window.__focusWalk = []; document.addEventListener('focusin', () => window.__focusWalk.push((${describeFocused})()));`);
    for (let step = 0; step < expected.length + 5; step++) await page.keyboard.press('Tab');
    const walk = await page.evaluate(() => (window as unknown as { __focusWalk: (Focused | undefined)[] }).__focusWalk);
    const seen: string[] = [];
    const hidden: string[] = [];
    for (const now of walk) {
      if (!now || seen.includes(now.key)) break;
      seen.push(now.key);
      if (!now.indicator || !now.visible) hidden.push(now.key);
    }
    expect(expected.filter((key) => !seen.includes(key)), 'not reachable by Tab').toEqual([]);
    expect(hidden, 'focused without a visible indicator').toEqual([]);
  });

  it('Enter on a link of the table of contents or a pilcrow follows it', async () => {
    const page = await site.visit(path);
    const link = path ? 'a.pilcrow' : 'nav.toc ol a';
    const href = await page.$eval(link, (a) => a.getAttribute('href'));
    await page.focus(link);
    await page.keyboard.press('Enter');
    await page.waitForFunction((hash) => location.hash === hash, href);
  });
});
