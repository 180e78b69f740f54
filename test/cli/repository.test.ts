/** Where the commands work: the policy's repository from any folder in it, and a clear refusal outside any. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { useProcessEnv } from '../support/process-env.ts';
import { commitFiles, GIT_TEST_ENV, gitSync, policyFiles, repoTemplate, tempDir, writeFiles } from '../support/temp.ts';

// series and import run git in this process: give it the tests' identity (tags and Message-Ids need one).
useProcessEnv(GIT_TEST_ENV);

/** Releases 1.0 and 1.1 of a small policy on main, with a site.yaml naming the list and its archive: made once, a copy for each test. */
const releasedRepo = repoTemplate((): { repo: string } => {
  const repo = tempDir('policy-repo-');
  gitSync(repo, ['init', '-q', '-b', 'main']);
  commitFiles(repo, { ...policyFiles('1.0', { scope: 'The team handles reports.\n' }), 'site.yaml': 'name: Test policy\nurl: https://policy.example.org\nlist: list@example.org\narchive: https://lists.example.org/r/{messageId}\n' }, 'Policy v1.0');
  commitFiles(repo, policyFiles('1.1', { scope: 'The security team handles reports.\n' }, '2024-02-01'), 'Policy v1.1');
  return { repo };
});

/** The outcome of a run, for one comparison. */
const outcome = (run: { code: number; stderr: string }) => ({ code: run.code, stderr: run.stderr });

/** The refusal every command that reads git gives outside a repository. */
const notInRepository = (command: string, folder: string) => `policy ${command}: ${folder} is not in a git repository; run policy in your policy's repository (the folder holding content/policy.yaml)\n`;

describe('a command run in a subfolder of the policy repository', () => {
  it('lints and checks the repository, working tree and revisions', async () => {
    const { repo } = releasedRepo();
    const cwd = path.join(repo, 'content', 'policy');
    expect(outcome(await runCli(['lint'], { cwd }))).toEqual({ code: 0, stderr: '' });
    expect(await runCli(['check'], { cwd })).toEqual({ code: 0, stdout: 'Test Policy v1.1: 1 sections, no problems\n', stderr: '' });
    expect(await runCli(['check', '--rev', 'HEAD~1'], { cwd })).toEqual({ code: 0, stdout: 'Test Policy v1.0: 1 sections, no problems\n', stderr: '' });
    // A folder given keeps its meaning, read from where it was typed: this one holds no policy, its grandparent does.
    expect(outcome(await runCli(['lint', '.'], { cwd }))).toEqual({ code: 2, stderr: `policy lint: ${cwd} is not a policy folder: it holds neither content/policy.yaml nor content/policy/; run policy in your policy's repository (the folder holding content/policy.yaml), or give that folder\n` });
    expect(outcome(await runCli(['lint', '../..'], { cwd }))).toEqual({ code: 0, stderr: '' });
  });

  it('redlines releases and revisions of the repository, and files from where it was typed', async () => {
    const { repo } = releasedRepo();
    const cwd = path.join(repo, 'content', 'policy');
    for (const args of [['1.0', '1.1'], ['HEAD~1', 'HEAD'], ['1.0', '../..']]) {
      const run = await runCli(['redline', ...args], { cwd });
      expect(outcome(run), args.join(' ')).toEqual({ code: 0, stderr: '' });
      expect(run.stdout, args.join(' ')).toContain('The {+security+} team');
    }
  });

  it('releases, makes a series and imports it, with the paths given read from where they were typed', async () => {
    const { repo } = releasedRepo();
    const cwd = path.join(repo, 'content', 'policy');
    const released = await runCli(['release', '1.2', '--summary', 'Next', '--date', '2024-03-01'], { cwd });
    expect(outcome(released)).toEqual({ code: 0, stderr: '' });
    expect(gitSync(repo, ['tag', '--list', 'policy-v*'])).toBe('policy-v1.2');

    gitSync(repo, ['switch', '-q', '-c', 'change']);
    commitFiles(repo, policyFiles('1.2', { scope: 'The security team handles every report.\n' }, '2024-03-01'), 'Scope: every report');
    writeFiles(repo, { 'cover.txt': 'Every report\n\nThe team handles every report.\n' });
    const made = await runCli(['series', '--cover', '../../cover.txt', '-o', '../../out'], { cwd });
    // (the top's site.yaml names an example address, and series says so)
    expect(outcome(made)).toEqual({ code: 0, stderr: "policy series: the cover letter links the proposal's page at https://policy.example.org/, an example address; set the site's address as url in site.yaml\n" });
    expect(made.stdout).toContain('git send-email ../../out/0000-cover-letter.patch');
    // The list address comes from the repository's site.yaml.
    expect(readFileSync(path.join(repo, 'out/0000-cover-letter.patch'), 'utf8')).toMatch(/^To: list@example\.org$/m);

    gitSync(repo, ['switch', '-q', 'main']);
    const imported = await runCli(['import', '../../out/v1.mbox', '--proposal', 'every-report'], { cwd });
    expect(outcome(imported)).toEqual({ code: 0, stderr: '' });
    expect(existsSync(path.join(repo, 'content/proposals/every-report/v1.mbox'))).toBe(true);
    // So does the archive the discussion links point to.
    expect(readFileSync(path.join(repo, 'content/proposals/every-report/proposal.yaml'), 'utf8')).toMatch(/^ {4}discussion: https:\/\/lists\.example\.org\/r\/cover\./m);
  });
});

