/** Files written whole or not at all, for caches that a reader in another process may open at any moment. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Writes `data` to `file` through a temporary file beside it and a rename; the temporary file never stays behind. */
export function writeFileAtomicallySync(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
