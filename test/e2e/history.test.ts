/**
 * The version history in Chromium: the list, release pages, redlines with their keys and views, compare, feed. axe-core
 * checks every page type as loaded in test/e2e/axe*.test.ts; here, the compare page's result, which only script makes.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, formatViolations, useBrowserSite, watchPageErrors, type OpenOptions, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';

const site = useBrowserSite(await builtSite());

/** Goes to a site path in the file's tab, watching for errors from the first request, so a blocked script (CSP) is caught too. */
async function open(sitePath: string, options: OpenOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await site.tab(options);
  const errors = watchPageErrors(page);
  await page.goto(site.url(sitePath), { waitUntil: 'load' });
  return { page, errors };
}

/** Errors that matter: a request the browser itself aborts because the test navigated away is not one. */
function serious(errors: string[]): string[] {
  return errors.filter((error) => !/net::ERR_ABORTED/.test(error));
}

async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, formatViolations(violations)).toEqual([]);
}

/** Texts of the insertions and deletions in the redline body under `root`. */
function marks(page: Page, root = 'body'): Promise<{ ins: string[]; del: string[] }> {
  return page.evaluate((selector) => {
    const body = document.querySelector(`${selector} [data-redline-body]`)!;
    const texts = (tag: string) => [...body.querySelectorAll(tag)].map((node) => node.textContent!.replace(/\s+/g, ' ').trim()).filter(Boolean);
    return { ins: texts('ins'), del: texts('del') };
  }, root);
}

describe('the history list and the release pages', () => {
  it('lists every release and leads from one release to the next and back', async () => {
    const { page, errors } = await open('history/');
    expect(await page.locator('[data-history-list] > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-version')))).toEqual(['3.23', '3.22', '3.21', '3.20', '3.19', '3.18']);

    await page.getByRole('link', { name: 'Version 3.21', exact: true }).click();
    await page.waitForURL(/\/releases\/3\.21\/$/);
    await expect.poll(() => page.locator('[data-policy-version]').textContent(), { timeout: 10_000 }).toBe('3.21');
    expect(await page.locator('[data-release-notice]').textContent()).toContain('Version 3.21 is not the current version');

    await page.locator('[data-release-notice] a[rel="next"]').click();
    await page.waitForURL(/\/releases\/3\.22\/$/);
    await page.locator('[data-release-notice] a[rel="prev"]').click();
    await page.waitForURL(/\/releases\/3\.21\/$/);
    await page.locator('[data-current-link]').click();
    await page.waitForURL(site.url(''));
    expect(serious(errors)).toEqual([]);
  });

  it('marks the newest release as current', async () => {
    const { page } = await open('releases/3.23/');
    expect(await page.locator('[data-release-notice]').getAttribute('data-current')).toBe('true');
    expect(await page.locator('[data-release-notice] a[rel="next"]').count()).toBe(0);
  });
});

