/**
 * Browser tests against a built site: Debian's Chromium driven by playwright-core, a static server, and axe-core.
 *
 * In a test file, `const site = useBrowserSite(inject('siteDir'))` connects to the run's Chromium and starts a server
 * for the whole file; `await site.visit('sections/')` goes to a page of the site in the file's reused tab (light, script
 * on, unless told otherwise), `await site.open('sections/')` opens one in a fresh context (for a test that needs one).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { serveSite, type SiteServer } from './static-server.ts';

export { serveSite, type SiteServer } from './static-server.ts';
export type { Browser, Page } from 'playwright-core';

/**
 * A browser for a test file: a connection to the run's Chromium, which is started once for all files (starting one
 * per file cost more than most files' checks). Closing it closes the file's contexts and leaves Chromium running.
 * Files share no storage: each file's pages open in contexts of its own (openPage, or the file's reused tabs).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.connect(inject('browserEndpoint'));
}

/** Runs `use` with a browser that is closed afterwards, also when `use` throws. */
export async function withBrowser<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

/** How a page is opened. */
export interface OpenOptions {
  /** False opens the page as a reader without script would see it. Default true. */
  javaScriptEnabled?: boolean;
  /** The system colour scheme the page sees. Default 'light'. */
  colorScheme?: 'light' | 'dark';
  /** Viewport width in CSS pixels (height 900). Default 1280; 390 is a phone. */
  width?: number;
}

/** Opens `url` in a new context of its own (fresh storage), waits for the load event and returns the page. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  // Closing the page ends its context too, so callers only ever close pages.
  page.once('close', () => {
    context.close().catch(() => undefined);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${url}`);
  return page;
}

/** The axe-core rule tags checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** One axe-core finding, trimmed to what a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The tabs that load axe-core into every page before the page's own scripts. */
const tabsWithAxe = new WeakSet<Page>();

/** The axe-core rules whose outcome depends on colours: all that needs checking again in another colour scheme. */
export const AXE_COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * The rules that read what axe-core preloads before a run (the page's stylesheets fetched again, its media): a run of
 * other rules only skips the preload, which cost about a quarter of a colour-rules run on the site's pages.
 */
const AXE_PRELOADING_RULES = ['css-orientation-lock', 'no-autoplay-audio'];

/**
 * Injects axe-core into the page and returns its violations (an empty array when the page passes): of AXE_TAGS, or
 * of the named `rules` only; `exclude` leaves out parts of the page by CSS selector.
 */
export async function axeViolations(page: Page, options: { exclude?: string[]; rules?: string[] } = {}): Promise<AxeViolation[]> {
  // Injected once per page (evaluating its source costs more than most runs), through the DevTools protocol, which the
  // page's Content-Security-Policy does not govern; and from then on into every page the tab loads, before its own
  // scripts, as a script V8 compiles once for the tab's process rather than once a page (0.07 s a page, not 0.14).
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(axeSource);
    if (!tabsWithAxe.has(page)) await page.addInitScript(axeSource);
    tabsWithAxe.add(page);
  }
  const preload = !options.rules || options.rules.some((rule) => AXE_PRELOADING_RULES.includes(rule));
  return page.evaluate(async ({ tags, rules, exclude, preload }) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const context = exclude.length ? { include: [['html']], exclude: exclude.map((selector) => [selector]) } : document;
    const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags };
    const result = await axe.run(context, { runOnly, resultTypes: ['violations'], preload });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target.map(String), html: node.html, failureSummary: node.failureSummary })),
    }));
  }, { tags: AXE_TAGS, rules: options.rules, exclude: options.exclude ?? [], preload });
}

/** A readable list of violations for a failure message: rule, impact, help and the first few elements. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((violation) => [
      `${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help} <${violation.helpUrl}>`,
      ...violation.nodes.slice(0, 5).map((node) => `  ${node.target.join(' ')}: ${node.html.slice(0, 160)}\n    ${node.failureSummary.replaceAll('\n', '\n    ')}`),
    ].join('\n'))
    .join('\n');
}

/** Collects what goes wrong on a page while a test runs: uncaught errors, console errors, failed requests. */
export function watchPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '?';
    // Chromium aborts the favicon fetch when the page navigates on before it ends: no fault of the page's.
    if (reason === 'net::ERR_ABORTED' && request.url().endsWith('/favicon.svg')) return;
    problems.push(`request failed: ${request.url()} (${reason})`);
  });
  return problems;
}

