#!/usr/bin/env node
/**
 * `npm run audit [-- --site <built site>]`: Lighthouse on one page of each type and the Nu Html Checker on every page of
 * the built site, in Debian's Chromium and Java. Fails (exit 1) below 95 performance, 100 accessibility, 100 best
 * practices, 95 SEO (not asked of pages that say noindex), or on any HTML error. Without --site it builds the site into
 * a folder of its own first.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { serveSite } from '../test/support/static-server.ts';

const MINIMUM = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 95 } as const;
type Category = keyof typeof MINIMUM;

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { site: { type: 'string' }, 'no-lighthouse': { type: 'boolean' } } });

/** The built site: the one given, or a fresh build with its own output folder. */
function builtSite(): { dir: string; cleanup: () => void } {
  if (values.site) return { dir: path.resolve(values.site), cleanup: () => {} };
  const cache = path.join(root, '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, 'audit-site-'));
  console.log('audit: building the site…');
  const built = spawnSync('npx', ['astro', 'build', '--silent'], { cwd: root, env: { ...process.env, POLICY_OUT_DIR: dir, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('audit: the site did not build');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every HTML file of the site, as site paths ("sections/scope/"). */
function sitePages(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1'))
    .sort();
}

/** One page of each type: the first path matching each pattern. */
function samplePages(pages: string[]): string[] {
  const types = [
    /^$/, /^sections\/$/, /^sections\/[^/]+\/$/, /^history\/$/, /^releases\/[^/]+\/$/, /^releases\/[^/]+\/changes\/$/,
    /^releases\/[^/]+\/changes\/side-by-side\/$/, /^unreleased\/$/, /^compare\/$/, /^proposals\/$/, /^proposals\/[^/]+\/$/,
    /^proposals\/[^/]+\/v\d+\/$/, /^proposals\/[^/]+\/v\d+\/side-by-side\/$/, /^proposals\/[^/]+\/v\d+\/text\/$/,
    /^proposals\/[^/]+\/v\d+\/patches\/\d+\/$/, /^search\/$/, /^404\.html$/,
  ];
  return types.map((type) => pages.find((page) => type.test(page))).filter((page): page is string => page !== undefined);
}

/** The Nu Html Checker's errors on the site's pages, as "page: line: message". */
function htmlErrors(dir: string, pages: string[]): string[] {
  const jar = createRequire(import.meta.url)('vnu-jar') as string;
  const files = pages.map((page) => path.join(dir, page.endsWith('.html') ? page : `${page}index.html`));
  const run = spawnSync('java', ['-jar', jar, '--format', 'json', '--exit-zero-always', ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw new Error(`audit: cannot run java for the Nu Html Checker (${run.error.message}); install a Java runtime (Debian: default-jre-headless)`);
  const messages = (JSON.parse(run.stderr) as { messages: { type: string; url: string; lastLine?: number; message: string }[] }).messages;
  return messages.filter((message) => message.type === 'error').map((message) => `${path.relative(dir, new URL(message.url).pathname)}:${message.lastLine ?? 0}: ${message.message}`);
}

const site = builtSite();
let failed = false;
try {
  const pages = sitePages(site.dir);
  const errors = htmlErrors(site.dir, pages);
  console.log(`Nu Html Checker: ${pages.length} pages, ${errors.length} errors`);
  for (const error of errors) console.log(`  ${error}`);
  failed ||= errors.length > 0;

  if (!values['no-lighthouse']) {
    const server = await serveSite(site.dir);
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      console.log(`\nLighthouse ${createRequire(import.meta.url)('lighthouse/package.json').version} (a phone on a slow 4G connection, as Lighthouse emulates by default), minimum ${Object.entries(MINIMUM).map(([key, value]) => `${key} ${value}`).join(', ')}:`);
      for (const page of samplePages(pages)) {
        const result = await lighthouse(server.url(page), { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(MINIMUM) });
        if (!result) throw new Error(`audit: Lighthouse returned nothing for ${page}`);
        const noindex = /<meta name="robots" content="noindex"/.test(readFileSync(path.join(site.dir, page.endsWith('.html') ? page : `${page}index.html`), 'utf8'));
        const scores = Object.fromEntries(Object.keys(MINIMUM).map((key) => [key, Math.round((result.lhr.categories[key]?.score ?? 0) * 100)])) as Record<Category, number>;
        const low = (Object.keys(MINIMUM) as Category[]).filter((key) => scores[key] < MINIMUM[key] && !(key === 'seo' && noindex));
        failed ||= low.length > 0;
        console.log(`  ${low.length ? 'FAIL' : 'ok  '} /${page}  ${(Object.keys(MINIMUM) as Category[]).map((key) => `${key} ${scores[key]}${key === 'seo' && noindex ? ' (noindex)' : ''}`).join(', ')}`);
        for (const key of low) {
          const audits = result.lhr.categories[key]!.auditRefs.map((ref) => result.lhr.audits[ref.id]!).filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative');
          for (const audit of audits.slice(0, 6)) console.log(`        ${key}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
        }
      }
    } finally {
      chrome.kill();
      await server.close();
    }
  }
} finally {
  site.cleanup();
}
if (failed) {
  console.error('\naudit: below the minimum (above); fix it where it starts and run npm run audit again');
  process.exitCode = 1;
}