describe('the redline of a release', () => {
  it('shows v3.22 to v3.23 as DornerWorks Ltd and its Change History line inserted, nothing else', async () => {
    const { page, errors } = await open('releases/3.23/changes/');
    const { ins, del } = await marks(page);
    expect(del).toEqual([]);
    expect(ins.join(' | ')).toContain('DornerWorks Ltd');
    expect(ins.join(' | ')).toContain('v3.23 Aug 8th 2019: Added DornerWorks Ltd');
    expect(ins.every((text) => text.includes('DornerWorks'))).toBe(true);
    expect(serious(errors)).toEqual([]);
  });

  it('steps through the changes with n and p, and switches to side by side and back', async () => {
    const { page, errors } = await open('releases/3.19/changes/');
    // Only the changes' own <ins>/<del> are stops: not the Change History heading or its entries, whose ids also begin "change-".
    const changes = await page.locator('[data-redline-body] :is(ins, del)[id]').evaluateAll((nodes) => nodes.map((node) => node.id));
    expect(changes.length).toBeGreaterThan(1);
    expect(changes).toEqual(changes.map((_, index) => `change-${index + 1}`));
    expect(await page.locator('[data-redline-body] [id^="change-history"]').count()).toBeGreaterThan(0);
    // n steps through every change in order and stays on the last.
    for (const expected of [...changes, changes.at(-1)]) {
      await page.keyboard.press('n');
      await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${expected}`);
    }
    await page.keyboard.press('p');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${changes.at(-2)}`);

    await page.getByRole('link', { name: 'Side by side' }).click();
    await page.waitForURL(/\/releases\/3\.19\/changes\/side-by-side\/$/);
    expect(await page.locator('.redline-views a[aria-current="page"]').textContent()).toBe('Side by side');
    expect(await page.locator('[data-release-redline]').getAttribute('data-view')).toBe('side-by-side');
    await page.keyboard.press('n');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#change-/);
    await page.getByRole('link', { name: 'Inline' }).click();
    await page.waitForURL(/\/releases\/3\.19\/changes\/$/);
    expect(serious(errors)).toEqual([]);
  });

  it('is reached from a section page at that section', async () => {
    const { page, errors } = await open('sections/organizations-on-the-pre-disclosure-list/');
    expect(await page.locator('[data-section-history] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-version')))).toEqual(['3.23', '3.22', '3.21', '3.20', '3.19', '3.18']);
    await page.locator('[data-section-history] li[data-version="3.22"] a').click();
    await page.waitForURL(/\/releases\/3\.22\/changes\/#organizations-on-the-pre-disclosure-list$/);
    expect(await page.locator('#organizations-on-the-pre-disclosure-list').count()).toBe(1);
    expect((await marks(page)).del.join(' ')).toContain('Linode');
    expect(serious(errors)).toEqual([]);
  });
});

describe('the compare page', () => {
  it('compares the releases of a shared URL in the browser, and updates the URL for a new choice', async () => {
    const { page, errors } = await open('compare/?from=3.19&to=3.23');
    await page.locator('[data-compare-result][data-from="3.19"]:not([data-pending]) [data-redline-body]').waitFor();
    // The build's own pair gave way to the computed one without moving anything in view.
    const shift = await page.evaluate(async () => {
      // A shift is recorded once the frame that shows it is drawn: two frames on, every shift so far is in the buffer.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const observer = new PerformanceObserver(() => {});
      observer.observe({ type: 'layout-shift', buffered: true });
      const entries = observer.takeRecords() as unknown as { value: number }[];
      observer.disconnect();
      return entries.reduce((sum, entry) => sum + entry.value, 0);
    });
    expect(shift).toBeLessThan(0.01);
    expect(await page.locator('#compare-from').inputValue()).toBe('3.19');
    expect(await page.locator('#compare-to').inputValue()).toBe('3.23');
    expect(await page.locator('[data-compare-status]').textContent()).toMatch(/^Version 3\.19 to version 3\.23: \d+ changes in \d+ sections\. The \d+ unchanged sections are not shown\.$/);
    const { ins, del } = await marks(page, '[data-compare-result]');
    expect(ins.join(' ')).toContain('DornerWorks Ltd');
    expect(ins.join(' ')).toContain('XCP-ng.org');
    expect(del.join(' ')).toContain('Linode');
    await expectAccessible(page);
    await page.keyboard.press('n');
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toBe('#change-1');

    await page.locator('#compare-from').selectOption('3.22');
    await page.getByLabel('Side by side').check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/\?from=3\.22&to=3\.23&view=side-by-side$/, { timeout: 10_000 });
    await expect.poll(() => page.locator('[data-compare-result]').getAttribute('data-from'), { timeout: 10_000 }).toBe('3.22');
    expect(await page.locator('[data-compare-result] [data-redline-body]').getAttribute('data-view')).toBe('side-by-side');
    expect((await marks(page, '[data-compare-result]')).del).toEqual([]);
    await page.goBack();
    await expect.poll(() => page.locator('[data-compare-result]').getAttribute('data-from'), { timeout: 10_000 }).toBe('3.19');
    expect(serious(errors)).toEqual([]);
  });

  it('says so for a version that is no release', async () => {
    const { page } = await open('compare/?from=2.0&to=3.23');
    await expect.poll(() => page.locator('[data-compare-status]').textContent(), { timeout: 10_000 }).toBe('There is no release 2.0; choose versions from the lists.');
  });

  it('shows the newest release against the one before without script, and lists the pre-rendered redlines', async () => {
    const { page } = await open('compare/?from=3.19&to=3.23', { javaScriptEnabled: false });
    expect(await page.locator('[data-compare-status]').textContent()).toMatch(/^Version 3\.22 to version 3\.23: /);
    expect((await marks(page, '[data-compare-result]')).ins.join(' ')).toContain('DornerWorks Ltd');
    await page.getByRole('link', { name: '3.22 to 3.23' }).click();
    await page.waitForURL(/\/releases\/3\.23\/changes\/$/);
  });
});

