/** Temporary worktrees: a stale one is pruned, but not while a process its dead creator started still works in it. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTemporaryWorktrees, pruneStaleWorktrees, withTemporaryWorktree, WORKTREE_PREFIX } from '../../src/lib/worktree.ts';
import { commitFiles, gitSync, tempDir, tempRepo } from '../support/temp.ts';

/** The id of a process that has exited, so a worktree named with it looks left behind by a crash. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

describe('pruning temporary worktrees', () => {
  it('keeps a stale worktree while a process still works in it, and prunes it once that process is gone', async () => {
    const repo = tempRepo();
    const commit = commitFiles(repo, { 'a.txt': 'a\n' }, 'One');
    const dir = path.join(tmpdir(), `${WORKTREE_PREFIX}${deadPid()}-test${process.pid}`);
    gitSync(repo, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
    // As a `git am` outlives an import killed with SIGKILL.
    const orphan = spawn('sleep', ['60'], { cwd: dir, stdio: 'ignore' });
    await new Promise((resolve) => orphan.once('spawn', resolve));
    try {
      expect(await pruneStaleWorktrees(repo)).toEqual([]);
      expect(existsSync(dir)).toBe(true);
      expect(await listTemporaryWorktrees(repo)).toHaveLength(1);
    } finally {
      orphan.kill('SIGKILL');
      await new Promise((resolve) => orphan.once('exit', resolve));
    }
    expect(await pruneStaleWorktrees(repo)).toEqual([dir]);
    expect(existsSync(dir)).toBe(false);
    expect(await listTemporaryWorktrees(repo)).toEqual([]);
    expect(gitSync(repo, ['worktree', 'list', '--porcelain'])).not.toContain(WORKTREE_PREFIX);
  });

  it('prunes the registration of a worktree whose folder was deleted, as git worktree prune does', async () => {
    const repo = tempRepo();
    const commit = commitFiles(repo, { 'a.txt': 'a\n' }, 'One');
    const dir = path.join(tempDir(), 'deleted-by-hand');
    gitSync(repo, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
    rmSync(dir, { recursive: true });
    expect(gitSync(repo, ['worktree', 'list', '--porcelain'])).toContain('prunable');
    expect(await pruneStaleWorktrees(repo)).toEqual([]);
    expect(gitSync(repo, ['worktree', 'list', '--porcelain'])).not.toContain(dir);
  });
});

describe('temporary worktrees at once', () => {
  // git reads every registration while it adds a worktree, and fails on one that another add or remove is half-way
  // through ("failed to read .git/worktrees/…/commondir"): the site build, applying proposal versions at once, left a
  // proposal out of the site for it. Forty at once failed every run before registrations were made one at a time.
  it('are added and removed in one repository, forty at once, without a failure', async () => {
    const repo = tempRepo();
    commitFiles(repo, { 'a.txt': 'one\n' }, 'One');
    const head = gitSync(repo, ['rev-parse', 'HEAD']).trim();
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => withTemporaryWorktree(repo, head, async (dir) => existsSync(path.join(dir, 'a.txt')))));
    expect(results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    expect(results.every((result) => result.status === 'fulfilled' && result.value)).toBe(true);
    expect(await listTemporaryWorktrees(repo)).toEqual([]);
  }, 120_000);
});
