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
 * The roots of rendered policy text: a section of the policy, a redline's body and its two side-by-side columns. What
 * is inside one is made by the same renderer and styled by the same rules on whichever page it appears.
 */
const CONTENT_ROOTS = ['policy-section', 'redline-body', 'redline-old', 'redline-new'];

/** The kinds of element a page holds: those of its template, and those inside rendered policy text (CONTENT_ROOTS). */
interface PageKinds {
  template: Set<string>;
  content: Set<string>;
}

/**
 * Every kind of element a page holds, as `parent>tag.classes[attributes]`: pages of one type that hold no kind of
 * element the others lack are alike for the browser checks (the same template around the same kinds of content).
 * Inside rendered policy text a kind is prefixed with its content root's kind, and is the same on every page type.
 */
function elementKinds(siteDir: string, page: string): PageKinds {
  const kinds: PageKinds = { template: new Set(), content: new Set() };
  const walk = (node: Root | Element, parent: string, root: string | undefined): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const classNames = [child.properties.className ?? []].flat().map(String);
      const attributes = Object.keys(child.properties).filter((name) => !['className', 'id', 'href'].includes(name)).sort().join(',');
      const kind = `${parent}>${child.tagName}.${classNames.sort().join('.')}[${attributes}]`;
      if (root) kinds.content.add(`${root} ${kind}`);
      else kinds.template.add(kind);
      walk(child, child.tagName, root ?? (classNames.some((name) => CONTENT_ROOTS.includes(name)) ? kind : undefined));
    }
  };
  walk(readPage(siteDir, page), '', undefined);
  return kinds;
}

/**
 * The pages to visit for the whole-site browser checks: of each page type, pages in turn (the one adding the most
 * first) until every kind of template element found on any page of that type is on a chosen one; then, of all pages,
 * until every kind of element inside rendered policy text found anywhere is on a chosen one. A page left out holds
 * nothing the chosen pages do not: the same template, the same kinds of text, tables, lists and marks.
 * Checks that read every page without a browser (test/site, test/hostile/csp) still read them all.
 */
export function samplePages(siteDir: string): string[] {
  // Parsing every page costs a second or two; the files of a worker share this module (isolate: false).
  let chosen = samples.get(siteDir);
  if (!chosen) samples.set(siteDir, (chosen = choosePages(siteDir)));
  return chosen;
}

const samples = new Map<string, string[]>();

/**
 * Adds pages of `pages` to `chosen`, the one covering most of what `chosen` leaves out first, until every kind any of
 * `pages` holds is on a chosen page.
 */
function cover(pages: string[], kindsOf: (page: string) => Set<string>, chosen: string[]): void {
  const missing = new Set(pages.flatMap((page) => [...kindsOf(page)]));
  for (const page of chosen) for (const kind of kindsOf(page)) missing.delete(kind);
  while (missing.size > 0) {
    const gain = (page: string) => [...kindsOf(page)].filter((kind) => missing.has(kind)).length;
    const best = pages.reduce((a, b) => (gain(b) > gain(a) ? b : a));
    for (const kind of kindsOf(best)) missing.delete(kind);
    chosen.push(best);
  }
}

/** samplePages without the memo. */
function choosePages(siteDir: string): string[] {
  const pages = sitePages(siteDir);
  const kinds = new Map(pages.map((page) => [page, elementKinds(siteDir, page)]));
  const chosen = [...Map.groupBy(pages, pageType).values()].flatMap((ofType) => {
    const ofThisType: string[] = [];
    cover(ofType, (page) => kinds.get(page)!.template, ofThisType);
    return ofThisType;
  });
  cover(pages, (page) => kinds.get(page)!.content, chosen);
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
