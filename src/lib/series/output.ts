/** Writes a folder all at once: filled in a temporary sibling, renamed into place; removed on error and on Ctrl-C. */
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { onExitOrSignal } from '../exit-cleanup.ts';

/** Fills a new temporary folder beside `target` with `fill`, then puts it at `target` (replacing an earlier one); nothing half-written is ever left at `target`. */
export async function writeFolderAtomically<T>(target: string, fill: (dir: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(path.resolve(target));
  const created = await mkdir(parent, { recursive: true });
  // mkdir, not mkdtemp: the folder is handed to the user, so it takes their umask, not mode 0700.
  const temporary = path.join(parent, `.${path.basename(target)}.partial-${randomUUID()}`);
  const old = `${temporary}.old`;
  await mkdir(temporary);
  let done = false;
  // Whatever stops the run leaves `target` as it was before, or complete.
  const cleanUp = () => {
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    rmSync(temporary, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
    if (!done && created) removeEmptyFolders(parent, created);
  };
  const unregister = onExitOrSignal(cleanUp);
  try {
    const result = await fill(temporary);
    if (await stat(target).then(() => true, () => false)) {
      // Swap: the old folder steps aside, the new one takes its name, then the old one goes.
      await rename(target, old);
      await rename(temporary, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, target);
    }
    done = true;
    return result;
  } finally {
    unregister();
    cleanUp();
  }
}

/** Removes the folders this run made for nothing, from `dir` up to `top`, stopping at the first that is not empty. */
function removeEmptyFolders(dir: string, top: string): void {
  for (let current = dir; current.startsWith(top); current = path.dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
  }
}
