/** The pages of the built site for the whole-site browser checks, and how to visit them in a reused tab. */
import type { Element, Root } from 'hast';
import { readPage, sitePages } from '../../site/html.ts';
import type { BrowserSite, OpenOptions, Page } from '../../support/browser.ts';

/** The path a reader visits a page at: the 404 page at an address that does not exist, as readers meet it. */
function asVisited(page: string): string {
  return page === '/404.html' ? '/no-such-page/' : page;
}

/** Path segments that name a kind of page rather than one page (every other segment below the first is a slug, version or number). */
const KIND_SEGMENTS = new Set(['changes', 'side-by-side', 'patches', 'text', 'since-previous']);

/** The type of a page: its path with slugs, versions and numbers as `*` (`/releases/*\/changes/`, `/sections/*\/`). */
export function pageType(page: string): string {
  return page.replace(/(?<=^\/[^/]+\/(?:.*\/)?)[^/]+(?=\/)/g, (segment) => (KIND_SEGMENTS.has(segment) ? segment : '*'));
}

/**
 * Every kind of element a page holds, as `parent>tag.classes[attributes]`: pages of one type that hold no kind of
 * element the others lack are alike for the browser checks (the same template around the same kinds of content).
 */
function elementKinds(siteDir: string, page: string): Set<string> {
  const kinds = new Set<string>();
  const walk = (node: Root | Element, parent: string): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const classes = [child.properties.className ?? []].flat().map(String).sort().join('.');
      const attributes = Object.keys(child.properties).filter((name) => !['className', 'id', 'href'].includes(name)).sort().join(',');
      kinds.add(`${parent}>${child.tagName}.${classes}[${attributes}]`);
      walk(child, child.tagName);
    }
  };
  walk(readPage(siteDir, page), '');
  return kinds;
}

/**
 * The pages to visit for the whole-site browser checks: of each page type, pages in turn (the one adding the most
 * first) until every kind of element found on any page of that type is on a chosen one. A page left out holds
 * nothing the chosen pages of its type do not: the same template, the same kinds of text, tables, lists and marks.
 * Checks that read every page without a browser (test/site, test/hostile/csp) still read them all.
 */
export function samplePages(siteDir: string): string[] {
  // Parsing every page costs a second or two; the files of a worker share this module (isolate: false).
  let chosen = samples.get(siteDir);
  if (!chosen) samples.set(siteDir, (chosen = choosePages(siteDir)));
  return chosen;
}

const samples = new Map<string, string[]>();

/** samplePages without the memo. */
function choosePages(siteDir: string): string[] {
  const byType = Map.groupBy(sitePages(siteDir), pageType);
  const chosen: string[] = [];
  for (const pages of byType.values()) {
    const kinds = new Map(pages.map((page) => [page, elementKinds(siteDir, page)]));
    const missing = new Set(pages.flatMap((page) => [...kinds.get(page)!]));
    while (missing.size > 0) {
      const gain = (page: string) => [...kinds.get(page)!].filter((kind) => missing.has(kind)).length;
      const best = pages.reduce((a, b) => (gain(b) > gain(a) ? b : a));
      for (const kind of kinds.get(best)!) missing.delete(kind);
      chosen.push(best);
    }
  }
  return chosen.sort().map(asVisited);
}

/**
 * Goes to a sample page in the file's reused tab (light, 1280 px unless told otherwise) and waits until it is complete,
 * including the search box (and results) that script adds; the 404 page must answer 404.
 */
export async function visitSample(site: BrowserSite, path: string, options: OpenOptions = {}): Promise<Page> {
  const page = await site.visit(path, { ...options, status: path === '/no-such-page/' ? 404 : 200 });
  if (path.startsWith('/search/') && options.javaScriptEnabled !== false) await page.waitForSelector(path.includes('?q=') ? '#search .pagefind-ui__result-link' : '#search input');
  return page;
}