/** A browser and a server for one test file. */
export interface BrowserSite {
  /** The running browser (after beforeAll). */
  readonly browser: Browser;
  /** The running server (after beforeAll). */
  readonly server: SiteServer;
  /** Absolute URL of a site path (`''`, `sections/`, `search/?q=embargo`). */
  url(sitePath?: string): string;
  /** Opens a site path in a fresh context; pages are closed with the browser at the end of the file. */
  open(sitePath?: string, options?: OpenOptions): Promise<Page>;
  /**
   * Goes to a site path in the file's tab for the script setting, reset to `options` as a fresh page would be (see
   * reuseTab), and returns it once loaded; throws unless the page answers `status` (default 200). Not to be closed.
   */
  visit(sitePath?: string, options?: VisitOptions): Promise<Page>;
  /** The file's tab for the script setting, reset to `options` but not yet sent anywhere: to watch a page from its first request. */
  tab(options?: OpenOptions): Promise<Page>;
}

/** How a page is visited in a reused tab. */
export interface VisitOptions extends OpenOptions {
  /** The HTTP status the page must answer with. Default 200. */
  status?: number;
}

/** Events a test listens to on a page; a reused tab drops the listeners of the test before. */
const TEST_EVENTS = ['pageerror', 'console', 'requestfailed', 'dialog', 'request', 'response'] as const;

/**
 * Resets a tab kept between tests to what a fresh context with `options` would give the next page: no listeners of an
 * earlier test, no local or session storage, the viewport, colour scheme and screen media asked for, the mouse at rest.
 * A tab is kept because a new one costs Chromium a renderer process (about 0.5 s of processor time), a visit 0.1 s.
 */
export async function reuseTab(page: Page, origin: string, options: OpenOptions = {}): Promise<Page> {
  for (const event of TEST_EVENTS) page.removeAllListeners(event);
  if (page.url().startsWith(`${origin}/`)) {
    await page.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
      // The page is left: emptied first, it is not laid out again at the next page's width and colours.
      document.documentElement.replaceChildren();
    });
  }
  await Promise.all([
    page.setViewportSize({ width: options.width ?? 1280, height: 900 }),
    page.emulateMedia({ colorScheme: options.colorScheme ?? 'light', media: null }),
    page.mouse.move(0, 0),
  ]);
  return page;
}

/** Vitest hooks: a connection to the run's Chromium and a server of `siteDir` (under `base`) for the test file, closed after it. */
export function useBrowserSite(siteDir: string, options: { base?: string } = {}): BrowserSite {
  let browser: Browser | undefined;
  let server: SiteServer | undefined;
  // One tab with script and one without, made at first use (the setting belongs to the context).
  const tabs = new Map<boolean, Promise<Page>>();
  const tab = async (openOptions: OpenOptions = {}) => {
    const javaScriptEnabled = openOptions.javaScriptEnabled ?? true;
    if (!tabs.has(javaScriptEnabled)) tabs.set(javaScriptEnabled, started().browser.newContext({ javaScriptEnabled, reducedMotion: 'reduce', viewport: { width: 1280, height: 900 } }).then((context) => context.newPage()));
    return reuseTab(await tabs.get(javaScriptEnabled)!, started().server.origin, openOptions);
  };
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), serveSite(siteDir, options)]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  const started = () => {
    if (!browser || !server) throw new Error('useBrowserSite: the browser is started in beforeAll; use it inside tests');
    return { browser, server };
  };
  return {
    get browser() {
      return started().browser;
    },
    get server() {
      return started().server;
    },
    url: (sitePath) => started().server.url(sitePath),
    open: (sitePath, openOptions) => openPage(started().browser, started().server.url(sitePath), openOptions),
    tab,
    async visit(sitePath = '', visitOptions = {}) {
      const page = await tab(visitOptions);
      const url = started().server.url(sitePath);
      // A change of fragment alone only scrolls the page the tab is on: the page is loaded again, as if opened afresh.
      const response = (await page.goto(url, { waitUntil: 'load' })) ?? (await page.reload({ waitUntil: 'load' }));
      const expected = visitOptions.status ?? 200;
      if (response?.status() !== expected) throw new Error(`${url} answered ${response?.status() ?? 'nothing'}, not ${expected}`);
      return page;
    },
  };
}
