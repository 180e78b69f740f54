/**
 * Every case of the hostile Markdown and front-matter corpus ends as stated, within its time: sanitized HTML with no
 * script, handler or dangerous URL left (checked in the HTML and again in Chromium, with no CSP to help), or a clear
 * error from `policy check` with its exit code, and never another exception.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/lib/errors.ts';
import { checkPolicyFolder, loadPolicyFolder } from '../../src/lib/load/folder.ts';
import { renderPolicyHtml, renderSectionHtml } from '../../src/lib/markdown/policy-html.ts';
import { launchBrowser, openPage, serveSite, type Browser, type SiteServer } from '../support/browser.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { tempDir } from '../support/temp.ts';
import { caseFiles, readCases, type HostileCase } from './support/corpus.ts';
import { dangerousMarkup, domFindings } from './support/dangerous.ts';
import { policyFolder } from './support/policy-folder.ts';

const corpora = { markdown: readCases('markdown'), 'front-matter': readCases('front-matter') } as const;

/** Seconds since `start`. */
const since = (start: number) => (performance.now() - start) / 1000;

/** `policy check <dir>`, run in-process. */
function policyCheck(dir: string): Promise<CliRun> {
  return runCli(['check', dir]);
}

// Pages of rendered hostile text, served for Chromium after the rendering tests have written them.
const pagesDir = tempDir('policy-hostile-pages-');
const rendered: { name: string; file: string }[] = [];

for (const [corpus, cases] of Object.entries(corpora) as ['markdown' | 'front-matter', HostileCase[]][]) {
  describe(`hostile ${corpus}`, () => {
    for (const hostile of cases.filter((c) => c.expect === 'error')) {
      it(`${hostile.name}: policy check refuses it with exit ${hostile.exitCode} and "${hostile.message}"`, async () => {
        const root = policyFolder(caseFiles(corpus, hostile, 500));
        const start = performance.now();
        const result = await policyCheck(root);
        expect(since(start)).toBeLessThan(hostile.seconds);
        expect(result.code, result.stderr).toBe(hostile.exitCode);
        expect(result.stderr).toContain(hostile.message);
        if (hostile.rule) expect(result.stderr).toMatch(new RegExp(`^content/policy/\\S+\\.md:\\d+:\\d+ ${hostile.rule} `, 'm'));
        expect(result.stderr).not.toMatch(/\n\s+at |TypeError|RangeError/); // a sentence, not a stack trace
      });

      it(`${hostile.name}: the loader fails within ${hostile.seconds} s with a PolicyError naming the problem, never another exception`, async () => {
        const root = policyFolder(caseFiles(corpus, hostile, 500));
        const start = performance.now();
        const checked = await checkPolicyFolder(root);
        expect(since(start)).toBeLessThan(hostile.seconds);
        expect(checked.document).toBeUndefined();
        expect(checked.problems.some((problem) => (!hostile.rule || problem.rule === hostile.rule) && `${problem.file}:${problem.line}:${problem.column} ${problem.message}`.includes(hostile.message!))).toBe(true);
        const error = await loadPolicyFolder(root).catch((thrown: unknown) => thrown);
        expect(error).toBeInstanceOf(PolicyError);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    }

    for (const hostile of cases.filter((c) => c.expect === 'sanitized')) {
      it(`${hostile.name}: loads and renders within ${hostile.seconds} s, with nothing dangerous left in the HTML`, async () => {
        const root = policyFolder(caseFiles(corpus, hostile, 500));
        const start = performance.now();
        const document = await loadPolicyFolder(root);
        const html = renderPolicyHtml(document);
        const sections = document.sections.map((section) => renderSectionHtml(document, section));
        expect(since(start)).toBeLessThan(hostile.seconds);
        expect(document.sections).toHaveLength(2);
        for (const output of [html, ...sections]) expect(dangerousMarkup(output)).toEqual([]);
        if (hostile.site !== false) {
          const file = `${corpus}-${hostile.name}.html`;
          writeFileSync(path.join(pagesDir, file), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hostile</title></head><body><main>${html}</main></body></html>`);
          rendered.push({ name: `${corpus}/${hostile.name}`, file });
        }
      }, hostile.seconds * 1000 + 10_000);
    }
  });
}

describe('rendered hostile text in Chromium, without any Content-Security-Policy to help', () => {
  let browser: Browser;
  let server: SiteServer;
  beforeAll(async () => {
    mkdirSync(pagesDir, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), serveSite(pagesDir)]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('runs no script from any case and leaves no handler or dangerous URL in the DOM', async () => {
    expect(rendered.length).toBeGreaterThan(10);
    // One tab goes to every case in turn: each is a new document, with nothing of the one before.
    const page = await openPage(browser, server.url(rendered[0]!.file));
    for (const { name, file } of rendered) {
      await page.goto(server.url(file), { waitUntil: 'load' });
      await page.waitForTimeout(50); // let anything that was scheduled run
      const findings = await domFindings(page, 'main');
      expect({ name, pwned: findings.pwned, title: findings.title, nodes: findings.nodes }).toEqual({ name, pwned: null, title: 'hostile', nodes: [] });
    }
    await page.close();
  }, 120_000);
});
