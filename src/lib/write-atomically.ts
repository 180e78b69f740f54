/** Files written whole or not at all: caches that a reader in another process may open at any moment, and the policy files a command edits. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/** Writes `data` to `file` through a temporary file beside it and a rename; the temporary file never stays behind. */
export function writeFileAtomicallySync(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch (error) {
    // Only a failed write or rename leaves it: after a rename there is nothing to remove.
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** writeFileAtomicallySync without blocking, for files a command edits in the user's repository. */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
