/** Dark mode: follows the system by default, and a switch cycles system → light → dark, remembered across reloads. */
import { describe, expect, it } from 'vitest';
import { useBrowserSite, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';

const site = useBrowserSite(await builtSite());

/** The page background as [r, g, b]. */
async function background(page: Page): Promise<[number, number, number]> {
  const colour = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r = 0, g = 0, b = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return [r, g, b];
}

/** Relative luminance in 0..1, enough to tell a light page from a dark one. */
async function luminance(page: Page): Promise<number> {
  const [r, g, b] = await background(page);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const isLight = async (page: Page) => (await luminance(page)) > 0.8;
const isDark = async (page: Page) => (await luminance(page)) < 0.2;
const toggle = 'button[data-theme-toggle]';

describe('the theme', () => {
  it('follows the system colour scheme while the choice is "system"', async () => {
    const page = await site.visit('', { colorScheme: 'light' });
    expect(await page.textContent(toggle)).toBe('Theme: system');
    expect(await isLight(page)).toBe(true);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await isDark(page)).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await isLight(page)).toBe(true);
  });

  it('cycles system → light → dark → system on click, changes the colours and keeps the choice across reloads', async () => {
    // A dark system, so that choosing "light" visibly overrides it.
    const page = await site.visit('sections/introduction/', { colorScheme: 'dark' });
    expect(await isDark(page)).toBe(true);

    await page.click(toggle);
    expect(await page.textContent(toggle)).toBe('Theme: light');
    expect(await isLight(page)).toBe(true);
    await page.reload();
    expect(await page.textContent(toggle)).toBe('Theme: light');
    expect(await isLight(page)).toBe(true);

    await page.click(toggle);
    expect(await page.textContent(toggle)).toBe('Theme: dark');
    expect(await isDark(page)).toBe(true);
    // The choice holds on other pages, and whatever the system says.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(site.url(''));
    expect(await page.textContent(toggle)).toBe('Theme: dark');
    expect(await isDark(page)).toBe(true);

    await page.click(toggle);
    expect(await page.textContent(toggle)).toBe('Theme: system');
    expect(await isLight(page)).toBe(true);
    await page.reload();
    expect(await page.textContent(toggle)).toBe('Theme: system');
    expect(await page.evaluate(() => localStorage.getItem('theme'))).toBeNull();
  });

  it('applies a saved choice before the first paint, so a dark page never flashes light', async () => {
    // A context of its own: the init script stays with the page.
    const page = await site.open('', { colorScheme: 'light' });
    await page.click(toggle);
    await page.click(toggle);
    expect(await page.textContent(toggle)).toBe('Theme: dark');
    // Record the theme at the first moment the body exists, before any stylesheet-dependent paint.
    await page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive') (window as unknown as { firstTheme: string | undefined }).firstTheme = document.documentElement.dataset.theme;
      }, { once: true });
    });
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { firstTheme: string | undefined }).firstTheme)).toBe('dark');
    await page.close();
  });

  it('is announced as a button with its current state, and is reachable by keyboard', async () => {
    const page = await site.visit('');
    const button = page.locator(toggle);
    expect(await button.evaluate((element) => element.tagName)).toBe('BUTTON');
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.textContent()).toBe('Theme: light');
    await page.keyboard.press('Space');
    expect(await button.textContent()).toBe('Theme: dark');
  });

  it('without script, the switch is not shown and the page still follows the system', async () => {
    const page = await site.visit('', { javaScriptEnabled: false, colorScheme: 'dark' });
    expect(await page.isVisible(toggle)).toBe(false);
    expect(await isDark(page)).toBe(true);
  });
});
