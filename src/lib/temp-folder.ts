/**
 * Private temporary folders that never outlive their use: removed on success, on error, on exit and on
 * SIGINT/SIGTERM/SIGHUP; one left behind by SIGKILL (named with its maker's process id) is removed by the next run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onExitOrSignal } from './exit-cleanup.ts';
import { removeStaleTempFolders } from './worktree.ts';

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
