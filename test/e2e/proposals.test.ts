/**
 * The proposal pages in Chromium: the list, a version with its redlines and patches, the downloads. axe-core checks every
 * page type as loaded in test/e2e/axe*.test.ts; here, the states that only a reader's steps reach, and all rules in
 * the dark scheme and at a phone's width.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { axeViolations, formatViolations, useBrowserSite, watchPageErrors, type Page } from '../support/browser.ts';
import { builtSite } from '../support/site.ts';

const siteDir = await builtSite();
const site = useBrowserSite(siteDir);
const ROOT = path.resolve(import.meta.dirname, '../..');
const spelling = 'proposals/fix-spelling-mistakes/';

/** The shipped metadata of a proposal. */
function metadata(slug: string): { title: string; status: string; versions: { version: number; author: string; patches: number; discussion?: string }[] } {
  return parse(readFileSync(path.join(ROOT, 'content/proposals', slug, 'proposal.yaml'), 'utf8'));
}

/** The texts of the insertions and deletions inside the page's redline. */
async function marks(page: Page): Promise<{ ins: string[]; del: string[] }> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-proposal-redline]')!;
    const texts = (selector: string) => [...root.querySelectorAll(selector)].map((node) => node.textContent!.trim()).filter(Boolean);
    return { ins: texts('ins'), del: texts('del') };
  });
}

async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe('the proposals list', () => {
  it('shows every proposal with status, latest version, author, date and discussion', async () => {
    const page = await site.visit('proposals/');
    const errors = watchPageErrors(page);
    const rows = await page.locator('[data-proposals] tbody tr').evaluateAll((trs) => trs.map((tr) => ({ slug: tr.getAttribute('data-proposal'), cells: [...tr.children].map((cell) => cell.textContent!.trim()) })));
    const bySlug = new Map(rows.map((row) => [row.slug, row.cells]));
    for (const slug of ['fix-spelling-mistakes', 'cve-note']) {
      const shipped = metadata(slug);
      const latest = shipped.versions.at(-1)!;
      const cells = bySlug.get(slug)!;
      expect(cells[0]).toBe(shipped.title);
      expect(cells[1]).toContain('Open');
      expect(cells[1]).toContain('Example');
      expect(cells[2]).toBe(`v${latest.version}`);
      expect(cells[3]).toBe(latest.author);
      expect(cells[4]).toMatch(/^\d{1,2} \w+ \d{4}$/);
      // The shipped examples were never sent to a list, so they link no thread rather than a made-up one.
      expect(latest.discussion).toBeUndefined();
      expect(cells[5]).toBe('None: an example, never sent');
    }
    expect(bySlug.get('cve-note')![0]).toMatch(/^Example:/);
    expect(errors).toEqual([]);
  });

  it('has an Atom feed with every proposal version, linked from the list', async () => {
    const feed = readFileSync(path.join(siteDir, 'proposals/feed.xml'), 'utf8');
    const versions = ['fix-spelling-mistakes', 'cve-note'].flatMap((slug) => metadata(slug).versions.map((version) => `/proposals/${slug}/v${version.version}/`));
    // One entry per version, and one per review of a version whose thread holds replies (v2 of Fix spelling mistakes).
    expect(feed.match(/<entry>/g)).toHaveLength(versions.length + 1);
    for (const version of versions) expect(feed).toContain(`<id>https://security-policy.example.org${version}</id>`);
    expect(feed).toContain(`<id>https://security-policy.example.org/${spelling}v2/#review-title</id>`);
    expect(feed).toMatch(/<title>Proposal: Fix spelling mistakes \(v2, open\)<\/title>/);
    const page = await site.visit('proposals/');
    await expect(page.locator('link[rel="alternate"][type="application/atom+xml"][href$="proposals/feed.xml"]').count()).resolves.toBe(1);
  });

  it('keeps proposals out of the site search, which finds only the published policy', async () => {
    for (const page of ['proposals/', 'proposals/cve-note/', `${spelling}v2/`, `${spelling}v2/text/`, `${spelling}v2/patches/1/`, `${spelling}v2/since-previous/side-by-side/`]) {
      const html = readFileSync(path.join(siteDir, page, 'index.html'), 'utf8');
      expect(html, page).not.toContain('data-pagefind-body');
    }
  });

  it('is linked from the site navigation', async () => {
    const page = await site.visit('');
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Proposals' }).click();
    await page.waitForURL(/\/proposals\/$/);
  });
});

