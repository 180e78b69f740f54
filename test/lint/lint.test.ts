import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLintResult, lintPolicy } from '../../src/lib/lint/index.ts';
import { runCli } from '../support/cli.ts';
import { policyFiles, tempDir, writeFiles } from '../support/temp.ts';

const HISTORY = '-   **v1.1 Mar 2nd 2024:** Second\n-   **v1.0 Jan 1st 2024:** First\n';

/** A clean policy at v1.1 with the project's markdownlint config, plus `extra` files on top. */
function policyRoot(extra: Record<string, string> = {}): string {
  const root = tempDir('policy-lint-');
  copyFileSync('.markdownlint-cli2.jsonc', path.join(root, '.markdownlint-cli2.jsonc'));
  writeFiles(root, {
    ...policyFiles('1.1', { introduction: 'First paragraph.\n\nSecond paragraph.\n', scope: 'Scope.\n', 'change-history': HISTORY }, '2024-03-02'),
    ...extra,
  });
  return root;
}

/** Lint output lines, as the command prints them. */
async function lintLines(root: string): Promise<string[]> {
  return (await lintPolicy(root)).results.map(formatLintResult);
}

function section(id: string, order: number, body: string, more = ''): string {
  return `---\nid: ${id}\ntitle: ${id}\norder: ${order}\n${more}---\n\n${body}`;
}

