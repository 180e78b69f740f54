/**
 * Temporary detached git worktrees that never outlive their use: removed on success, on error and on
 * SIGINT/SIGTERM; one left behind by a crash (SIGKILL, power loss) is found and pruned on the next run. What git
 * creates in one (the commits of `git am`) goes to an object store inside it, removed with it, so the repository's
 * own store (`git count-objects`) is the same afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onExitOrSignal } from './exit-cleanup.ts';
import { git, GitError, gitText, setScratchObjects } from './git.ts';
import { processAlive } from './process-alive.ts';
import { memoPromise } from './promise-memo.ts';

/** Name prefix of every temporary worktree folder; the creating process id follows, so a stale one can be told from a live one. */
export const WORKTREE_PREFIX = 'policy-worktree-';

/** Worktrees of this process that still exist, with the repository each belongs to. */
const active = new Map<string, string>();

/** Removes one worktree synchronously: the only kind of work a signal handler or exit hook can finish. */
function removeNow(dir: string, repo: string): void {
  let unregistered = false;
  try {
    execFileSync('git', ['worktree', 'remove', '--force', '--force', dir], { cwd: repo, stdio: 'ignore' });
    unregistered = true;
  } catch {
    // Already gone, or git failed: the folder is removed below and the entry pruned.
  }
  rmSync(dir, { recursive: true, force: true });
  setScratchObjects(dir);
  try {
    // git worktree remove has unregistered it already when it succeeded: a prune would be one more process for nothing.
    if (!unregistered) execFileSync('git', ['worktree', 'prune'], { cwd: repo, stdio: 'ignore' });
  } catch {
    // Pruned on the next run.
  }
  active.delete(dir);
}

/**
 * Removes one worktree without blocking: what withTemporaryWorktree does when its work is done. The build removes
 * several while others are in use, and a synchronous git run would hold up all of them (and fork from a big process).
 */
async function removeLater(dir: string, repo: string): Promise<void> {
  const { code } = await oneAtATime(repo, () => git(['worktree', 'remove', '--force', '--force', dir], { cwd: repo, okCodes: [128] })).catch(() => ({ code: 128 }));
  await rm(dir, { recursive: true, force: true });
  setScratchObjects(dir);
  // git worktree remove has unregistered it already when it succeeded: a prune would be one more process for nothing.
  if (code !== 0) await oneAtATime(repo, () => git(['worktree', 'prune'], { cwd: repo })).catch(() => undefined);
  active.delete(dir);
}

/** Per repository, the last change to its worktree registrations this process started (see oneAtATime). */
const registering = new Map<string, Promise<unknown>>();

/**
 * Runs `change` (a `git worktree add`, `remove` or `prune`) after the one this process started before it in `repo`: git reads
 * every registration while it adds one, and fails on an entry that another add or remove is half-way through
 * writing or deleting ("failed to read .git/worktrees/…/commondir"), which the build's versions applied at once met.
 */
function oneAtATime<T>(repo: string, change: () => Promise<T>): Promise<T> {
  const done = (registering.get(repo) ?? Promise.resolve()).catch(() => undefined).then(change);
  registering.set(repo, done);
  const forget = () => {
    if (registering.get(repo) === done) registering.delete(repo);
  };
  done.then(forget, forget);
  return done;
}

/** Adds the detached worktree `dir` at `commit`, again after a moment while another process's add or remove is half-done. */
function addWorktree(repo: string, dir: string, commit: string): Promise<unknown> {
  // No checkout hooks, no automatic gc: the worktree must not change anything in the repository.
  return whileHalfWritten(() => oneAtATime(repo, () => git(['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', dir, commit], { cwd: repo })));
}

/**
 * Runs `gitRun` again, every 50 ms for a second at most, while git fails on a worktree registration that another
 * process is half-way through writing or deleting ("failed to read .git/worktrees/…/commondir").
 */
async function whileHalfWritten<T>(gitRun: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await gitRun();
    } catch (error) {
      if (!(error instanceof GitError && /failed to read .*worktrees/.test(error.stderr)) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The object store of a temporary worktree: a folder inside it, removed with it (a patch cannot write there: only policy files may change). */
function objectsOf(dir: string): string {
  return path.join(dir, '.policy-objects');
}

/** Whether the process that made a worktree (its id is in the folder name) is still running. */
function creatorAlive(dir: string, prefix = WORKTREE_PREFIX): boolean {
  const match = new RegExp(`^${prefix}(\\d+)-`).exec(path.basename(dir));
  if (!match) return true;
  const pid = Number(match[1]);
  if (pid === process.pid) return prefix === WORKTREE_PREFIX ? active.has(dir) : true;
  return processAlive(pid);
}

/**
 * Whether a live process still works inside `dir` (its working directory is there). A creator killed with SIGKILL
 * leaves its children running: a `git am` in the worktree goes on, and removing the worktree under it would let git
 * register it again. Read from /proc where there is one; elsewhere nothing is known, so nothing is in use.
 */
function processWorksIn(dir: string): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return false;
  }
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // Gone already: the listed path is all there is to compare.
  }
  // /proc shows resolved paths; the temporary directory may sit behind a symlink.
  const roots = [...new Set([dir, real])];
  return pids.some((pid) => {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      return roots.some((root) => cwd === root || cwd.startsWith(`${root}${path.sep}`));
    } catch {
      return false;
    }
  });
}

