/** The site built for a sub-path (as GitHub Pages serves a project site): every link, asset and search result stays under it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { select, selectAll } from 'hast-util-select';
import { readPage, sitePages } from '../site/html.ts';
import { launchBrowser, openPage, serveSite, type Browser, type SiteServer } from '../support/browser.ts';
import { removeCopy, siteCopy } from '../hostile/support/site-copy.ts';
import { tempDir } from '../support/temp.ts';

const BASE = '/xen-policy/';
const SITE_URL = 'https://example.github.io';
let siteDir: string;
let server: SiteServer;
let browser: Browser;

beforeAll(async () => {
  siteDir = path.join(tempDir('policy-base-path-'), 'dist'); // the output is a link to the site beside it
  // The same build as the shared one (test/support/build-site.ts), only under another base.
  // In a copy of the repository: two Astro builds in one folder at once trip over each other's files.
  const copy = siteCopy({ prefix: 'policy-base-path-copy-' });
  // Vitest puts Vite's own variables (BASE_URL = "/", MODE, …) into the environment; a build must not inherit them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*)$/.test(name)));
  const build = spawnSync(path.join(copy, 'node_modules', '.bin', 'astro'), ['build', '--silent'], {
    cwd: copy,
    env: {
      ...env,
      // The project's Node first, as npm scripts have it (the machine's own may be too old for Astro).
      PATH: `${path.join(copy, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      POLICY_OUT_DIR: siteDir,
      BASE_PATH: BASE,
      SITE_URL,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    encoding: 'utf8',
  });
  expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
  removeCopy(copy);
  [server, browser] = await Promise.all([serveSite(siteDir, { base: BASE }), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all([server?.close(), browser?.close()]);
});

/** Every address a page refers to (links, stylesheets, scripts, images), as written. */
function references(pagePath: string): string[] {
  const tree = readPage(siteDir, pagePath);
  return [
    ...selectAll('a[href], link[href]', tree).map((element) => String(element.properties.href)),
    ...selectAll('script[src], img[src]', tree).map((element) => String(element.properties.src)),
    ...selectAll('[data-bundle-path]', tree).map((element) => `${String(element.properties.dataBundlePath)}pagefind.js`),
  ];
}

const anchors = new Map<string, Set<string>>();
/** The ids of a built page, read once. */
function anchorsOf(pagePath: string): Set<string> {
  if (!anchors.has(pagePath)) anchors.set(pagePath, new Set(selectAll('[id]', readPage(siteDir, pagePath)).map((element) => String(element.properties.id))));
  return anchors.get(pagePath)!;
}

describe(`the site built under ${BASE}`, () => {
  it('refers only to addresses under the base that exist, with fragments that exist on their page', async () => {
    const pages = sitePages(siteDir);
    expect(pages.length).toBeGreaterThan(10);
    const checked = new Map<string, number>();
    const broken: string[] = [];
    for (const page of pages) {
      // The 404 page is served at whatever address was missing.
      const pageUrl = server.url(page === '/404.html' ? 'no-such-page/' : page.slice(1));
      for (const reference of references(page)) {
        if (reference.startsWith('#')) {
          if (!anchorsOf(page).has(decodeURIComponent(reference.slice(1)))) broken.push(`${page} → ${reference} (no such anchor)`);
          continue;
        }
        const url = new URL(reference, pageUrl);
        if (url.origin !== server.origin) continue;
        const target = url.pathname;
        if (!target.startsWith(BASE)) {
          broken.push(`${page} → ${url.href} (outside ${BASE})`);
          continue;
        }
        if (!checked.has(target)) {
          const response = await fetch(new URL(target, server.origin));
          await response.arrayBuffer(); // read to the end, so the connection is free for the next request
          checked.set(target, response.status);
        }
        if (checked.get(target) !== 200) broken.push(`${page} → ${url.href} (${checked.get(target)})`);
        else if (url.hash && target.endsWith('/')) {
          if (!anchorsOf(`/${target.slice(BASE.length)}`).has(decodeURIComponent(url.hash.slice(1)))) broken.push(`${page} → ${url.href} (no such anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked.size).toBeGreaterThan(pages.length);
  });

  it('gives canonical URLs and sitemap entries under the base', () => {
    const canonical = select('link[rel~="canonical"]', readPage(siteDir, '/sections/introduction/'))?.properties.href;
    expect(canonical).toBe(`${SITE_URL}${BASE}sections/introduction/`);
    const sitemap = readFileSync(path.join(siteDir, 'sitemap-0.xml'), 'utf8');
    const urls = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    expect(urls).toContain(`${SITE_URL}${BASE}sections/introduction/`);
    for (const url of urls) expect(url.startsWith(`${SITE_URL}${BASE}`), url).toBe(true);
  });

  it('is styled, runs its theme switch and finds words with search', async () => {
    const page = await openPage(browser, server.url('search/'));
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')!).position)).toBe('absolute');
    expect(await page.isVisible('button[data-theme-toggle]')).toBe(true);
    await page.fill('#search input', 'embargo');
    await page.waitForSelector('#search .pagefind-ui__result-link');
    const hrefs = await page.$$eval('#search .pagefind-ui__result-link', (links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href.startsWith(BASE), href).toBe(true);
    await page.close();
  });

  it('serves its 404 page, styled, for an address under the base that does not exist', async () => {
    const page = await openPage(browser, server.url('no-such-page/'));
    expect(await page.textContent('h1')).toMatch(/not found/i);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')!).position)).toBe('absolute');
    expect(await page.$$eval('main a', (links) => links.map((link) => link.getAttribute('href')))).toContain(BASE);
    await page.close();
  });
});
