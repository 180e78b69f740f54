/** `policy init` on the policies a newcomer brings: version lines, numbered headings, a renamed file, the package it writes. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyHistory } from '../../src/lib/history/history.ts';
import { initPolicySite } from '../../src/lib/init/index.ts';
import { withoutSectionNumber } from '../../src/lib/init/section-ids.ts';
import { packageOfProgram, packagesLoaded, pruneLock, scriptParts, type Lockfile, type PackageJson } from '../../src/lib/init/site-package.ts';
import { computeRedline, LEAD_SECTION_ID } from '../../src/lib/redline/compute.ts';
import { loadPolicyFolder } from '../../src/lib/load/folder.ts';
import { runCli } from '../support/cli.ts';
import { commitFiles, gitSync, tempDir, tempRepo } from '../support/temp.ts';
import { replayHistory, XEN_POLICY_FILE, type ReplayedRevision } from './support.ts';

/** A revision of SECURITY.md with `preamble` before its two sections. */
function revision(preamble: string, scope: string, date: string): ReplayedRevision {
  const text = `# Security policy\n\n${preamble}\n\n## Scope\n\n${scope}\n\n## Reporting\n\nMail security@example.org.\n`;
  return { path: 'SECURITY.md', text, author: 'Policy Author <one@example.org>', date, message: `Policy: ${scope}\n` };
}

describe('policy init: the lines it reads the version and date from', () => {
  it('takes a version line and a date line out of the lead of every revision, and says so', async () => {
    const source = replayHistory([
      revision('How we handle reports.\n\nVersion: 1.1\nEffective date: July 2, 2019\n\nRead it all.', 'Everything we ship.', '2019-07-02T10:00:00+0000'),
      revision('How we handle reports.\n\nVersion: 1.2\nEffective date: 2020-01-05\n\nRead it all.', 'Everything we ship and host.', '2020-01-05T10:00:00+0000'),
    ]);
    const dir = path.join(tempDir(), 'site');
    const report = await initPolicySite({ dir, from: 'SECURITY.md', git: source });
    expect(report.revisions.map(({ version, date, release }) => [version, date, release])).toEqual([['1.1', '2019-07-02', true], ['1.2', '2020-01-05', true]]);
    expect(report.leadLines).toEqual([
      { field: 'version', line: 'Version: 1.2', revisions: 2 },
      { field: 'date', line: 'Effective date: 2020-01-05', revisions: 2 },
    ]);
    for (const commit of ['HEAD~1', 'HEAD~2']) {
      expect(gitSync(dir, ['show', `${commit}:content/policy.yaml`])).toMatch(/^lead: \|-?\n {2}How we handle reports\.\n\n {2}Read it all\.$/m);
    }
    expect((await loadPolicyFolder(dir)).metadata).toMatchObject({ version: '1.2', date: '2020-01-05', lead: 'How we handle reports.\n\nRead it all.' });
    // The release's redline is the policy's change, not the version's.
    const [newest, older] = (await loadPolicyHistory(dir)).releases;
    const changes = computeRedline(older!.document, newest!.document).changes;
    expect(changes.map((change) => change.sectionId)).not.toContain(LEAD_SECTION_ID);
    expect(changes.map((change) => change.sectionId)).toContain('scope');
  });

  it('makes no date-named release of a revision that changed only its date line', async () => {
    const source = replayHistory([
      revision('How we handle reports.\n\nLast updated: 2019-07-02', 'Everything we ship.', '2019-07-02T10:00:00+0000'),
      revision('How we handle reports.\n\nLast updated: 2019-09-01', 'Everything we ship.', '2019-09-01T10:00:00+0000'),
      revision('How we handle reports.\n\nLast updated: 2020-01-05', 'Everything we ship and host.', '2020-01-05T10:00:00+0000'),
    ]);
    const report = await initPolicySite({ dir: path.join(tempDir(), 'site'), from: 'SECURITY.md', git: source });
    expect(report.mode).toBe('dates');
    expect(report.revisions.map(({ version, release }) => [version, release])).toEqual([['2019.07.02', true], ['2019.07.02', false], ['2020.01.05', true]]);
    // Each release's redline shows a change of the policy, none an empty one.
    const releases = (await loadPolicyHistory(report.dir)).releases;
    expect(releases.map((release) => release.version)).toEqual(['2020.01.05', '2019.07.02']);
    expect(computeRedline(releases[1]!.document, releases[0]!.document).changes.length).toBeGreaterThan(0);
  });

  it('leaves a sentence that mentions the version in the lead: it is the text of the policy', async () => {
    const file = path.join(tempDir(), 'SECURITY.md');
    writeFileSync(file, '# Security policy\n\nVersion 2.0 of this policy replaces the one we kept on the wiki until last year.\n\n## Scope\n\nAll of it.\n');
    const report = await initPolicySite({ dir: path.join(tempDir(), 'site'), from: file });
    expect(report.revisions[0]).toMatchObject({ version: '2.0' });
    expect(report.leadLines).toEqual([]);
    expect((await loadPolicyFolder(report.dir)).metadata.lead).toMatch(/^Version 2\.0 of this policy replaces/);
  });
});