describe('a command run outside any git repository', () => {
  it('says so in one line, exit 2, for every command that reads git', async () => {
    const cwd = tempDir();
    expect(outcome(await runCli(['redline', '3.22', '3.23'], { cwd }))).toEqual({ code: 2, stderr: notInRepository('redline', cwd) });
    expect(outcome(await runCli(['redline', 'HEAD:SECURITY.md', 'HEAD'], { cwd }))).toEqual({ code: 2, stderr: notInRepository('redline', cwd) });
    expect(outcome(await runCli(['series'], { cwd }))).toEqual({ code: 2, stderr: notInRepository('series', cwd) });
    expect(outcome(await runCli(['release', '1.2', '--summary', 'Next'], { cwd }))).toEqual({ code: 2, stderr: notInRepository('release', cwd) });
    expect(outcome(await runCli(['import', 'series.mbox'], { cwd }))).toEqual({ code: 2, stderr: notInRepository('import', cwd) });
    expect(outcome(await runCli(['check', '--rev', 'HEAD'], { cwd }))).toEqual({ code: 2, stderr: notInRepository('check', cwd) });
    expect(outcome(await runCli(['check', '--rev', '1.0', '.'], { cwd }))).toEqual({ code: 2, stderr: notInRepository('check', cwd) });
  });

  it('refuses to lint or check a folder that holds no policy, rather than report every file missing', async () => {
    const cwd = tempDir();
    const refusal = (command: string) => `policy ${command}: ${cwd} is not a policy folder: it holds neither content/policy.yaml nor content/policy/; run policy in your policy's repository (the folder holding content/policy.yaml), or give that folder\n`;
    for (const command of ['lint', 'check']) {
      expect(outcome(await runCli([command], { cwd }))).toEqual({ code: 2, stderr: refusal(command) });
      expect(outcome(await runCli([command, cwd]))).toEqual({ code: 2, stderr: refusal(command) });
    }
  });

  it('still lints a policy folder and redlines two files, which need no git', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { ...policyFiles('1.0', { scope: 'Text.\n' }), 'old.md': '# Policy\n\n## Scope\n\nOld text.\n', 'new.md': '# Policy\n\n## Scope\n\nNew text.\n' });
    expect(outcome(await runCli(['lint'], { cwd }))).toEqual({ code: 0, stderr: '' });
    expect(outcome(await runCli(['check'], { cwd }))).toEqual({ code: 0, stderr: '' });
    const redline = await runCli(['redline', 'old.md', 'new.md'], { cwd });
    expect(outcome(redline)).toEqual({ code: 0, stderr: '' });
    expect(redline.stdout).toContain('[-Old-]{+New+} text');
  });
});
