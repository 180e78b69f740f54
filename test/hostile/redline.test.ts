/**
 * The redline of pathological pairs: made in bounded time, serialisable as `policy redline --format json` prints it, and
 * lossless; `policy redline` itself on the pair it must refuse and on hostile Markdown, whose standalone HTML redline
 * must run no script and keep no handler or dangerous URL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarkdownFile } from '../../src/lib/load/markdown-file.ts';
import { computeRedline } from '../../src/lib/redline/index.ts';
import { redlineToJson } from '../../src/lib/redline/json.ts';
import { launchBrowser, openPage, serveSite, type Browser } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp.ts';
import { losslessTexts } from '../redline/support.ts';
import { readCases } from './support/corpus.ts';
import { domFindings, recordCspViolations } from './support/dangerous.ts';
import { redlinePair } from './support/redline-pairs.ts';

const cases = readCases('redline') as unknown as { name: string; pair: string; seconds: number; lossless?: boolean; expect?: 'error'; exitCode?: number; message?: string }[];

/** `policy redline old new ...args` in `dir`, in-process; exit code, output and seconds taken. */
async function redlineCli(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const start = performance.now();
  const result = await runCli(['redline', 'old.md', 'new.md', ...args], { cwd: dir });
  return { ...result, seconds: (performance.now() - start) / 1000 };
}

describe('policy redline on pathological pairs', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const hostile of cases) {
    it(`${hostile.name}: ${hostile.expect === 'error' ? `refused with exit ${hostile.exitCode}` : hostile.lossless === false ? 'a redline' : 'a lossless redline'} within ${hostile.seconds} s`, async () => {
      const dir = tempDir('policy-hostile-redline-');
      const pair = redlinePair(hostile.pair);
      writeFileSync(path.join(dir, 'old.md'), pair.old);
      writeFileSync(path.join(dir, 'new.md'), pair.new);

      if (hostile.expect === 'error') {
        const refused = await redlineCli(dir, ['--format', 'json']);
        expect(refused.code, refused.stderr).toBe(hostile.exitCode);
        expect(refused.stderr).toContain(hostile.message);
        expect(refused.seconds).toBeLessThan(hostile.seconds);
        return;
      }
      if (hostile.lossless === false) {
        const json = await redlineCli(dir, ['--format', 'json']);
        expect(json.code, json.stderr).toBe(0);
        expect(json.seconds).toBeLessThan(hostile.seconds);
        expect(() => JSON.parse(json.stdout)).not.toThrow();
      } else {
        // What the command does for --format json (read both files, redline, serialise), in the library, so that the
        // redline it made is the one checked for losslessness instead of a second one (seconds each on a 1 MB pair).
        const start = performance.now();
        const [oldDoc, newDoc] = await Promise.all([loadMarkdownFile(path.join(dir, 'old.md')), loadMarkdownFile(path.join(dir, 'new.md'))]);
        const redline = computeRedline(oldDoc, newDoc);
        expect(() => JSON.parse(JSON.stringify(redlineToJson(redline)))).not.toThrow();
        expect((performance.now() - start) / 1000).toBeLessThan(hostile.seconds);
        // The pages' text with the shortcut renderer where it applies: parsing both 1 MB documents again cost more than the redline.
        const texts = losslessTexts(redline, oldDoc, newDoc, { shortcut: true });
        expect(texts.accepted === texts.newText, 'accepting every change gives the new text').toBe(true);
        expect(texts.rejected === texts.oldText, 'rejecting every change gives the old text').toBe(true);
        expect((performance.now() - start) / 1000).toBeLessThan(hostile.seconds);
      }

      if (hostile.pair === 'hostile-markup') {
        const html = await redlineCli(dir, ['-o', 'redline.html']);
        expect(html.code, html.stderr).toBe(0);
        expect(readFileSync(path.join(dir, 'redline.html'), 'utf8')).toContain('<ins');
        const server = await serveSite(dir);
        try {
          const page = await openPage(browser, server.url('redline.html'));
          await recordCspViolations(page);
          await page.reload();
          await page.waitForTimeout(50);
          // Dangerous elements where the text goes (the file's own style and navigation script sit outside it); handlers
          // and script or data URLs anywhere. A remote image in the text is refused by img-src, the policy working.
          const findings = await domFindings(page, '[data-redline-body]');
          const violations = findings.violations.filter((violation) => !/^img-src blocked https?:/.test(violation));
          expect({ pwned: findings.pwned, violations, nodes: findings.nodes }).toEqual({ pwned: null, violations: [], nodes: [] });
          // Its stylesheet applies under its own policy: inserted text gets the redline's green background.
          expect(await page.locator('[data-redline-body] ins:not([data-kind="formatting"])').first().evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(216, 245, 220)');
        } finally {
          await server.close();
        }
      }
    }, hostile.seconds * 3000 + 30_000);
  }
});
