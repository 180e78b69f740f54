/**
 * Scratch repositories (where series are applied): the policy's files checked out alone, every git run in them reading
 * the scratch repository, nothing written into the user's; a stale folder is swept, but not while a process works in it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitText } from '../../src/lib/git.ts';
import { commonGitDir, SCRATCH_PREFIX, withScratchRepository } from '../../src/lib/scratch-repository.ts';
import { removeStaleTempFolders } from '../../src/lib/temp-folder.ts';
import { commitFiles, gitSync, tempDir, tempRepo } from '../support/temp.ts';

/** The files a repository holds: top-level ones, and folders the policy does not live in. */
const PROJECT = { 'site.yaml': 'name: Test\n', 'content/policy.yaml': 'title: T\n', 'content/policy/a.md': '## A\n', 'src/app.ts': 'x\n', 'scripts/build.sh': 'y\n' };

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('a scratch repository', () => {
  it('checks out the top-level files and content/ alone, reads through any git run in it, and writes nothing into the repository', async () => {
    const repo = tempRepo();
    const commit = commitFiles(repo, PROJECT, 'One');
    const objects = gitSync(repo, ['count-objects', '-v']);
    const made = await withScratchRepository(await commonGitDir(repo), commit, async ({ dir, run, spare }) => {
      expect(filesUnder(dir)).toEqual(['content/policy.yaml', 'content/policy/a.md', 'site.yaml']);
      expect(existsSync(spare)).toBe(true);
      await run(['-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-q', '--allow-empty', '-m', 'Two']);
      // A reader given only the folder (not `run`) sees the scratch repository's HEAD, not the repository's.
      expect(await gitText(['log', '--format=%s', '-2'], { cwd: path.join(dir, 'content') })).toBe('Two\nOne');
      return gitText(['rev-parse', 'HEAD'], { cwd: dir });
    });
    expect(gitSync(repo, ['rev-parse', 'HEAD'])).toBe(commit);
    expect(gitSync(repo, ['count-objects', '-v'])).toBe(objects);
    expect(spawnSync('git', ['cat-file', '-e', made], { cwd: repo }).status).not.toBe(0);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`${SCRATCH_PREFIX}${process.pid}-`))).toEqual([]);
  });

  it('works from a linked worktree and in a SHA-256 repository, many at once', async () => {
    const repo = tempRepo();
    const commit = commitFiles(repo, PROJECT, 'One');
    const linked = path.join(tempDir(), 'linked');
    gitSync(repo, ['worktree', 'add', '-q', '--detach', linked, commit]);
    const sha256 = tempDir('policy-repo-');
    gitSync(sha256, ['init', '-q', '--object-format=sha256']);
    const commit256 = commitFiles(sha256, PROJECT, 'One');
    expect(commit256).toHaveLength(64);
    const cases = [...Array.from({ length: 2 }, () => [linked, commit]), ...Array.from({ length: 2 }, () => [sha256, commit256])];
    const heads = await Promise.all(cases.map(async ([at, head]) => withScratchRepository(await commonGitDir(at!), head!, ({ dir }) => gitText(['rev-parse', 'HEAD'], { cwd: dir }))));
    expect(heads).toEqual(cases.map(([, head]) => head));
  });

  it('works in a shallow clone, whose history ends where its shallow file says', async () => {
    const repo = tempRepo();
    commitFiles(repo, PROJECT, 'One');
    const commit = commitFiles(repo, { 'content/policy/a.md': '## A\n\nMore.\n' }, 'Two');
    const shallow = path.join(tempDir(), 'shallow');
    gitSync(tempDir(), ['clone', '-q', '--depth', '1', `file://${repo}`, shallow]);
    // Without the clone's shallow file, git would look for the parent the clone does not have, and fail.
    const log = await withScratchRepository(await commonGitDir(shallow), commit, ({ dir }) => gitText(['log', '--format=%s'], { cwd: dir }));
    expect(log).toBe('Two');
  });
});

describe('sweeping stale scratch folders', () => {
  it('keeps one while a process still works in it, and removes it once that process is gone', async () => {
    // Named by a process that has exited, as one left by an import killed with SIGKILL is.
    const dir = path.join(tmpdir(), `${SCRATCH_PREFIX}${spawnSync('true').pid}-test${process.pid}`);
    mkdirSync(path.join(dir, 'tree'), { recursive: true });
    const live = path.join(tmpdir(), `${SCRATCH_PREFIX}${process.pid}-live-test`);
    mkdirSync(live, { recursive: true });
    // As a `git am` outlives an import killed with SIGKILL.
    const orphan = spawn('sleep', ['60'], { cwd: path.join(dir, 'tree'), stdio: 'ignore' });
    await new Promise((resolve) => orphan.once('spawn', resolve));
    try {
      expect(removeStaleTempFolders(SCRATCH_PREFIX)).not.toContain(dir);
      expect(existsSync(dir)).toBe(true);
    } finally {
      orphan.kill('SIGKILL');
      await new Promise((resolve) => orphan.once('exit', resolve));
    }
    expect(removeStaleTempFolders(SCRATCH_PREFIX)).toContain(dir);
    expect(existsSync(dir)).toBe(false);
    // A live process's folder stays.
    expect(existsSync(live)).toBe(true);
    rmSync(live, { recursive: true });
  });
});