describe('policy lint', () => {
  it('passes on the shipped content, through the command and npm run lint', async () => {
    expect(await lintLines('.')).toEqual([]);
    const run = await runCli(['lint']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.lint).toMatch(/^node scripts\/policy\.mjs lint && .*astro check$/);
  });

  it('passes on a clean policy', async () => {
    expect(await lintLines(policyRoot())).toEqual([]);
  });

  it('PL001: names the line and field of a front matter schema error', async () => {
    const root = policyRoot({ 'content/policy/scope.md': '---\nid: scope\ntitle: scope\norder: ten\n---\n\nScope.\n' });
    expect(await lintLines(root)).toEqual([
      'content/policy/scope.md:4:8 error PL001/front-matter Section front matter must match the schema [field "order" in the section front matter must be a number, not string]',
    ]);
  });

  it('PL002 and PL003: a repeated id is reported at its id line, and the file not named by it', async () => {
    const root = policyRoot({ 'content/policy/scope.md': section('introduction', 20, 'Scope.\n') });
    expect(await lintLines(root)).toEqual([
      'content/policy/scope.md:2:5 error PL002/unique-id Section ids must be unique [repeats the id "introduction" of content/policy/introduction.md; ids must be unique]',
      'content/policy/scope.md:2:5 error PL003/file-name A section file must be named by its id [declares id "introduction" but the file is not named introduction.md; rename the file or fix the id]',
    ]);
  });

  it('PL004: a tie in order, and a subsection that does not follow its parent', async () => {
    const tie = policyRoot({ 'content/policy/scope.md': section('scope', 10, 'Scope.\n') });
    expect(await lintLines(tie)).toEqual([
      'content/policy/scope.md:4:8 error PL004/section-order Sections must have one complete order [has order 10, as content/policy/introduction.md has; give each section its own order]',
    ]);
    const stray = policyRoot({ 'content/policy/detail.md': section('detail', 25, 'Detail.\n', 'parent: introduction\n') });
    expect(await lintLines(stray)).toEqual([
      'content/policy/detail.md:4:8 error PL004/section-order Sections must have one complete order [has order 25, after "scope" (20), which is neither its parent "introduction" nor a sibling; give it an order between its parent\'s and "scope" (20)]',
    ]);
  });

  it('PL005: anchors must exist on the page; a link to a section file is fixable', async () => {
    const root = policyRoot({
      'content/policy/scope.md': section('scope', 20, 'See [a](#introduction-p2), [b](#introduction-p3), [c](#change-history) and [d](introduction.md#introduction-p1).\n\nAlso [e].\n\n[e]: ./missing.md\n'),
    });
    expect(await lintLines(root)).toEqual([
      'content/policy/scope.md:7:28 error PL005/link-target Internal links must resolve ["#introduction-p3" names no section, paragraph or heading of the policy; link to a section id such as "#introduction"] [Context: "[b](#introduction-p3)"]',
      'content/policy/scope.md:7:76 error PL005/link-target Internal links must resolve ["introduction.md#introduction-p1" links to the section file, which is not a page on the site; link to "#introduction-p1" instead] [Context: "[d](introduction.md#introduction-p1)"]',
      'content/policy/scope.md:11:1 error PL005/link-target Internal links must resolve ["./missing.md" is a relative link, which does not resolve on the site; link to a section as "#section-id", or use a full URL] [Context: "[e]: ./missing.md"]',
    ]);
  });

  it('PL005: checks the links of the metadata lead sentence', async () => {
    const root = policyRoot({ 'content/policy.yaml': 'title: Test Policy\nversion: "1.1"\ndate: "2024-03-02"\nlead: "See [history](#history)."\n' });
    expect(await lintLines(root)).toEqual([
      'content/policy.yaml:4:7 error PL005/link-target Internal links must resolve [in the lead: "#history" names no section, paragraph or heading of the policy; link to a section id such as "#change-history"]',
    ]);
  });

  it('PL006: the metadata version and date must match the newest Change History entry, newest first', async () => {
    const version = policyRoot({ 'content/policy.yaml': 'title: Test Policy\nversion: "1.2"\ndate: "2024-03-02"\n' });
    expect(await lintLines(version)).toEqual([
      'content/policy/change-history.md:7:5 error PL006/change-history Metadata version and date must match the newest Change History entry [newest entry is v1.1 but content/policy.yaml has version "1.2"; add an entry for v1.2 or fix the version] [Context: "v1.1 Mar 2nd 2024:"]',
    ]);
    const date = policyRoot({ 'content/policy.yaml': 'title: Test Policy\nversion: "1.1"\ndate: "2024-03-03"\n' });
    expect(await lintLines(date)).toEqual([
      'content/policy/change-history.md:7:5 error PL006/change-history Metadata version and date must match the newest Change History entry [v1.1 is dated 2024-03-02 but content/policy.yaml has date "2024-03-03"; make them agree] [Context: "v1.1 Mar 2nd 2024:"]',
    ]);
    const order = policyRoot({ 'content/policy/change-history.md': section('change-history', 30, '-   **v1.1 Mar 2nd 2024:** Second\n-   **v1.2 Jan 1st 2024:** First\n') });
    expect(await lintLines(order)).toEqual([
      'content/policy/change-history.md:8:5 error PL006/change-history Metadata version and date must match the newest Change History entry [v1.2 is listed after v1.1; list entries newest first] [Context: "v1.2 Jan 1st 2024:"]',
    ]);
  });

  it('PL006: accepts a publication date and a month-only date', async () => {
    const published = policyRoot({
      'content/policy.yaml': 'title: Test Policy\nversion: "3.0"\ndate: "2015-03-02"\n',
      'content/policy/change-history.md': section('change-history', 30, '-   **v3.0 Feb 11th 2015 (published March 2nd 2015):** New process\n'),
    });
    expect(await lintLines(published)).toEqual([]);
    const monthly = policyRoot({
      'content/policy.yaml': 'title: Test Policy\nversion: "2.2"\ndate: "2014-06-01"\n',
      'content/policy/change-history.md': section('change-history', 30, '-   **v2.2 Jun 2014:** CVE numbers\n'),
    });
    expect(await lintLines(monthly)).toEqual([]);
  });

  it('PL007: names the line of a metadata schema error', async () => {
    const root = policyRoot({ 'content/policy.yaml': 'title: Test Policy\nversion: 1.1\ndate: "2024-03-02"\n' });
    const lines = await lintLines(root);
    expect(lines).toHaveLength(1);
    // The sentence after the field is the loader's own; lint keeps it and adds the place and the rule.
    expect(lines[0]).toMatch(/^content\/policy\.yaml:2:10 error PL007\/metadata Policy metadata must match the schema \[field "version" in the policy metadata .+\]$/);
  });

  it('PL012: names the line of an error in the record of repaired releases, which the build would ignore', async () => {
    // An abbreviated commit of digits alone, unquoted, is a number to YAML; a version without its reason.
    const root = policyRoot({ 'content/releases.yaml': 'corrections:\n  "1.0":\n    commit: 5385812726\n    reason: Markup repaired\n  "1.1":\n    commit: "ea35c536"\n' });
    expect(await lintLines(root)).toEqual([
      'content/releases.yaml:3:13 error PL012/release-corrections The record of repaired releases (content/releases.yaml) must match the schema [field "corrections.1.0.commit" in the release corrections must be text, but YAML reads 5385812726 as a number; put it in quotes: "5385812726"]',
      'content/releases.yaml:6:5 error PL012/release-corrections The record of repaired releases (content/releases.yaml) must match the schema [field "corrections.1.1.reason" in the release corrections is missing; add it]',
    ]);
  });

  it('PL008: emphasis and link markup that show as literal text; --fix adds the missing space', async () => {
    const body = '1.  **Advisory pre-release:**This occurs.\n2.  **Updates**If new.\n3.  See [the page] (https://example.org/).\n\nA **stray marker.\n\nIntended **un**usual and `**code**` and \\*\\* stay.\n';
    const root = policyRoot({ 'content/policy/scope.md': section('scope', 20, body) });
    expect(await lintLines(root)).toEqual([
      'content/policy/scope.md:7:5 error PL008/literal-markup Emphasis and link markup must render, not show as text ["**" shows as literal text: a closing "**" after punctuation must be followed by a space or punctuation; put a space after it] [Context: "1.  **Advisory pre-relea"]',
      'content/policy/scope.md:8:14 error PL008/literal-markup Emphasis and link markup must render, not show as text [bold text runs into the next word ("UpdatesIf new."); put a space after "**"] [Context: "2.  **Updates**If new."]',
      'content/policy/scope.md:9:18 error PL008/literal-markup Emphasis and link markup must render, not show as text ["] (" shows as literal text: the link does not parse (a space or unbalanced bracket in it?); write it as [text](url)] [Context: "3.  See [the page] (https://example.o"]',
      'content/policy/scope.md:11:3 error PL008/literal-markup Emphasis and link markup must render, not show as text ["**" shows as literal text: it opens no bold or italic text that closes; remove it, close it, or escape it as "\\*"] [Context: "A **stray marker."]',
    ]);
    await lintPolicy(root, { fix: true });
    expect(readFileSync(path.join(root, 'content/policy/scope.md'), 'utf8')).toContain('1.  **Advisory pre-release:** This occurs.\n2.  **Updates** If new.\n');
  });

  it('refuses raw HTML (MD033) and prints markdownlint rules exactly as markdownlint-cli2 does', async () => {
    const root = policyRoot({ 'content/policy/scope.md': section('scope', 20, 'Scope <b>bold</b>.\n\n* item\n') });
    const ours = await lintLines(root);
    expect(ours).toEqual([
      'content/policy/scope.md:7:7 error MD033/no-inline-html Inline HTML [Element: b]',
      'content/policy/scope.md:9:1 error MD030/list-marker-space Spaces after list markers [Expected: 3; Actual: 1]',
    ]);
    const cli2 = spawnSync(path.resolve('node_modules/.bin/markdownlint-cli2'), { cwd: root, encoding: 'utf8' });
    expect(cli2.stderr.trim().split('\n')).toEqual(ours);
  });

  it('--fix applies markdownlint fixes and the link fix, then reports what is left', async () => {
    const root = policyRoot({ 'content/policy/scope.md': section('scope', 20, 'See [a](introduction.md).\n\n*  item\n\nAnd [b](#nowhere).\n') });
    const before = await lintPolicy(root);
    expect(before.errorCount).toBe(3);
    const after = await lintPolicy(root, { fix: true });
    expect(after.results.map(formatLintResult)).toEqual([
      'content/policy/scope.md:11:5 error PL005/link-target Internal links must resolve ["#nowhere" names no section, paragraph or heading of the policy; link to a section id such as "#change-history"] [Context: "[b](#nowhere)"]',
    ]);
    expect(readFileSync(path.join(root, 'content/policy/scope.md'), 'utf8')).toBe(section('scope', 20, 'See [a](#introduction).\n\n*   item\n\nAnd [b](#nowhere).\n'));
  });

  it('exits 0 when clean, 1 on findings (printed on stderr) and 2 on bad usage', async () => {
    const run = (args: string[]) => runCli(['lint', ...args]);
    expect((await run([policyRoot()])).code).toBe(0);
    const dirty = await run([policyRoot({ 'content/policy/scope.md': section('scope', 20, 'Scope <i>x</i>.\n') })]);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toBe('content/policy/scope.md:7:7 error MD033/no-inline-html Inline HTML [Element: i]\n');
    const bad = await run(['--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('policy lint: unknown option --frobnicate; see policy lint --help\n');
  });

  it('lets the config turn a policy rule off, like any markdownlint rule', async () => {
    const root = policyRoot({ 'content/policy.yaml': 'title: Test Policy\nversion: "1.2"\ndate: "2024-03-02"\n' });
    expect(await lintLines(root)).toHaveLength(1);
    writeFiles(root, { '.markdownlint-cli2.jsonc': readFileSync('.markdownlint-cli2.jsonc', 'utf8').replace('"default": true,', '"default": true, "PL006": false,') });
    expect(await lintLines(root)).toEqual([]);
  });

  it("holds a tree without a config of its own to this tool's rules, not markdownlint's defaults", async () => {
    const root = policyRoot({ 'content/policy/scope.md': section('scope', 20, 'Scope:\n\n-   one\n-   two\n\nThe *emphasis* style.\n') });
    rmSync(path.join(root, '.markdownlint-cli2.jsonc'));
    // Three spaces after "-" pass (MD030 as configured); asterisk emphasis does not (MD049 asks for underscores).
    expect(await lintLines(root)).toEqual([
      'content/policy/scope.md:12:5 error MD049/emphasis-style Emphasis style [Expected: underscore; Actual: asterisk]',
      'content/policy/scope.md:12:14 error MD049/emphasis-style Emphasis style [Expected: underscore; Actual: asterisk]',
    ]);
  });
});

describe('lint on input beyond the limits the site renders', () => {
  // Each of these ran markdownlint for minutes (a wide table, a deep list) or gigabytes (a 20 MB section).
  const cases: Array<[string, string, RegExp]> = [
    ['a table of 30,000 columns', `${'| a '.repeat(30_000)}|\n${'| - '.repeat(30_000)}|\n${'| b '.repeat(30_000)}|\n`, /has a table row of 30,000 cells; tables may have at most 100 columns/],
    // Nested on one line ("- - - … item"), 20 KB: nested by indentation, 10,000 levels take 100 MB, which the size limit
    // refuses before the depth is looked at (the 20 MB section proves that limit).
    ['a list nested 10,000 deep', `${'- '.repeat(10_000)}item\n`, /nests lists or block quotes 10000 levels deep; at most 32/],
    ['block quotes nested 10,000 deep', `${'> '.repeat(10_000)}quote\n`, /nests lists or block quotes 10000 levels deep; at most 32/],
    ['a 20 MB section', 'word '.repeat(4 * 1024 * 1024), /characters long; a policy may hold at most [\d,]+ characters \(8 MiB\) in all and 1,048,576 \(1 MiB\) in one section/],
    ['a list nested 40 deep', Array.from({ length: 40 }, (_, depth) => `${'  '.repeat(depth)}- item`).join('\n'), /nests lists or block quotes \d+ levels deep; at most 32/],
  ];
  // How long they take is measured by npm run bench (lint-limits), not here, where other tests share the machine.
  it.each(cases)('%s: reports the limit and does not run markdownlint', async (_name, body, message) => {
    const root = policyRoot({ 'content/policy/huge.md': section('huge', 40, body) });
    const lines = await lintLines(root);
    expect(lines.some((line) => line.startsWith('content/policy/huge.md:') && line.includes('PL010/markdown-limit') && message.test(line))).toBe(true);
    expect(lines).toContain('content/policy/huge.md:1 PL010/markdown-limit Files must stay within the limits the site renders [markdownlint and the other policy rules did not run: bring this file within the limits reported here and lint again]');
    expect(lines.some((line) => / MD\d{3}\//.test(line))).toBe(false);
  }, 120_000);
});