describe('the feed', () => {
  it('parses as Atom with an entry per release and per proposal version, and every page links it', async () => {
    const { page } = await open('');
    const href = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
    const feed = await page.evaluate(async (url) => {
      const xml = new DOMParser().parseFromString(await (await fetch(url)).text(), 'application/xml');
      const atom = 'http://www.w3.org/2005/Atom';
      return {
        error: xml.getElementsByTagName('parsererror').length,
        root: `${xml.documentElement.namespaceURI} ${xml.documentElement.localName}`,
        id: xml.querySelector('feed > id')?.textContent,
        updated: xml.querySelector('feed > updated')?.textContent,
        entries: [...xml.getElementsByTagNameNS(atom, 'entry')].map((entry) => ({
          title: entry.getElementsByTagNameNS(atom, 'title')[0]?.textContent,
          id: entry.getElementsByTagNameNS(atom, 'id')[0]?.textContent,
          updated: entry.getElementsByTagNameNS(atom, 'updated')[0]?.textContent,
          link: entry.getElementsByTagNameNS(atom, 'link')[0]?.getAttribute('href'),
          category: entry.getElementsByTagNameNS(atom, 'category')[0]?.getAttribute('term'),
        })),
      };
    }, href!);
    expect(feed).toMatchObject({ error: 0, root: 'http://www.w3.org/2005/Atom feed', updated: feed.entries[0]?.updated });
    const releases = feed.entries.filter((entry) => entry.category === 'release');
    const proposals = feed.entries.filter((entry) => entry.category === 'proposal');
    // A version whose thread holds replies has a review entry too, linking its review on the version page.
    const reviews = feed.entries.filter((entry) => entry.category === 'review');
    expect(releases.length + proposals.length + reviews.length).toBe(feed.entries.length);
    expect([...proposals, ...reviews].map((entry) => entry.link)).toEqual([...proposals, ...reviews].map((entry) => entry.id));
    expect(reviews.map((entry) => entry.id?.replace(/^https:\/\/[^/]+/, ''))).toEqual(['/proposals/fix-spelling-mistakes/v2/#review-title']);
    expect(proposals.map((entry) => entry.id?.replace(/^https:\/\/[^/]+/, '')).sort()).toEqual(['/proposals/cve-note/v1/', '/proposals/cve-note/v2/', '/proposals/fix-spelling-mistakes/v1/', '/proposals/fix-spelling-mistakes/v2/']);
    const times = feed.entries.map((entry) => Date.parse(entry.updated!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(releases.map((entry) => entry.title)).toEqual([
      'Version 3.23: Added DornerWorks Ltd',
      'Version 3.22: Remove Linode',
      'Version 3.21: Added XCP-ng.org',
      'Version 3.20: Added Star Lab',
      'Version 3.19: Remove Google and Xen 3.4 stable tree maintainer from the predisclosure list',
      'Version 3.18: Added reference to SUPPORT.md',
    ]);
    for (const entry of releases) {
      expect(entry.id).toMatch(/^https:\/\/.*\/releases\/3\.\d+\/$/);
      expect(entry.updated).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
      expect(entry.link).toMatch(/^https:\/\/.*\/releases\/3\.\d+\/(changes\/)?$/);
    }
  });
});
