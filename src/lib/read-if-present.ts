/** Reading a file that may not be there: an optional record, a proposal not yet stored, a section folder. */
import { readFile } from 'node:fs/promises';

/** The bytes of `file`, or undefined when there is no such file; any other failure to read it (EACCES, EISDIR) is thrown. */
export async function readFileIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
