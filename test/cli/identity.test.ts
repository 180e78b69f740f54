/**
 * Who the commands commit as: a fresh machine has no git identity, and many users keep theirs in one repository's own
 * config. The commands that commit or mail as the user say so before writing anything; commits that are thrown away
 * (series' check that the series applies) need no one's identity.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { commitFiles, gitSync, policyFiles, repoTemplate, tempDir, tempRepo, writeFiles } from '../support/temp.ts';
import { bugBountyHistory } from '../init/support.ts';

/**
 * An environment in which git knows no one: a home without a .gitconfig, no system config, and no guessing of a name
 * or address from the machine (which on some machines would succeed).
 */
function noIdentity(): Record<string, string> {
  const home = tempDir('policy-home-');
  return { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.useConfigOnly', GIT_CONFIG_VALUE_0: 'true' };
}

/** What git says when it knows no one, as each command passes it on. */
const NO_IDENTITY_MESSAGE = 'git does not know who you are, and this command commits or mails as you; run git config --global user.name "Your Name" and git config --global user.email you@example.org, then run it again\n';

/** Release 1.0 of a small policy on main, with a site.yaml naming the list: made once, a copy for each test. */
const releasedRepo = repoTemplate((): { repo: string } => {
  const repo = tempRepo();
  commitFiles(repo, { ...policyFiles('1.0', { scope: 'The team handles reports.\n' }), 'site.yaml': 'name: Test policy\nurl: https://security.our-project.org\nlist: list@example.org\n' }, 'Policy v1.0');
  return { repo };
});

describe('a user git knows in this repository only', () => {
  it('makes a series: the check that it applies commits as no one in particular', async () => {
    const { repo } = releasedRepo();
    gitSync(repo, ['config', 'user.name', 'Repository Only']);
    gitSync(repo, ['config', 'user.email', 'only@example.org']);
    gitSync(repo, ['switch', '-q', '-c', 'change']);
    commitFiles(repo, policyFiles('1.0', { scope: 'The security team handles reports.\n' }), 'Scope: the security team');
    writeFiles(repo, { 'cover.txt': 'Name the team\n\nThe security team handles reports.\n' });
    const made = await runCli(['series', '--cover', 'cover.txt', '-o', 'out'], { cwd: repo, env: noIdentity() });
    expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
    expect(made.stdout).toContain('checked: applies with git am at');
  });
});

describe('a user git does not know', () => {
  it('is told so by policy release, which leaves the repository as it was', async () => {
    const { repo } = releasedRepo();
    const before = [gitSync(repo, ['rev-parse', 'HEAD']), gitSync(repo, ['status', '--porcelain']), gitSync(repo, ['tag'])];
    const run = await runCli(['release', '1.1', '--summary', 'Next', '--date', '2024-03-01'], { cwd: repo, env: noIdentity() });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `policy release: ${NO_IDENTITY_MESSAGE}` });
    expect([gitSync(repo, ['rev-parse', 'HEAD']), gitSync(repo, ['status', '--porcelain']), gitSync(repo, ['tag'])]).toEqual(before);
  });

  it('is told so by policy series, which writes no mail and no tag', async () => {
    const { repo } = releasedRepo();
    gitSync(repo, ['switch', '-q', '-c', 'change']);
    commitFiles(repo, policyFiles('1.0', { scope: 'The security team handles reports.\n' }), 'Scope: the security team');
    writeFiles(repo, { 'cover.txt': 'Name the team\n\nThe security team handles reports.\n' });
    const run = await runCli(['series', '--cover', 'cover.txt', '-o', 'out'], { cwd: repo, env: noIdentity() });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `policy series: ${NO_IDENTITY_MESSAGE}` });
    expect([existsSync(path.join(repo, 'out')), gitSync(repo, ['tag'])]).toEqual([false, '']);
  });

  it('is told so by policy init, from a file and from a history, which makes no folder', async () => {
    const source = bugBountyHistory();
    const file = path.join(source, 'Policies/github-bug-bounty-program-legal-safe-harbor.md');
    for (const args of [['--from', file], ['--git', source, '--from', 'Policies/github-bug-bounty-program-legal-safe-harbor.md']]) {
      const dir = path.join(tempDir(), 'our-policy');
      const run = await runCli(['init', dir, ...args], { env: noIdentity() });
      expect({ code: run.code, stderr: run.stderr }, args[0]).toEqual({ code: 2, stderr: `policy init: ${NO_IDENTITY_MESSAGE}` });
      expect(existsSync(dir), args[0]).toBe(false);
    }
  });
});
