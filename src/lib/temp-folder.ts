/**
 * Private temporary folders that never outlive their use: removed on success, on error, on exit and on
 * SIGINT/SIGTERM/SIGHUP; one left behind by SIGKILL (named with its maker's process id) is removed by the next run.
 */
import { mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onExitOrSignal } from './exit-cleanup.ts';
import { processAlive } from './process-alive.ts';

/** Runs `use` in a new folder `<prefix><pid>-*` of the temporary directory and removes it afterwards, whatever ends the run. */
export async function withTempFolder<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  removeStaleTempFolders(prefix);
  // Made and registered for removal in one turn of the event loop: a signal handled between the two would leave it.
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}${process.pid}-`));
  // A git process this one started may still be writing there when a signal arrives (SIGTERM reaches only this
  // process): a file it makes during the removal fails it with ENOTEMPTY, so the removal is tried again.
  const remove = () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  const unregister = onExitOrSignal(remove);
  try {
    return await use(dir);
  } finally {
    unregister();
    remove();
  }
}

/** Removes the folders `<prefix><pid>-*` in `parent` (the temporary directory) whose process is gone (left by a kill); returns them. */
export function removeStaleTempFolders(prefix: string, parent = tmpdir()): string[] {
  const removed = readdirSync(parent)
    .filter((name) => name.startsWith(prefix))
    .map((name) => path.join(parent, name))
    .filter((dir) => !creatorAlive(dir, prefix) && !processWorksIn(dir));
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  return removed;
}

/** Whether the process that made a folder (its id follows the prefix in the name) may still be running. */
function creatorAlive(dir: string, prefix: string): boolean {
  const match = /^(\d+)-/.exec(path.basename(dir).slice(prefix.length));
  return !match || processAlive(Number(match[1]));
}

/**
 * Whether a live process still works inside `dir` (its working directory is there). A creator killed with SIGKILL
 * leaves its children running: a `git am` there goes on, and would write into a folder removed under it. Read from
 * /proc where there is one; elsewhere nothing is known, so nothing is in use.
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
