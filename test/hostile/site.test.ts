/**
 * The whole pipeline on hostile text: a copy of this repository whose policy gains every sanitized case of the hostile
 * corpus as sections, a hostile lead and title, released as a new version (so the history and release redlines show
 * it) and sent as a proposal through `policy import`. The site must build, and in Chromium no page may run a script
 * from content, report a Content-Security-Policy violation, or hold a handler or a script or data URL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPage, useBrowserSite } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { caseFiles, readCases } from './support/corpus.ts';
import { domFindings, recordCspViolations } from './support/dangerous.ts';
import { htmlPages } from './support/site-files.ts';
import { buildSite, repoRoot, siteCopy } from './support/site-copy.ts';

const IDENTITY = { GIT_AUTHOR_NAME: 'Mallory', GIT_AUTHOR_EMAIL: 'mallory@example.org', GIT_COMMITTER_NAME: 'Mallory', GIT_COMMITTER_EMAIL: 'mallory@example.org' };
const HOSTILE_LEAD = `<script>window.__pwned = 'lead'</script> See [the lead](javascript:window.__pwned='lead-link') <img src=x onerror="window.__pwned='lead-img'">`;

/** Runs git in the copy with a fixed identity. */
function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...IDENTITY }, encoding: 'utf8' }).trim();
}

/** Commits the working tree laid over the copy (so a proposal's patch holds only its own change), then adds the hostile sections and lead and commits them as release 99.0. */
function releaseHostilePolicy(dir: string): void {
  git(dir, ['add', '-A', '--', '.', ':!node_modules']);
  if (git(dir, ['status', '--porcelain', '--untracked-files=no'])) git(dir, ['commit', '-q', '-m', 'The working tree under test']);
  let order = 100_000;
  for (const [corpus, cases] of [['markdown', readCases('markdown')], ['front-matter', readCases('front-matter')]] as const) {
    for (const hostile of cases.filter((c) => c.expect === 'sanitized' && c.site !== false)) {
      for (const [name, bytes] of caseFiles(corpus, hostile, order++)) writeFileSync(path.join(dir, 'content', 'policy', name), bytes);
    }
  }
  const metadata = path.join(dir, 'content', 'policy.yaml');
  const yaml = readFileSync(metadata, 'utf8').replace(/^version: .*$/m, 'version: "99.0"').replace(/^lead: .*$/m, `lead: ${JSON.stringify(HOSTILE_LEAD)}`);
  writeFileSync(metadata, yaml);
  git(dir, ['add', 'content']);
  git(dir, ['commit', '-q', '-m', 'Policy v99.0: hostile text']);
}

/** Sends a hostile change as a series and imports it as a proposal, as a maintainer would. */
function importHostileProposal(dir: string): void {
  const base = git(dir, ['rev-parse', 'HEAD']);
  git(dir, ['checkout', '-q', '-b', 'hostile-proposal']);
  const section = path.join(dir, 'content', 'policy', 'introduction.md');
  writeFileSync(section, `${readFileSync(section, 'utf8')}\n<script>window.__pwned = 'proposal'</script> [proposed](javascript:window.__pwned='proposal-link') <svg onload="window.__pwned='proposal-svg'"></svg>\n`);
  git(dir, ['commit', '-q', '-a', '-m', 'Propose hostile text']);
  const mbox = git(dir, ['format-patch', '--stdout', '--thread', '--cover-letter', `--base=${base}`, `${base}..HEAD`])
    .replace('*** SUBJECT HERE ***', '<script>window.__pwned="cover"</script> Hostile proposal')
    .replace('*** BLURB HERE ***', '<img src=x onerror="window.__pwned=\'blurb\'">');
  git(dir, ['checkout', '-q', 'main']);
  git(dir, ['branch', '-q', '-D', 'hostile-proposal']);
  const file = path.join(tempDir('policy-hostile-mbox-'), 'hostile-proposal.mbox');
  writeFileSync(file, `${mbox}\n`);
  const result = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'node'), [path.join(repoRoot, 'scripts', 'policy.ts'), 'import', file, '--proposal', 'hostile-proposal'], {
    cwd: dir,
    env: { ...process.env, POLICY_ARCHIVE_URL: '' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`policy import refused the hostile proposal:\n${result.stdout}\n${result.stderr}`);
}

/** Where pages put rendered policy text: section bodies, the lead, redline bodies and proposal texts. */
const CONTENT = '.policy-body, .policy-lead, .policy-section, [data-redline-body]';

const copy = siteCopy({ prefix: 'policy-hostile-site-' });
const dist = path.join(copy, 'dist');
const site = useBrowserSite(dist);

describe('a site built from hostile text', () => {
  beforeAll(async () => {
    releaseHostilePolicy(copy);
    importHostileProposal(copy);
    const build = await buildSite(copy);
    if (build.code !== 0) throw new Error(`the hostile site did not build:\n${build.output}`);
  }, 600_000);

  it('has the hostile sections, release and proposal as pages', () => {
    const pages = htmlPages(dist);
    expect(pages).toContain('sections/hostile-script-tags/index.html');
    expect(pages).toContain('sections/html-title/index.html');
    expect(pages.some((page) => page.includes('99.0'))).toBe(true);
    expect(pages.some((page) => page.startsWith('proposals/hostile-proposal/'))).toBe(true);
  });

  it('runs no script from content on any page, and leaves no handler or script or data URL in any DOM', async () => {
    const failures: string[] = [];
    for (const file of htmlPages(dist)) {
      const sitePath = file.replace(/(^|\/)index\.html$/, '$1');
      const page = await openPage(site.browser, site.url(sitePath));
      await recordCspViolations(page);
      await page.reload({ waitUntil: 'load' });
      await page.waitForTimeout(30);
      // Dangerous elements are looked for where rendered text goes (the site's own forms and scripts live elsewhere);
      // handlers and script or data URLs anywhere on the page.
      const findings = await domFindings(page, CONTENT);
      await page.close();
      // Pagefind's search form is its own. A remote image in content is blocked by img-src, which is the policy working
      // (no remote origins), not an attack that ran.
      const content = findings.nodes.filter((node) => !(file === 'search/index.html' && node === '<form action="javascript:void(0);">'));
      const violations = findings.violations.filter((violation) => !/^img-src blocked https?:/.test(violation));
      if (findings.pwned !== null || findings.title === 'pwned' || violations.length || content.length) {
        failures.push(`${file}: pwned=${findings.pwned} title=${findings.title} violations=${violations.join('; ')} nodes=${content.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
