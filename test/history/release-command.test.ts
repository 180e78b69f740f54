import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyError, UsageError } from '../../src/lib/errors.ts';
import { changeHistoryDate, changeHistoryLine } from '../../src/lib/history/change-history.ts';
import { formatReleasePlan } from '../../src/lib/history/release-plan.ts';
import { cutRelease } from '../../src/lib/history/cut-release.ts';
import { findReleases } from '../../src/lib/history/releases.ts';
import { runCli } from '../support/cli.ts';
import { commitFiles, gitSync, policyFiles, repoTemplate, tempDir, tempRepo } from '../support/temp.ts';

// The repositories carry the project's markdownlint configuration, as a clone of this project does.
const LINT_CONFIG = readFileSync(path.resolve('.markdownlint-cli2.jsonc'), 'utf8');

/** A repository at release 3.23 with a Change History in the Xen policy's layout, and a committer identity: made once, a copy for each test. */
const releasedTemplate = repoTemplate(() => {
  const repo = tempRepo();
  gitSync(repo, ['config', 'user.name', 'Release Manager']);
  gitSync(repo, ['config', 'user.email', 'releases@example.org']);
  const files = policyFiles('3.23', { scope: 'Scope.\n', 'change-history': '-   **v3.23 Aug 8th 2019:** Added DornerWorks Ltd\n-   **v3.22 Aug 6th 2019:** Remove Linode\n' }, '2019-08-08');
  files['content/policy.yaml'] = `# Metadata; version and date change with each release.\n${files['content/policy.yaml']}`;
  files['.markdownlint-cli2.jsonc'] = LINT_CONFIG;
  commitFiles(repo, files, 'Policy v3.23: Added DornerWorks Ltd');
  return { repo };
});
const releasedRepo = () => releasedTemplate().repo;

const read = (repo: string, file: string) => readFileSync(path.join(repo, file), 'utf8');
const head = (repo: string) => gitSync(repo, ['rev-parse', 'HEAD']);
const snapshot = (repo: string) => ({ head: head(repo), status: gitSync(repo, ['status', '--porcelain']), yaml: read(repo, 'content/policy.yaml'), history: read(repo, 'content/policy/change-history.md'), tags: gitSync(repo, ['tag']) });