/**
 * Removes the temporary worktrees of `repo` whose creating process is gone and in which no process still works,
 * and stale folders with the prefix in the temporary directory; then `git worktree prune` if any registration is left
 * whose folder is gone. Returns the folders removed.
 */
export function pruneStaleWorktrees(repo: string): Promise<string[]> {
  const pruning = pruneNow(repo);
  pruned.set(repo, pruning);
  pruning.catch(() => pruned.delete(repo));
  return pruning;
}

/** Per repository, the last pruning of stale worktrees this process started (see withTemporaryWorktree). */
const pruned = new Map<string, Promise<unknown>>();

/** What pruneStaleWorktrees does, each time it is called. */
async function pruneNow(repo: string): Promise<string[]> {
  const removed: string[] = [];
  const worktrees = await listWorktrees(repo);
  for (const { dir } of worktrees) {
    if (!path.basename(dir).startsWith(WORKTREE_PREFIX) || creatorAlive(dir) || processWorksIn(dir)) continue;
    await git(['worktree', 'remove', '--force', '--force', dir], { cwd: repo, okCodes: [128] });
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  // A crash between making the folder and registering it leaves an unregistered folder.
  for (const name of readdirSync(tmpdir())) {
    const dir = path.join(tmpdir(), name);
    if (!name.startsWith(WORKTREE_PREFIX) || creatorAlive(dir) || removed.includes(dir) || processWorksIn(dir)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  // Only when there is something to prune: git lists every registration it would prune as "prunable", and this runs
  // before every import (one process for nothing, nearly always).
  if (removed.length > 0 || worktrees.some((worktree) => worktree.prunable)) await git(['worktree', 'prune'], { cwd: repo });
  return removed;
}

/** Removes the folders `<prefix><pid>-*` in the temporary directory whose process is gone (left by a kill); returns them. */
export function removeStaleTempFolders(prefix: string): string[] {
  const removed = readdirSync(tmpdir())
    .filter((name) => name.startsWith(prefix))
    .map((name) => path.join(tmpdir(), name))
    .filter((dir) => !creatorAlive(dir, prefix) && !processWorksIn(dir));
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  return removed;
}

/** A worktree git lists: its folder, and whether `git worktree prune` would remove its registration. */
interface ListedWorktree {
  dir: string;
  prunable: boolean;
}

/**
 * The worktrees git lists for `repo`. Another process may be adding a worktree this very moment, and git
 * cannot read a half-written entry ("failed to read .../commondir"): then it is asked again, briefly.
 */
async function listWorktrees(repo: string): Promise<ListedWorktree[]> {
  const { stdout } = await whileHalfWritten(() => git(['worktree', 'list', '--porcelain', '-z'], { cwd: repo }));
  const worktrees: ListedWorktree[] = [];
  for (const field of stdout.toString('utf8').split('\0')) {
    if (field.startsWith('worktree ')) worktrees.push({ dir: field.slice('worktree '.length), prunable: false });
    else if (field.startsWith('prunable') && worktrees.length > 0) worktrees.at(-1)!.prunable = true;
  }
  return worktrees;
}

/** Temporary worktree folders of `repo` that exist now (registered ones with the prefix). */
export async function listTemporaryWorktrees(repo: string): Promise<string[]> {
  return (await listWorktrees(repo)).map(({ dir }) => dir).filter((dir) => path.basename(dir).startsWith(WORKTREE_PREFIX));
}

/** Per repository, its common git folder (where the object store is), asked of git once per process. */
const commonDirs = new Map<string, Promise<string>>();

/** The common git folder of `repo` (its .git, or the main one for a linked worktree), absolute. */
function commonDirOf(repo: string): Promise<string> {
  return memoPromise(commonDirs, repo, async () => path.resolve(repo, await gitText(['rev-parse', '--git-common-dir'], { cwd: repo })));
}

/**
 * Runs `use` in a new detached worktree of `repo` at `commit` (a full commit id), and removes the worktree
 * afterwards whatever happens. Stale worktrees from earlier crashes are pruned before the first one this process
 * makes in `repo`: worktrees are left only by a process that died, and a build that applies many proposal versions
 * would otherwise list and prune the worktrees again for each (two git processes a version).
 */
export async function withTemporaryWorktree<T>(repo: string, commit: string, use: (dir: string) => Promise<T>): Promise<T> {
  await (pruned.get(repo) ?? pruneStaleWorktrees(repo));
  const dir = mkdtempSync(path.join(tmpdir(), `${WORKTREE_PREFIX}${process.pid}-`));
  active.set(dir, repo);
  const unregister = onExitOrSignal(() => removeNow(dir, repo));
  try {
    await addWorktree(repo, dir, commit);
    const common = await commonDirOf(repo);
    mkdirSync(path.join(objectsOf(dir), 'info'), { recursive: true });
    setScratchObjects(dir, objectsOf(dir), path.join(common, 'objects'));
    return await use(dir);
  } finally {
    // The exit hook stays until the worktree is gone: a Ctrl-C during the removal still removes it.
    try {
      await removeLater(dir, repo);
    } finally {
      unregister();
    }
  }
}
