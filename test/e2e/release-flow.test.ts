/**
 * The maintainer's flow end to end, in Chromium, on a scratch copy of this repository (its history and working tree):
 * a contributor's series is imported as a proposal and applied with git am, then released as 3.24, then two more
 * commits are made (one that changes the text, one that only rewrites the source), and the site is built. Release
 * 3.23 reads exactly as on the shipped site, 3.24 carries the series, the proposal says "Merged in 3.24", and the last
 * two commits are unreleased changes, never part of a release.
 *
 * The site is built for a sub-path, as GitHub Pages serves a project site, so the same build also shows that every
 * link, asset and search result stays under it, on every page type (the unreleased and merged-proposal pages too).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { select, selectAll } from 'hast-util-select';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage, sitePages } from '../site/html.ts';
import { launchBrowser, serveSite, type Browser, type Page, type SiteServer } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { loadPolicyHistory } from '../../src/lib/history/history.ts';
import { buildSite, repoRoot, siteCopy } from '../hostile/support/site-copy.ts';
import { builtSite } from '../support/site.ts';
import { GIT_TEST_ENV, gitSync as git, tempDir } from '../support/temp.ts';

const BASE = '/xen-policy/';
const SITE_URL = 'https://example.github.io';

/**
 * Runs `policy ...args` in the copy, in-process (runCli): the maintainer's commands are under test here, not their
 * process start, which test/cli covers; a process of its own cost a Node start and a load of every module each time.
 */
