import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDLINE_STYLESHEET_FILE } from '../../src/lib/redline/style.ts';
import { runCli } from '../support/cli.ts';
import { commitFiles, policyFiles, tempDir, tempRepo, writeFiles } from '../support/temp.ts';
import { inlinedStyle } from './support.ts';

const cli = path.resolve('scripts/policy.ts');

/** Runs `policy redline ...` in `cwd` in-process, without a terminal. */
function redline(cwd: string, args: string[]) {
  return runCli(['redline', ...args], { cwd });
}

/** Runs `policy redline ...` in `cwd` as its own process (the entry, with its bundle). */
function redlineProcess(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, 'redline', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function repoWithTwoVersions(): string {
  const repo = tempRepo();
  commitFiles(repo, policyFiles('1.0', { scope: 'The team handles reports.\n', list: '-   Alpha Ltd\n-   Beta Inc\n' }), 'Policy v1.0');
  commitFiles(repo, policyFiles('1.1', { scope: 'The security team handles reports.\n', list: '-   Alpha Ltd\n-   Beta Inc\n-   Gamma plc\n' }), 'Policy v1.1');
  return repo;
}

describe('policy redline', () => {
  it('prints a plain word diff with a summary when output is not a terminal', async () => {
    const repo = repoWithTwoVersions();
    const { code, stdout } = await redline(repo, ['HEAD~1', 'HEAD']);
    expect(code).toBe(0);
    expect(stdout).toContain('The {+security+} team');
    expect(stdout).toContain('• {+Gamma plc+}');
    expect(stdout).toContain('2 changes in 2 sections');
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('names a side by the revision typed, with its version, so two revisions of one version are told apart', async () => {
    const repo = repoWithTwoVersions();
    // Accepted but not yet released: the same version as the release, other text.
    commitFiles(repo, policyFiles('1.1', { scope: 'The security team handles every report.\n', list: '-   Alpha Ltd\n' }), 'Tighten the scope');
    const title = (text: string) => text.split('\n')[0];
    expect(title((await redline(repo, ['1.1', 'HEAD'])).stdout)).toBe('Redline: Test Policy 1.1 → main (version 1.1)');
    expect(title((await redline(repo, ['1.0', '1.1'])).stdout)).toBe('Redline: Test Policy 1.0 → 1.1');
    const out = path.join(tempDir(), 'redline.html');
    const written = await redline(repo, ['HEAD~1', 'HEAD', '-o', out]);
    expect([written.code, written.stdout]).toEqual([0, `wrote ${out}: 2 changes in 2 sections\n`]);
    const html = readFileSync(out, 'utf8');
    // HEAD is named by its branch: the name the change goes by.
    expect(html).toContain('<title>Redline: Test Policy HEAD~1 (version 1.1) → main (version 1.1)</title>');
    expect(html).not.toContain('version 1.1 → 1.1');
    expect(title((await redline(repo, ['HEAD', '.'])).stdout)).toBe('Redline: Test Policy main (version 1.1) → working tree (version 1.1)');
    const json = JSON.parse((await redline(repo, ['1.0', 'HEAD', '--format', 'json'])).stdout);
    expect([json.old.label, json.new.label]).toEqual([undefined, 'main']);
  });

  it('counts a moved section\'s positions among the sections, not the preamble, and says "No changes" once', async () => {
    const dir = tempDir();
    const policy = (order: string[]) => `# Policy\n\nA preamble.\n\n${order.map((name) => `## ${name}\n\nAbout ${name.toLowerCase()}.\n`).join('\n')}`;
    writeFileSync(path.join(dir, 'old.md'), policy(['Scope', 'Reporting', 'Supported', 'Disclosure']));
    writeFileSync(path.join(dir, 'new.md'), policy(['Scope', 'Reporting', 'Disclosure', 'Supported']));
    const { stdout } = await redline(dir, ['old.md', 'new.md']);
    const moves = [...stdout.matchAll(/moved, from position (\d+) to (\d+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(moves.length, stdout).toBeGreaterThan(0);
    for (const move of moves) expect(move.every((position) => position >= 1 && position <= 4), stdout).toBe(true);
    // A moved section's heading is its title, not an insertion moved "from elsewhere", and its own move is not counted
    // again as two moves.
    expect(stdout).toMatch(/^§ (Disclosure|Supported) {2}\(moved, from position \d to \d\)\n {2}(Disclosure|Supported)\n/m);
    expect(stdout).not.toMatch(/moved (from|to) elsewhere in this section|~2 moved/);
    expect((await redline(dir, ['old.md', 'old.md'])).stdout.match(/No changes/g)).toHaveLength(1);
  });

  it('pairs a table row by its first cell, and shows a moved, renumbered heading by its edits alone', async () => {
    const dir = tempDir();
    const table = (rows: string[]) => `| Version | Supported |\n| --- | --- |\n${rows.map((row) => `| ${row} |\n`).join('')}`;
    writeFileSync(path.join(dir, 'old.md'), `# P\n\n## 1. Scope\n\nAbout scope.\n\n## 2. Supported Versions\n\n${table(['2.x | yes', '1.x | no'])}\n## 3. Disclosure\n\nAbout disclosure.\n`);
    writeFileSync(path.join(dir, 'new.md'), `# P\n\n## 1. Scope\n\nAbout scope.\n\n## 2. Disclosure\n\nAbout disclosure.\n\n## 3. Supported Versions\n\n${table(['3.x | yes', '2.x | until 2023-06-30', '1.x | no'])}`);
    const { stdout } = await redline(dir, ['old.md', 'new.md']);
    // 3.x is a new row above 2.x, whose support changed; not 2.x renamed 3.x and a new row 2.x.
    expect(stdout).toContain('  | {+3.x+} | {+yes+} |\n  | 2.x | [-yes-]{+until 2023-06-30+} |\n');
    expect(stdout).toContain('  [-2-]{+3+}. Supported Versions\n');
    expect(stdout).not.toContain('{+[-');
  });

  it('says after each half of a moved paragraph where the other half is, as plain text cannot show a move', async () => {
    const dir = tempDir();
    const cve = 'Reporters may request a CVE identifier once the issue is confirmed and a fix is released.';
    writeFileSync(path.join(dir, 'old.md'), `# P\n\n## Reporting\n\nMail us the details.\n\n${cve}\n\n## Disclosure\n\nWe publish an advisory.\n`);
    writeFileSync(path.join(dir, 'new.md'), `# P\n\n## Reporting\n\nMail us the details.\n\n## Disclosure\n\nWe publish an advisory.\n\n${cve}\n`);
    const { stdout } = await redline(dir, ['old.md', 'new.md']);
    expect(stdout).toContain(`[-${cve}-] (moved to § Disclosure)`);
    expect(stdout).toContain(`{+${cve}+} (moved from § Reporting)`);
  });

  it('exits 1 with --exit-code when there are changes and 0 when there are none, like git diff', async () => {
    const repo = repoWithTwoVersions();
    expect((await redline(repo, ['HEAD~1', 'HEAD', '--exit-code'])).code).toBe(1);
    expect((await redline(repo, ['HEAD', 'HEAD', '--exit-code'])).code).toBe(0);
  });

  it('writes JSON in the documented schema', async () => {
    const repo = repoWithTwoVersions();
    const { code, stdout } = await redline(repo, ['HEAD~1', 'HEAD', '--format', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ schema: 'policy-redline', schemaVersion: 1, summary: { changes: 2, sectionsChanged: 2 } });
    expect(json.changes[0]).toMatchObject({ id: 'change-1', kind: 'insertion', sectionId: 'scope' });
    expect(json.changes[0].newText.trim()).toBe('security');
  });

  it('writes a self-contained HTML file atomically with -o, and compares a folder with a Markdown file', async () => {
    const repo = repoWithTwoVersions();
    const out = path.join(tempDir(), 'redline.html');
    const file = path.join(tempDir(), 'policy.md');
    writeFileSync(file, '---\ntitle: Test Policy\nversion: "2.0"\n---\n\n## scope\n\nThe security team handles reports quickly.\n\n## list\n\n-   Alpha Ltd\n');
    const { code, stderr } = await redline(repo, ['.', file, '-o', out, '--view', 'side-by-side']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<link\b|<script\s+src|@import|url\(/);
    expect(html).toContain('data-view="side-by-side"');
    expect(html).toMatch(/<ins data-change="change-1" data-kind="insertion" id="change-1">\s?quickly\s?<\/ins>/);
    expect(readdirSync(path.dirname(out))).toEqual(['redline.html']);
  });

  it('inlines src/styles/redline.css whole, from the bundle it runs from (another folder than the sources)', async () => {
    const startCache = tempDir('policy-start-');
    const out = path.join(tempDir(), 'redline.html');
    const repo = repoWithTwoVersions();
    const { code, stderr } = redlineProcess(repo, ['HEAD~1', 'HEAD', '-o', out], { POLICY_START_CACHE: startCache });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(existsSync(path.join(startCache, 'bundle', 'redline.cjs')), 'the command ran from its bundle').toBe(true);
    const { style, allowed } = inlinedStyle(readFileSync(out, 'utf8'));
    expect(style.trim()).toBe(readFileSync(REDLINE_STYLESHEET_FILE, 'utf8').trim());
    expect(allowed).toBe(true);
  });

  it('refuses bad input with exit 2 and a clear message', async () => {
    const repo = repoWithTwoVersions();
    const notPolicy = tempDir();
    const latin1 = path.join(tempDir(), 'latin1.md');
    writeFileSync(latin1, Buffer.from('## Scope\n\nCaf\xe9\n', 'latin1'));
    writeFiles(notPolicy, { 'README.md': 'nothing\n' });
    const cases: [string[], RegExp][] = [
      [['no-such-rev', 'HEAD'], /unknown revision "no-such-rev"/],
      [['missing.md', 'HEAD'], /"missing.md" does not exist/],
      [[notPolicy, 'HEAD'], /content\/policy\.yaml missing-file is missing/],
      [[latin1, 'HEAD'], /not valid UTF-8/],
      [['HEAD'], /give two policies to compare \(got 1\); see policy redline --help/],
      [['HEAD', 'HEAD', '--format', 'pdf'], /unknown format "pdf"/],
    ];
    for (const [args, message] of cases) {
      const result = await redline(repo, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