describe('policy release', () => {
  it('writes the Change History date in the policy\'s own style', () => {
    expect(changeHistoryDate('2026-11-27')).toBe('Nov 27th 2026');
    expect(changeHistoryDate('2019-08-01')).toBe('Aug 1st 2019');
    expect(changeHistoryDate('2019-06-22')).toBe('June 22nd 2019');
    expect(changeHistoryDate('2019-05-13')).toBe('May 13th 2019');
    expect(changeHistoryLine('3.24', '2026-11-27', 'Added Example Ltd')).toBe('-   **v3.24 Nov 27th 2026:** Added Example Ltd');
  });

  it('sets version and date, adds the entry on top, commits signed off and tags, leaving a clean tree', async () => {
    const repo = releasedRepo();
    const before = head(repo);
    const result = await cutRelease(repo, { version: '3.24', summary: 'Added Example Ltd', date: '2026-11-27' });
    expect(result).toMatchObject({ tag: 'policy-v3.24', previousVersion: '3.23' });
    expect(read(repo, 'content/policy.yaml')).toBe('# Metadata; version and date change with each release.\ntitle: Test Policy\nversion: "3.24"\ndate: "2026-11-27"\n');
    expect(read(repo, 'content/policy/change-history.md')).toContain('\n-   **v3.24 Nov 27th 2026:** Added Example Ltd\n-   **v3.23 Aug 8th 2019:** Added DornerWorks Ltd\n');
    expect(gitSync(repo, ['rev-parse', 'HEAD^'])).toBe(before);
    expect(gitSync(repo, ['log', '-1', '--format=%B'])).toBe('Policy v3.24: Added Example Ltd\n\nSigned-off-by: Release Manager <releases@example.org>');
    expect(gitSync(repo, ['diff', '--name-only', 'HEAD^', 'HEAD']).split('\n')).toEqual(['content/policy.yaml', 'content/policy/change-history.md']);
    expect(gitSync(repo, ['rev-parse', 'policy-v3.24^{commit}'])).toBe(result.commit);
    expect(gitSync(repo, ['cat-file', '-t', 'policy-v3.24'])).toBe('tag');
    expect(gitSync(repo, ['status', '--porcelain'])).toBe('');
    const { releases } = await findReleases(repo);
    expect(releases[0]).toMatchObject({ version: '3.24', date: '2026-11-27', tag: 'policy-v3.24', commit: result.commit });
  });

  it('releases a policy without a Change History (as policy init makes from many files): metadata, commit and tag', async () => {
    const repo = tempRepo();
    gitSync(repo, ['config', 'user.name', 'Release Manager']);
    gitSync(repo, ['config', 'user.email', 'releases@example.org']);
    commitFiles(repo, { ...policyFiles('2023.03.01', { scope: 'Scope.\n' }, '2023-03-01'), '.markdownlint-cli2.jsonc': LINT_CONFIG }, 'Safe harbor r3');
    const result = await cutRelease(repo, { version: '2023.04.01', summary: 'Say our', date: '2023-04-01' });
    expect(result.files).toEqual(['content/policy.yaml']);
    expect(read(repo, 'content/policy.yaml')).toContain('version: "2023.04.01"\ndate: "2023-04-01"\n');
    expect(gitSync(repo, ['log', '-1', '--format=%s'])).toBe('Policy v2023.04.01: Say our');
    expect(gitSync(repo, ['rev-parse', 'policy-v2023.04.01^{commit}'])).toBe(result.commit);
    expect((await findReleases(repo)).releases[0]).toMatchObject({ version: '2023.04.01', commit: result.commit });
    // What it said it would carry: no Change History entry is promised.
    expect(formatReleasePlan(result.plan, '2023.04.01')).toMatch(/\nNothing changed since 2023\.03\.01: 2023\.04\.01 will differ only by its version and date\.$/);
    commitFiles(repo, { 'content/policy/scope.md': policyFiles('2023.04.01', { scope: 'Scope, amended.\n' })['content/policy/scope.md']! }, 'Amend the scope');
    const next = await cutRelease(repo, { version: '2023.05.01', summary: 'Amend', date: '2023-05-01' });
    expect(formatReleasePlan(next.plan, '2023.05.01')).toMatch(/\nSections changed since 2023\.04\.01:\n {2}scope: 1 insertion$/);
  });

  it('refuses a dirty tree, and changes nothing', async () => {
    const repo = releasedRepo();
    writeFileSync(path.join(repo, 'content/policy/scope.md'), read(repo, 'content/policy/scope.md') + 'More.\n');
    const before = snapshot(repo);
    await expect(cutRelease(repo, { version: '3.24', summary: 'x', date: '2026-11-27' })).rejects.toThrow(/uncommitted changes \(content\/policy\/scope\.md\)/);
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses while a git am is stopped half-way (a series partly applied), and changes nothing', async () => {
    const repo = releasedRepo();
    // A two-patch series whose second patch no longer applies: git am applies the first and stops, the tree clean.
    const scope = path.join(repo, 'content/policy/scope.md');
    writeFileSync(scope, `${read(repo, 'content/policy/scope.md')}First.\n`);
    gitSync(repo, ['commit', '-q', '-am', 'First']);
    writeFileSync(scope, `${read(repo, 'content/policy/scope.md')}Second.\n`);
    gitSync(repo, ['commit', '-q', '-am', 'Second']);
    const series = gitSync(repo, ['format-patch', '--stdout', 'HEAD~2']);
    gitSync(repo, ['reset', '-q', '--hard', 'HEAD~2']);
    const mbox = path.join(tempDir(), 'series.mbox');
    writeFileSync(mbox, `${series.replace(' First.\n+Second.', ' Frist.\n+Second.')}\n`);
    expect(() => gitSync(repo, ['am', '-q', mbox])).toThrow();
    expect(gitSync(repo, ['log', '-1', '--format=%s'])).toBe('First');
    expect(gitSync(repo, ['status', '--porcelain'])).toBe('');
    const before = snapshot(repo);
    await expect(cutRelease(repo, { version: '3.24', summary: 'x', date: '2026-11-27' })).rejects.toThrow('a git am is stopped half-way in this repository; end it (git am --continue, --skip or --abort), then release');
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses an untracked file in the policy, but not one elsewhere', async () => {
    const repo = releasedRepo();
    writeFileSync(path.join(repo, 'notes.txt'), 'scratch\n');
    writeFileSync(path.join(repo, 'content/policy/draft.md'), '---\nid: draft\ntitle: Draft\norder: 50\n---\n\nDraft.\n');
    const before = snapshot(repo);
    await expect(cutRelease(repo, { version: '3.24', summary: 'x', date: '2026-11-27' })).rejects.toThrow(/uncommitted changes \(content\/policy\/draft\.md\)/);
    expect(snapshot(repo)).toEqual(before);
    rmSync(path.join(repo, 'content/policy/draft.md'));
    await cutRelease(repo, { version: '3.24', summary: 'x', date: '2026-11-27' });
    expect(gitSync(repo, ['status', '--porcelain'])).toBe('?? notes.txt');
  });

  it('refuses a version that does not increase, naming a version that would', async () => {
    const repo = releasedRepo();
    const before = snapshot(repo);
    for (const version of ['3.23', '3.9', '2.0']) {
      await expect(cutRelease(repo, { version, summary: 'x', date: '2026-11-27' })).rejects.toThrow(new UsageError(`version ${version} does not increase on the current version 3.23; give a greater version, e.g. 3.24`));
    }
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses a policy that fails lint, and says where and why', async () => {
    const repo = releasedRepo();
    commitFiles(repo, { 'content/policy/scope.md': '---\nid: scope\ntitle: scope\norder: 10\n---\n\nScope with <b>raw HTML</b>.\n' }, 'Add raw HTML');
    const before = snapshot(repo);
    const refusal = cutRelease(repo, { version: '3.24', summary: 'x', date: '2026-11-27' });
    await expect(refusal).rejects.toThrow(PolicyError);
    await expect(refusal).rejects.toThrow(/content\/policy\/scope\.md:7:\d+ MD033\/no-inline-html[\s\S]*does not pass lint/);
    expect(snapshot(repo)).toEqual(before);
  });

  it('refuses a policy that does not load, and says which file', async () => {
    const repo = releasedRepo();
    commitFiles(repo, { 'content/policy/broken.md': '---\nid: broken\ntitle: Broken\n---\n\nNo order.\n' }, 'Break the policy');
    const before = snapshot(repo);
    const refusal = cutRelease(repo, { version: '3.24', summary: 'x', date: '2026-11-27' });
    await expect(refusal).rejects.toThrow(PolicyError);
    await expect(refusal).rejects.toThrow(/content\/policy\/broken\.md.*order[\s\S]*does not pass lint/);
    expect(snapshot(repo)).toEqual(before);
  });

  it('rolls back the files and the commit when a step after writing fails', async () => {
    const repo = releasedRepo();
    // Signing tags with a program that always fails makes the tag step fail after the commit was made.
    gitSync(repo, ['config', 'tag.gpgSign', 'true']);
    gitSync(repo, ['config', 'gpg.program', 'false']);
    gitSync(repo, ['config', 'gpg.format', 'openpgp']);
    const before = snapshot(repo);
    await expect(cutRelease(repo, { version: '3.24', summary: 'Added Example Ltd', date: '2026-11-27' })).rejects.toThrow(/git tag/);
    expect(snapshot(repo)).toEqual(before);
  });

  it('runs from the command line, and exits 2 with the reason when it refuses', async () => {
    const repo = releasedRepo();
    const run = (...args: string[]) => runCli(['release', ...args], { cwd: repo });
    const ok = await run('3.24', '--summary', 'Added Example Ltd', '--date', '2026-11-27');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^released v3\.24 \(was v3\.23\): commit [0-9a-f]{12}, tag policy-v3\.24$/m);
    const again = await run('3.24', '--summary', 'Again', '--date', '2026-11-28');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^policy release: version 3\.24 does not increase on the current version 3\.24/);
    const noSummary = await run('3.25');
    expect(noSummary.code).toBe(2);
    expect(noSummary.stderr).toContain('give --summary');
  });

  it('writes the new entry in the list style the Change History has, so a policy linted for its own style can be released', async () => {
    const repo = tempRepo();
    gitSync(repo, ['config', 'user.name', 'Release Manager']);
    gitSync(repo, ['config', 'user.email', 'releases@example.org']);
    const files = policyFiles('1.1', { scope: 'Scope.\n', 'change-history': '- **v1.1 Aug 8th 2019:** Second\n- **v1.0 Aug 6th 2019:** First\n' }, '2019-08-08');
    // markdownlint's own default: one space after a list marker, as a policy made with policy init may be linted.
    files['.markdownlint-cli2.jsonc'] = '{ "config": { "default": true, "first-line-heading": false, "line-length": false } }\n';
    commitFiles(repo, files, 'Policy v1.1: Second');
    const run = await runCli(['release', '1.2', '--summary', 'Third', '--date', '2020-01-01'], { cwd: repo });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(read(repo, 'content/policy/change-history.md')).toContain('\n- **v1.2 Jan 1st 2020:** Third\n- **v1.1 Aug 8th 2019:** Second\n');
  });

  it('warns when --date is before the changes it releases were committed, and releases all the same', async () => {
    const repo = releasedRepo();
    commitFiles(repo, { 'content/policy/scope.md': readFileSync(path.join(repo, 'content/policy/scope.md'), 'utf8').replace('Scope.', 'The whole scope.') }, 'Scope: the whole of it');
    const committed = gitSync(repo, ['log', '-1', '--format=%cs']);
    const run = await runCli(['release', '3.24', '--summary', 'Scope', '--date', '2020-01-01'], { cwd: repo });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`policy release: --date 2020-01-01 is before ${committed}, when the newest change it carries was committed; the site will say version 3.24 is in effect since 2020-01-01\n`);
  });
});
