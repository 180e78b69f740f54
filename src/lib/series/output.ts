/** Writes a folder all at once: filled in a temporary sibling, renamed into place; removed on error and on Ctrl-C. */
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Fills a new temporary folder beside `target` with `fill`, then puts it at `target` (replacing an earlier one); nothing half-written is ever left at `target`. */
export async function writeFolderAtomically<T>(target: string, fill: (dir: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(path.resolve(target));
  const created = await mkdir(parent, { recursive: true });
  // mkdir, not mkdtemp: the folder is handed to the user, so it takes their umask, not mode 0700.
  const temporary = path.join(parent, `.${path.basename(target)}.partial-${randomUUID()}`);
  await mkdir(temporary);
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(temporary, { recursive: true, force: true });
    for (const name of SIGNALS) process.off(name, onSignal);
    process.kill(process.pid, signal);
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  let done = false;
  try {
    const result = await fill(temporary);
    const existing = await stat(target).then(() => true, () => false);
    if (existing) {
      // Swap: the old folder steps aside, the new one takes its name, then the old one goes.
      const old = `${temporary}.old`;
      await rename(target, old);
      await rename(temporary, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, target);
    }
    done = true;
    return result;
  } finally {
    for (const name of SIGNALS) process.off(name, onSignal);
    await rm(temporary, { recursive: true, force: true });
    if (!done && created) await removeEmptyFolders(parent, created);
  }
}

/** Removes the folders this run made for nothing, from `dir` up to `top`, stopping at the first that is not empty. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let current = dir; current.startsWith(top); current = path.dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
  }
}
