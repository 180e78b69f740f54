/** Paths the user gave, read from a folder other than the process's own when a caller (a test, a program) says so. */
import path from 'node:path';

/** `file` taken from `folder` when relative; kept exactly as given when `folder` is '.', so messages name it as the user wrote it. */
export function userPath(folder: string, file: string): string {
  return folder === '.' || path.isAbsolute(file) ? file : path.join(folder, file);
}
