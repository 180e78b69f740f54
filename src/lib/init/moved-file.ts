/**
 * Where a file that is not at a repository's HEAD went: `git log --follow` follows renames back from a path, so a file
 * renamed away before HEAD would import its stale history up to the rename. Init refuses it and names the new path.
 */
import { gitText, listTree } from '../git.ts';

/** What became of a file that HEAD does not hold: renamed (to a path HEAD holds, or not), deleted, or never there. */
export type FileFate = { renamed: string; commit: string } | { deleted: string } | undefined;

// A rename chain longer than this is not followed further (each step is two git calls).
const MAX_RENAMES = 20;

/** Whether `commit` of `repo` holds `file` as a file. */
export async function holdsFile(repo: string, commit: string, file: string): Promise<boolean> {
  return (await listTree(repo, commit, [file])).some((entry) => entry.path === file && entry.type === 'blob');
}

/** What became of `file` by `head`, following its renames forward until a path `head` holds. */
export async function fileFate(repo: string, head: string, file: string): Promise<FileFate> {
  let current = file;
  let fate: FileFate;
  for (let step = 0; step < MAX_RENAMES; step++) {
    // The commit that last removed the path (a rename shows as its removal without rename detection).
    const removed = (await gitText(['log', '-1', '--format=%H', '--no-renames', '--diff-filter=D', head, '--', current], { cwd: repo })).trim();
    if (!removed) return fate;
    const short = (await gitText(['rev-parse', '--short', removed], { cwd: repo })).trim();
    const renames = await gitText(['-c', 'core.quotePath=false', 'diff-tree', '-r', '-M', '--name-status', `${removed}^`, removed], { cwd: repo });
    const to = renames
      .split('\n')
      .map((line) => line.split('\t'))
      .find(([status, from]) => status?.startsWith('R') && from === current)?.[2];
    if (!to) return { deleted: short };
    fate = { renamed: to, commit: short };
    if (await holdsFile(repo, head, to)) return fate;
    current = to;
  }
  return fate;
}
