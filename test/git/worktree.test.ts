/** Temporary worktrees: a stale one is pruned, but not while a process its dead creator started still works in it. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTemporaryWorktrees, pruneStaleWorktrees, WORKTREE_PREFIX } from '../../src/lib/worktree.ts';
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
