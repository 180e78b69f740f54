/** The workflow end to end: a series made by `policy series` is imported by `policy import` and loads for the site. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyProposalVersion } from '../../src/lib/proposals/load.ts';
import { runCli } from '../support/cli.ts';
import { commitFiles, gitSync, GIT_TEST_ENV, tempDir } from '../support/temp.ts';
import { policyRepo, replaceIn, repoSnapshot, ROOT, runImport } from './support.ts';

describe('a series made by policy series', () => {
  it('imports, and its cover letter reads without the attached redline', async () => {
    const { repo } = policyRepo();
    // The project's markdownlint settings, which policy series checks the branch against.
    copyFileSync(path.join(ROOT, '.markdownlint-cli2.jsonc'), path.join(repo, '.markdownlint-cli2.jsonc'));
    const base = commitFiles(repo, {}, 'Lint settings');
    gitSync(repo, ['switch', '-q', '-c', 'fix-word']);
    replaceIn('content/policy/introduction.md', 'controverial', 'controversial').apply(repo);
    gitSync(repo, ['commit', '-q', '-s', '-a', '-m', 'Fix spelling of controversial']);
    const cover = path.join(tempDir(), 'cover.txt');
    writeFileSync(cover, 'Fix a word\n\nOne misspelt word.\n');
    const out = path.join(tempDir(), 'out');
    const made = await runCli(['series', '--base', base, '--cover', cover, '-o', out], { cwd: repo, env: GIT_TEST_ENV });
    expect(made.code, `${made.stdout}\n${made.stderr}`).toBe(0);
    const mbox = path.join(out, 'v1.mbox');

    gitSync(repo, ['switch', '-q', 'main']);
    const before = repoSnapshot(repo);
    const imported = await runImport(repo, [mbox, '--proposal', 'fix-word']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const metadata = parse(readFileSync(path.join(repo, 'content/proposals/fix-word/proposal.yaml'), 'utf8'));
    expect(metadata.versions[0]).toMatchObject({ version: 1, subject: '[PATCH v1 0/1] Fix a word', baseCommit: base, patches: 1 });
    expect(readFileSync(path.join(repo, 'content/proposals/fix-word/v1.mbox'))).toEqual(readFileSync(mbox));
    // Apart from the two files written, the repository is as it was.
    gitSync(repo, ['clean', '-q', '-f', '-d', 'content/proposals']);
    expect(repoSnapshot(repo)).toBe(before);

    const loaded = await applyProposalVersion(repo, readFileSync(mbox), base, 'v1.mbox');
    expect(loaded.cover).toContain('One misspelt word.');
    expect(loaded.cover).not.toMatch(/<html|<!doctype/i);
    expect(loaded.proposed.sections.find((section) => section.id === 'introduction')!.body).toContain('controversial');
  });
});