async function policy(cwd: string, args: string[]): Promise<string> {
  const run = await runCli(args, { cwd, env: GIT_TEST_ENV });
  if (run.code !== 0) throw new Error(`policy ${args.join(' ')} exited ${run.code}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}
const replaceInFile = (file: string, from: string, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

let browser: Browser;
/** The file's one tab, sent to every page in turn: a tab of its own per page cost Chromium a renderer process each. */
let tab: Page;
let shipped: SiteServer;
let flowed: SiteServer;
/** The folder of the site built after the flow. */
let siteDir: string;
let releaseOutput = '';
/** What the build printed: its progress, and no warning. */
let buildOutput = '';

beforeAll(async () => {
  const dir = siteCopy({ prefix: 'policy-release-flow-' });
  // The working tree under test laid over the copy is committed first, so the flow's commits hold only their own change.
  git(dir, ['add', '-A']);
  if (git(dir, ['status', '--porcelain', '--untracked-files=no'])) git(dir, ['commit', '-q', '-m', 'The working tree under test']);
  git(dir, ['config', 'user.name', 'Release Manager']);
  git(dir, ['config', 'user.email', 'releases@example.org']);
  // A contributor's one-patch series against the tip, as format-patch sends it.
  const base = git(dir, ['rev-parse', 'HEAD']);
  const mainline = git(dir, ['branch', '--show-current']);
  git(dir, ['switch', '-q', '-c', 'contributor']);
  replaceInFile(path.join(dir, 'content/policy/scope-of-this-process.md'), 'primarily covers', 'mainly covers');
  git(dir, ['commit', '-q', '-s', '-am', 'Say "mainly" rather than "primarily"']);
  const mbox = path.join(tempDir(), 'v1.mbox');
  writeFileSync(mbox, git(dir, ['format-patch', '--stdout', '--cover-letter', `--base=${base}`, `${base}..HEAD`]).replace('*** SUBJECT HERE ***', 'Plainer scope').replace('*** BLURB HERE ***', 'One word.') + '\n');
  git(dir, ['switch', '-q', mainline]);
  // The maintainer keeps it as a proposal, applies it, releases, and commits on.
  await policy(dir, ['import', mbox, '--proposal', 'plainer-scope', '--archive-url', '']);
  git(dir, ['add', 'content/proposals']);
  git(dir, ['commit', '-q', '-m', 'Proposals: plainer scope v1']);
  git(dir, ['am', '-q', '--empty=drop', mbox]);
  releaseOutput = await policy(dir, ['release', '3.24', '--summary', 'Plainer scope', '--date', '2026-12-01']);
  appendFileSync(path.join(dir, 'content/policy/introduction.md'), '\nThis paragraph was committed after release 3.24.\n');
  git(dir, ['commit', '-q', '-s', '-am', 'Add a paragraph after the release']);
  appendFileSync(path.join(dir, 'content/policy/pre-disclosure-list.md'), '\n\n');
  git(dir, ['commit', '-q', '-s', '-am', 'Only blank lines: the source changes, not the text']);
  const built = await buildSite(dir, { BASE_PATH: BASE, SITE_URL });
  if (built.code !== 0) throw new Error(`the scenario site did not build:\n${built.output}`);
  buildOutput = built.output;
  siteDir = path.join(dir, 'dist');
  [browser, shipped, flowed] = await Promise.all([launchBrowser(), serveSite(await builtSite()), serveSite(siteDir, { base: BASE })]);
  tab = await (await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 900 } })).newPage();
}, 900_000);

afterAll(async () => {
  await Promise.all([browser?.close(), shipped?.close(), flowed?.close()]);
});

/** The text of `selector` (inner HTML when `html`) on a page of a server. */
async function grab(server: SiteServer, sitePath: string, selector: string, html = false): Promise<string> {
  const response = await tab.goto(server.url(sitePath));
  expect(response?.status(), sitePath).toBe(200);
  const locator = tab.locator(selector).first();
  return html ? await locator.innerHTML() : ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('apply a series, release it, commit on, build', () => {
  it('built with no warning: nothing for the maintainer to look into in a build of a sound repository', () => {
    expect(buildOutput).toMatch(/\[build\] Complete!/);
    expect(buildOutput.split('\n').filter((line) => /\bWARN\b|warning/i.test(line))).toEqual([]);
  });

  it('said before committing what 3.24 would carry: the series, and any commit already unreleased on this project', () => {
    expect(releaseOutput).toMatch(/^Release 3\.24 will carry \d+ commits? to the policy since release 3\.23 \(commit [0-9a-f]{12}\):\n {2}[0-9a-f]{12} \S+ Say "mainly" rather than "primarily" \(Test Author\)\n/);
    expect(releaseOutput).toMatch(/\nSections changed since 3\.23, besides the new Change History entry:\n(?: {2}.*\n)* {2}Scope of this process: 1 replacement\n/);
    expect(releaseOutput).toMatch(/\nreleased v3\.24 \(was v3\.23\): commit [0-9a-f]{12}, tag policy-v3\.24\n/);
  });

  it('leaves release 3.23 as it was: the same text, the same redline, the same JSON', async () => {
    for (const [sitePath, selector] of [
      ['releases/3.23/', '[data-policy]'],
      ['releases/3.23/changes/', '[data-release-redline]'],
    ] as const) {
      expect(await grab(flowed, sitePath, selector, true), sitePath).toBe(await grab(shipped, sitePath, selector, true));
    }
    expect(await fetch(flowed.url('releases/3.23/policy.json')).then((response) => response.text())).toBe(await fetch(shipped.url('releases/3.23/policy.json')).then((response) => response.text()));
    expect(await grab(flowed, 'releases/3.23/', '[data-release-notice]')).toContain('Version 3.23 is not the current version');
  });

  it('gives 3.24 the series and nothing committed after it, and shows it as the policy in effect', async () => {
    const redline = await grab(flowed, 'releases/3.24/changes/', '[data-release-redline]', true);
    expect(redline).toMatch(/<del[^>]*>primarily<\/del>/);
    expect(redline).toMatch(/<ins[^>]*>mainly<\/ins>/);
    expect(redline).not.toContain('committed after release 3.24');
    const home = await grab(flowed, '', 'main');
    expect(home).toContain('mainly covers');
    expect(home).not.toContain('committed after release 3.24');
    expect(home).toContain('Changes committed since are not released yet');
  });

  it('marks the proposal merged in 3.24, linking the release', async () => {
    for (const sitePath of ['proposals/', 'proposals/plainer-scope/', 'proposals/plainer-scope/v1/']) {
      await tab.goto(flowed.url(sitePath));
      const status = tab.locator('[data-status]').first();
      expect(await status.textContent(), sitePath).toBe('Merged in 3.24');
      expect(await status.getAttribute('href'), sitePath).toMatch(/\/releases\/3\.24\/changes\/$/);
    }
    expect(await grab(flowed, 'proposals/plainer-scope/v1/', '[data-base]')).toMatch(/^unreleased commit [0-9a-f]{12} of .* \(after v3\.23\)$|^policy v3\.23 \([0-9a-f]{12}\)$/);
    const feed = await fetch(flowed.url('feed.xml')).then((response) => response.text());
    expect(feed).toContain('Proposal: Plainer scope (v1, merged in 3.24)');
  });

  it('tells a reviewer of an open proposal made on 3.23 that the policy has moved on to 3.24, and only there', () => {
    const movedOn = (page: string) => select('[data-moved-on]', readPage(siteDir, page))?.properties.dataMovedOn;
    expect(movedOn('/proposals/cve-note/v2/')).toBe('3.24');
    // (not on a superseded version, nor on the merged proposal)
    expect(movedOn('/proposals/cve-note/v1/')).toBeUndefined();
    expect(movedOn('/proposals/plainer-scope/v1/')).toBeUndefined();
  });

  it('shows the commits after 3.24 as unreleased changes: a page, first in the history, on the section it touches', async () => {
    const notice = await grab(flowed, 'unreleased/', '[data-unreleased-notice]');
    expect(notice).toContain('Not released.');
    expect(notice).toContain('The policy in effect is version 3.24');
    const commits = await grab(flowed, 'unreleased/', '[data-unreleased-commits]');
    expect(commits).toContain('Add a paragraph after the release');
    expect(commits).toContain('Only blank lines: the source changes, not the text');
    const redline = await grab(flowed, 'unreleased/', '[data-release-redline]', true);
    expect(redline).toContain('committed after release 3.24');
    expect(await grab(flowed, 'history/', 'main h2')).toContain('Unreleased changes');
    expect(await grab(flowed, 'sections/introduction/', '[data-section-history] li')).toContain('Unreleased changes');
    expect(await grab(flowed, 'sections/pre-disclosure-list/', '[data-section-history]')).not.toContain('Unreleased changes');
  });

  it('has an unreleased changes page on the shipped site exactly when its tip is not its newest release', async () => {
    const pending = (await loadPolicyHistory(repoRoot)).unreleased !== undefined;
    expect((await fetch(shipped.url('unreleased/'))).status).toBe(pending ? 200 : 404);
    expect((await grab(shipped, 'history/', 'main')).includes('Unreleased changes')).toBe(pending);
    // "Up to commit" names the newest commit to the policy, not a later commit of the site's code.
    if (pending) {
      await tab.goto(shipped.url('unreleased/'));
      expect(await tab.locator('[data-newest-change]').getAttribute('title')).toBe(git(repoRoot, ['log', '-1', '--format=%H', '--', 'content/policy', 'content/policy.yaml']));
    }
  });
});

/** What the link check needs of a built page: the addresses it refers to, as written, and the ids it has. */
interface PageLinks {
  references: string[];
  ids: Set<string>;
}

const pageLinks = new Map<string, PageLinks>();
/** A built page's references (links, stylesheets, scripts, images) and ids, from one parse of it, kept for the file. */
function linksOf(pagePath: string): PageLinks {
  let links = pageLinks.get(pagePath);
  if (!links) {
    const tree = readPage(siteDir, pagePath);
    links = {
      references: [
        ...selectAll('a[href], link[href]', tree).map((element) => String(element.properties.href)),
        ...selectAll('script[src], img[src]', tree).map((element) => String(element.properties.src)),
        ...selectAll('[data-bundle-path]', tree).map((element) => `${String(element.properties.dataBundlePath)}pagefind.js`),
      ],
      ids: new Set(selectAll('[id]', tree).map((element) => String(element.properties.id))),
    };
    pageLinks.set(pagePath, links);
  }
  return links;
}

describe(`the same site, built under ${BASE}`, () => {
  it('refers only to addresses under the base that exist, with fragments that exist on their page', async () => {
    const pages = sitePages(siteDir);
    expect(pages.length).toBeGreaterThan(10);
    const checked = new Map<string, number>();
    const broken: string[] = [];
    for (const page of pages) {
      // The 404 page is served at whatever address was missing.
      const pageUrl = flowed.url(page === '/404.html' ? 'no-such-page/' : page.slice(1));
      for (const reference of linksOf(page).references) {
        if (reference.startsWith('#')) {
          if (!linksOf(page).ids.has(decodeURIComponent(reference.slice(1)))) broken.push(`${page} → ${reference} (no such anchor)`);
          continue;
        }
        const url = new URL(reference, pageUrl);
        if (url.origin !== flowed.origin) continue;
        const target = url.pathname;
        if (!target.startsWith(BASE)) {
          broken.push(`${page} → ${url.href} (outside ${BASE})`);
          continue;
        }
        if (!checked.has(target)) {
          const response = await fetch(new URL(target, flowed.origin));
          await response.arrayBuffer(); // read to the end, so the connection is free for the next request
          checked.set(target, response.status);
        }
        if (checked.get(target) !== 200) broken.push(`${page} → ${url.href} (${checked.get(target)})`);
        else if (url.hash && target.endsWith('/')) {
          if (!linksOf(`/${target.slice(BASE.length)}`).ids.has(decodeURIComponent(url.hash.slice(1)))) broken.push(`${page} → ${url.href} (no such anchor)`);
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
    await tab.goto(flowed.url('search/'), { waitUntil: 'load' });
    expect(await tab.evaluate(() => getComputedStyle(document.querySelector('.skip-link')!).position)).toBe('absolute');
    expect(await tab.isVisible('button[data-theme-toggle]')).toBe(true);
    await tab.fill('#search input', 'embargo');
    await tab.waitForSelector('#search .pagefind-ui__result-link');
    const hrefs = await tab.$$eval('#search .pagefind-ui__result-link', (links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href.startsWith(BASE), href).toBe(true);
  });

  it('serves its 404 page, styled, for an address under the base that does not exist', async () => {
    expect((await tab.goto(flowed.url('no-such-page/'), { waitUntil: 'load' }))?.status()).toBe(404);
    expect(await tab.textContent('h1')).toMatch(/not found/i);
    expect(await tab.evaluate(() => getComputedStyle(document.querySelector('.skip-link')!).position)).toBe('absolute');
    expect(await tab.$$eval('main a', (links) => links.map((link) => link.getAttribute('href')))).toContain(BASE);
  });
});