describe('policy init: section ids without heading numbers', () => {
  it('leaves the number out of the id, keeps the title as written, and keeps a renumbered section one section', async () => {
    const policy = (headings: string[]) => `# Security policy\n\n${headings.map((heading) => `## ${heading}\n\nText of ${heading.replace(/^\S+ /, '')}.\n`).join('\n')}`;
    const at = (date: string, headings: string[]): ReplayedRevision => ({ path: 'SECURITY.md', text: policy(headings), author: 'Policy Author <one@example.org>', date, message: 'Policy: outline\n' });
    const source = replayHistory([
      { ...at('2019-07-02T10:00:00+0000', ['1. Scope', '2. Reporting', '3. Contact', 'A. Contact']), text: `${policy(['1. Scope', '2. Reporting', '3. Contact', 'A. Contact'])}\nAsk [us](#3-contact) or [them][them].\n\n[them]: #a-contact\n` },
      at('2020-01-05T10:00:00+0000', ['1. Definitions', '2. Scope', '3. Reporting', '4. Contact', 'A. Contact']),
    ]);
    const dir = path.join(tempDir(), 'site');
    await initPolicySite({ dir, from: 'SECURITY.md', git: source });
    const policy2 = await loadPolicyFolder(dir);
    expect(policy2.sections.map(({ id, title }) => [id, title])).toEqual([
      ['definitions', '1. Definitions'],
      ['scope', '2. Scope'],
      ['reporting', '3. Reporting'],
      ['contact', '4. Contact'],
      ['contact-1', 'A. Contact'],
    ]);
    // Links to the old anchors (as GitHub makes them from the headings) go to the new ids.
    expect(gitSync(dir, ['show', 'HEAD~2:content/policy/contact-1.md'])).toMatch(/Ask \[us\]\(#contact\) or \[them\]\[them\]\.\n\n\[them\]: #contact-1$/);
    // The same file in both revisions: its history runs through the renumbering.
    expect(gitSync(dir, ['ls-tree', '--name-only', 'HEAD~2', 'content/policy/']).split('\n')).toEqual(['content/policy/contact-1.md', 'content/policy/contact.md', 'content/policy/reporting.md', 'content/policy/scope.md']);
    expect(gitSync(dir, ['log', '--format=%s', '--', 'content/policy/scope.md']).split('\n')).toHaveLength(2);
    expect(gitSync(dir, ['diff', '--name-status', 'HEAD~2', 'HEAD~1', '--', 'content/policy/']).split('\n')).toEqual(['M\tcontent/policy/contact-1.md', 'M\tcontent/policy/contact.md', 'A\tcontent/policy/definitions.md', 'M\tcontent/policy/reporting.md', 'M\tcontent/policy/scope.md']);
  });

  it('makes ASCII ids of headings with accents, emoji and punctuation, none the pages keep for themselves, so the new site lints clean and builds', async () => {
    const file = path.join(tempDir(), 'SEGURIDAD.md');
    writeFileSync(file, '# Política de seguridad\n\nLéala.\n\n## Cómo informar\n\nEscríbanos, o vea [el alcance](#-alcance).\n\n## 🔒 Alcance\n\nTodo.\n\n## Q&A -- FAQ\n\nNada.\n\n## Политика\n\nТекст.\n\n## Policy\n\nAs Microsoft\'s template has it.\n\n## Timeline\n\nNinety days.\n');
    const report = await initPolicySite({ dir: path.join(tempDir(), 'site'), from: file });
    expect(report.lint).toEqual([]);
    const policy = await loadPolicyFolder(report.dir);
    // "policy" and "timeline" would make ids the pages use themselves (policy-title, timeline-title).
    expect(policy.sections.map((section) => [section.id, section.title])).toEqual([['como-informar', 'Cómo informar'], ['alcance', '🔒 Alcance'], ['qa-faq', 'Q&A -- FAQ'], ['section-4', 'Политика'], ['policy-section', 'Policy'], ['timeline-section', 'Timeline']]);
    // The link to GitHub's anchor of the emoji heading follows the new id.
    expect(policy.sections[0]!.body).toContain('[el alcance](#alcance)');
  });

  it('keeps the id of a section renamed in the history, so its page and history run on through the rename', async () => {
    const text = (heading: string, reporting: string) => `# Security policy\n\n## 1. Scope\n\nAll we ship.\n\n## ${heading}\n\n${reporting}\n\nSee [scope](#1-scope).\n`;
    const at = (date: string, heading: string, reporting: string): ReplayedRevision => ({ path: 'SECURITY.md', text: text(heading, reporting), author: 'Policy Author <one@example.org>', date, message: `Policy: ${heading}\n` });
    const report = 'Mail security@example.org with the details of the problem and how to reproduce it; we answer within three days.';
    const source = replayHistory([
      at('2019-07-02T10:00:00+0000', '2. Reporting', report),
      at('2020-01-05T10:00:00+0000', '2. Reporting a Vulnerability', report.replace('three days', 'two days')),
      at('2021-01-05T10:00:00+0000', '2. Reporting a Vulnerability', report.replace('three days', 'one day')),
    ]);
    const dir = path.join(tempDir(), 'site');
    await initPolicySite({ dir, from: 'SECURITY.md', git: source });
    const policy = await loadPolicyFolder(dir);
    expect(policy.sections.map((section) => [section.id, section.title])).toEqual([['scope', '1. Scope'], ['reporting', '2. Reporting a Vulnerability']]);
    expect(gitSync(dir, ['log', '--format=%s', '--', 'content/policy/reporting.md']).split('\n')).toHaveLength(3);
    expect(gitSync(dir, ['ls-tree', '-r', '--name-only', 'HEAD', 'content/policy/'])).not.toContain('reporting-a-vulnerability');
  });

  it('knows the usual ways of numbering a heading, and leaves words and years alone', () => {
    expect(['1. Scope', '1) Scope', '1.2 Scope', '1.2. Scope', '(3) Scope', '§ 4 Scope', 'IV. Scope', 'A) Scope', '12 Scope'].map(withoutSectionNumber)).toEqual(Array(9).fill('Scope'));
    expect(['Scope', 'A Note', '2024 changes', '2FA', '1.'].map(withoutSectionNumber)).toEqual(['Scope', 'A Note', '2024 changes', '2FA', '1.']);
  });
});

describe('policy init --git: a file that is not at HEAD', () => {
  it('refuses a file renamed away before HEAD (exit 2), and names where it went', async () => {
    const source = replayHistory([
      revision('How we handle reports.', 'Everything we ship.', '2019-07-02T10:00:00+0000'),
      revision('How we handle reports.', 'Everything we ship and host.', '2020-01-05T10:00:00+0000'),
      { ...revision('How we handle reports.', 'Everything we ship and host.', '2021-03-01T10:00:00+0000'), path: 'docs/security-policy.md', message: 'Move the policy to docs/\n' },
    ]);
    const rename = gitSync(source, ['log', '-1', '--format=%h', '--', 'docs/security-policy.md']);
    const dir = path.join(tempDir(), 'site');
    const run = await runCli(['init', dir, '--git', source, '--from', 'SECURITY.md']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`SECURITY.md was renamed to docs/security-policy.md in ${rename}; use --from docs/security-policy.md`);
    expect(existsSync(dir)).toBe(false);
  });

  it('names the new folder as it was typed, absolute or relative, in what it made and in the next command', async () => {
    const source = replayHistory([revision('How we handle reports.', 'Everything we ship.', '2019-07-02T10:00:00+0000')]);
    const absolute = path.join(tempDir(), 'site');
    const first = await runCli(['init', `${absolute}/`, '--git', source, '--from', 'SECURITY.md']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^made ${absolute}/: `));
    expect(first.stdout).toContain(`next: cd ${absolute} && npm ci && npm run build`);
    const cwd = path.join(tempDir(), 'work');
    mkdirSync(cwd);
    const second = await runCli(['init', '../sibling', '--git', source, '--from', 'SECURITY.md'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^made \.\.\/sibling\/: /);
    expect(second.stdout).toContain('next: cd ../sibling && npm ci');
  });

  it('refuses a file deleted before HEAD, and one that was never there', async () => {
    const source = replayHistory([revision('How we handle reports.', 'Everything we ship.', '2019-07-02T10:00:00+0000')]);
    gitSync(source, ['rm', '-q', 'SECURITY.md']);
    commitFiles(source, { 'NOTES.md': 'Elsewhere now.\n' }, 'Drop the policy');
    const deletion = gitSync(source, ['log', '-1', '--format=%h']);
    await expect(initPolicySite({ dir: path.join(tempDir(), 'a'), from: 'SECURITY.md', git: source })).rejects.toThrow(`it was deleted in ${deletion}`);
    await expect(initPolicySite({ dir: path.join(tempDir(), 'b'), from: 'POLICY.md', git: source })).rejects.toThrow(/"POLICY.md" is not at HEAD/);
  });
});

describe('policy init --git: a history with merges, read from any folder of the repository', () => {
  const policy = (reporting: string, versions: string) => `# Security policy\n\n## Reporting\n\n${reporting}\n\n## Supported versions\n\n${versions}\n`;

  it('reads the main line: a merge of two changes is one revision, the text as merged, with its tag', async () => {
    const source = tempRepo();
    commitFiles(source, { 'SECURITY.md': policy('Mail us.', 'Latest only.') }, 'Add the policy');
    gitSync(source, ['switch', '-q', '-c', 'feature']);
    commitFiles(source, { 'SECURITY.md': policy('Mail us.', 'Latest two.') }, 'Two versions');
    gitSync(source, ['switch', '-q', 'main']);
    commitFiles(source, { 'SECURITY.md': policy('Mail us or use the form.', 'Latest only.') }, 'The form');
    gitSync(source, ['merge', '-q', '--no-ff', 'feature', '-m', 'Merge feature']);
    gitSync(source, ['tag', 'v1.1']);
    // A branch that alone changed the file, merged too: its commits are not the main line's either.
    gitSync(source, ['switch', '-q', '-c', 'wording']);
    commitFiles(source, { 'SECURITY.md': policy('Mail us or use the form.', 'The latest two.') }, 'Wording');
    gitSync(source, ['switch', '-q', 'main']);
    gitSync(source, ['merge', '-q', '--no-ff', 'wording', '-m', 'Merge wording']);

    const report = await initPolicySite({ dir: path.join(tempDir(), 'site'), from: 'SECURITY.md', git: source });
    expect(gitSync(report.dir, ['log', '--reverse', '--format=%s', '--', 'content/policy/']).split('\n')).toEqual(['Add the policy', 'The form', 'Merge feature', 'Merge wording']);
    // The newest text is the file at HEAD, both sides of the first merge in it.
    const sections = (await loadPolicyFolder(report.dir)).sections.map((section) => section.body.trim());
    expect(sections).toEqual(['Mail us or use the form.', 'The latest two.']);
    expect(report.revisions.map(({ version, versionFrom }) => [version, versionFrom])).toContainEqual(['1.1', 'tag v1.1']);
  });

  it('takes a folder inside the repository as --git, and --from from its top', async () => {
    const source = tempRepo();
    commitFiles(source, { 'content/security.md': policy('Mail us.', 'Latest only.'), 'content/other.md': 'Other.\n' }, 'Add the policy');
    commitFiles(source, { 'content/security.md': policy('Mail us.', 'Latest two.') }, 'Two versions');
    const report = await initPolicySite({ dir: path.join(tempDir(), 'site'), from: 'content/security.md', git: path.join(source, 'content') });
    expect(report.revisions).toHaveLength(2);
  });
});

describe('policy init: what the site will not publish as written', () => {
  it('says that raw HTML is not published, and that a shortcode inside the text is', async () => {
    const file = path.join(tempDir(), 'SECURITY.md');
    writeFileSync(file, '# Security\n\n## Reporting\n\n<details>\n<summary>How to report by email</summary>\n\nMail sec@example.org, or see {{< ref "contact" >}}.\n\n</details>\n');
    const run = await runCli(['init', path.join(tempDir(), 'site'), '--from', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('lint rule no-inline-html turned off: your text breaks it');
    expect(run.stdout).toContain('the site publishes no raw HTML: its tags are dropped, and so is all the text of an HTML block (lines that start with a tag, such as <details>), so rewrite those as Markdown');
    expect(run.stdout).toContain('a Hugo shortcode inside the text is published as written ({{< ref "contact" >}}): replace it with Markdown');
  });
});

describe('policy init: the package.json and lockfile of the new site', () => {
  it('keeps only scripts whose files and programs the site has, and only the dev dependencies it uses', async () => {
    const dir = path.join(tempDir(), 'site');
    await initPolicySite({ dir, from: XEN_POLICY_FILE });
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
    const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as Lockfile;
    const installed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);

    // Every kept script's files are there, and every program it runs is installed (or the system's).
    for (const script of Object.values(pkg.scripts ?? {})) {
      const { programs, files } = scriptParts(script);
      expect(files.filter((file) => !existsSync(path.join(dir, file))), script).toEqual([]);
      expect(programs.map((program) => packageOfProgram(lock, program)).filter((owner) => owner !== undefined && !installed.has(owner)), script).toEqual([]);
    }
    expect(Object.keys(pkg.scripts ?? {})).toEqual(expect.arrayContaining(['build', 'dev', 'lint', 'policy']));
    expect(Object.keys(pkg.scripts ?? {})).not.toEqual(expect.arrayContaining(['test']));
    for (const gone of ['test', 'test:unit', 'audit', 'bench', 'fuzz', 'examples']) expect(pkg.scripts).not.toHaveProperty(gone);

    // Every kept dev dependency is used: loaded by the site's code, run by a kept script, or needed as a kept package's peer.
    const code = siteCode(dir);
    const programs = Object.values(pkg.scripts ?? {}).flatMap((script) => scriptParts(script).programs);
    const peers = [...installed].flatMap((name) => Object.keys(lock.packages[`node_modules/${name}`]?.peerDependencies ?? {}));
    const unused = Object.keys(pkg.devDependencies ?? {}).filter(
      (name) => packagesLoaded(code, [name]).length === 0 && !programs.some((program) => packageOfProgram(lock, program) === name) && !peers.includes(name),
    );
    // (`astro check`, run by the lint and typecheck scripts, loads @astrojs/check: no file names it)
    expect(unused).toEqual(Object.values(pkg.scripts ?? {}).some((script) => script.includes('astro check')) ? ['@astrojs/check'] : []);
    for (const testOnly of ['vitest', 'lighthouse', 'playwright-core', 'vnu-jar', 'axe-core', 'fast-check', 'chrome-launcher']) expect(installed).not.toContain(testOnly);

    // The lockfile is the package's: its root as package.json says, and nothing it does not reach.
    expect(lock.packages['']).toMatchObject({ name: pkg.name, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies });
    expect(pruneLock(lock, pkg)).toEqual(lock);
    expect(lock.packages['node_modules/vitest']).toBeUndefined();
    expect(lock.packages['node_modules/astro']).toBeDefined();
  });

  it('reads the programs and files of a script', () => {
    expect(scriptParts('ASTRO_TELEMETRY_DISABLED=1 astro build')).toEqual({ programs: ['astro'], files: [] });
    expect(scriptParts('node scripts/policy.mjs lint && ASTRO_TELEMETRY_DISABLED=1 astro check')).toEqual({ programs: ['node', 'astro'], files: ['scripts/policy.mjs'] });
    expect(scriptParts('vitest run --config test/unit.config.ts')).toEqual({ programs: ['vitest'], files: ['test/unit.config.ts'] });
    expect(scriptParts('markdownlint-cli2 "content/**/*.md" https://example.org/x')).toEqual({ programs: ['markdownlint-cli2'], files: [] });
  });
});

/** The text of every code file of the new site (its own folders, not what npm installs). */
function siteCode(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(?:[cm]?[jt]s|astro)$/.test(entry.name) && !path.relative(dir, entry.parentPath).split(path.sep).some((part) => part === 'node_modules' || part === '.git'))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('policy init: its exit status, as documented', () => {
  it('says the same exit codes in --help and in docs/adopting.md', async () => {
    const help = await runCli(['init', '--help']);
    const docs = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'adopting.md'), 'utf8');
    // The codes each lists after "Exit status:", up to the end of its sentence.
    const codes = (text: string) => [.../Exit status:([^]*?)\.(?:\s|$)/.exec(text.replace(/\s+/g, ' '))![1]!.matchAll(/\b([0-9]) (?=[a-z])/g)].map((match) => match[1]);
    expect(codes(help.stdout)).toEqual(['0', '1', '2']);
    expect(codes(docs)).toEqual(codes(help.stdout));
  });
});