describe('a proposal version', () => {
  it('shows its redline against the base, the cover letter and each patch with its message', async () => {
    const page = await site.visit(`${spelling}v2/`);
    const errors = watchPageErrors(page);
    const { ins, del } = await marks(page);
    for (const word of ['controversial', 'xen-announce', 'existence', 'likely', 'Initial']) expect(ins.join(' ')).toContain(word);
    for (const word of ['controverial', 'xen-annnounce', 'existance', 'likey', 'Intial']) expect(del.join(' ')).toContain(word);
    await expect(page.locator('[data-cover]').textContent()).resolves.toContain('Changes since v1');
    const patches = await page.locator('[data-patches] > li h3').allTextContents();
    expect(patches).toEqual([
      '1/3: Fix spelling mistakes in the specific process',
      '2/3: Fix existence, likely, initial and a stray word',
      '3/3: Fix the stale reference in step 3.5',
    ]);
    await expect(page.locator('[data-patch="3"] pre').textContent()).resolves.toContain('so the reference is (1)-(4)');
    expect(errors).toEqual([]);
  });

  it('shows in the v1-to-v2 redline only what v2 added', async () => {
    const page = await site.visit(`${spelling}v2/since-previous/`);
    const { ins, del } = await marks(page);
    // v2 adds the stray "to" and the (b)-(f) reference; the fixes v1 already made are no change between the rounds.
    expect(ins.length).toBeGreaterThan(0);
    for (const text of ins) expect('(1)-(4)').toContain(text);
    for (const text of del) expect(['(b)-(f)', 'to'].some((removed) => removed.includes(text))).toBe(true);
    expect(del).toContain('to');
    const sections = await page.locator('.redline-summary li > a:first-child').allTextContents();
    expect(sections).toEqual(['Specific process', 'Predisclosure list membership application process']);
    const accepted = await page.locator('[data-redline-body]').evaluate((body) => {
      const copy = body.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('del').forEach((node) => node.remove());
      // Compared without white space: the redline may space its marks apart.
      return copy.textContent!.replace(/\s+/g, '');
    });
    expect(accepted).toContain('includinginformationfrom(1)-(4)');
    expect(accepted).toContain('specificallytherequirementsregardingconfidentiality');
    // The redline's own script runs under the page's Content-Security-Policy: "n" steps to the first change.
    await page.keyboard.press('n');
    // The script moves to the change in its key handler: read the address once the handler has run.
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#change-1');
    await expectAccessible(page);
  });

  it('gives each patch its own redline: the policy before and after that patch', async () => {
    const page = await site.visit(`${spelling}v2/patches/3/`);
    const { ins, del } = await marks(page);
    expect(ins.length).toBeGreaterThan(0);
    for (const text of ins) expect('(1)-(4)').toContain(text);
    for (const text of del) expect('(b)-(f)').toContain(text);
    await expect(page.locator('[data-patch-message]').textContent()).resolves.toContain('so the reference is (1)-(4)');
  });

  for (const view of ['side-by-side/', 'since-previous/side-by-side/', 'text/']) {
    it(`has a ${view} page that loads without an error`, async () => {
      const page = await site.visit(`${spelling}v2/${view}`);
      const errors = watchPageErrors(page);
      await page.reload();
      expect(errors).toEqual([]);
    });
  }

  it('shows the proposed text as the policy would read', async () => {
    const page = await site.visit(`${spelling}v2/text/`);
    const text = await page.locator('[data-proposed-text]').textContent();
    expect(text).toContain('including information from (1)-(4)');
    expect(text).not.toContain('controverial');
  });

  it('offers the mbox as received and the standalone redline for download', async () => {
    const page = await site.visit(`${spelling}v1/`);
    const mboxHref = await page.locator('a[data-download="mbox"]').getAttribute('href');
    const mbox = await page.request.get(new URL(mboxHref!, page.url()).href);
    expect(Buffer.from(await mbox.body())).toEqual(readFileSync(path.join(ROOT, `content/${spelling}v1.mbox`)));
    const redlineHref = await page.locator('a[data-download="redline"]').getAttribute('href');
    const redline = await page.request.get(new URL(redlineHref!, page.url()).href);
    const html = await redline.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('controversial');
    expect(html).not.toMatch(/<link[^>]+stylesheet|<script[^>]+src=/);
  });

  // In dark mode, axe-proposals.test.ts checks the colour rules (all that the scheme changes) on these pages and every
  // other proposal sample; at a phone's width the layout changes what rules such as target-size see, so all run here.
  it('stays accessible on a phone', async () => {
    for (const [pagePath, options] of [
      ['proposals/', { width: 390 }],
      [`${spelling}v2/patches/2/`, { width: 390 }],
    ] as const) {
      const page = await site.visit(pagePath, options);
      const violations = await axeViolations(page);
      expect(violations, `${pagePath} ${JSON.stringify(options)}\n${formatViolations(violations)}`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${pagePath} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });

  it('has an overview of a proposal and its versions', async () => {
    const page = await site.visit('proposals/cve-note/');
    await expect(page.locator('.proposal-version-list li').count()).resolves.toBe(metadata('cve-note').versions.length);
  });
});
