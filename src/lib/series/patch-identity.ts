/** Which patches of two versions of a series are the same change: by the id of their diffs, or by the change a tip still makes. */
import path from 'node:path';
import { git, gitText } from '../git.ts';
import { withTempFolder } from '../temp-folder.ts';

/**
 * Which of `commits` (patches the new version no longer has) make a change still made at `tip`: their diff reverses
 * cleanly there (`git apply --cached --check -R` on one index of the tip, in a folder of its own). A patch squashed
 * into another does; one truly dropped does not.
 */
export async function changesStillIn(repo: string, commits: string[], tip: string): Promise<Set<string>> {
  return withTempFolder(CHECK_PREFIX, async (folder) => {
    const env = { GIT_INDEX_FILE: path.join(folder, 'index') };
    await git(['read-tree', tip], { cwd: repo, env });
    const still = new Set<string>();
    for (const commit of commits) {
      const diff = (await git(['diff-tree', '-p', '--no-commit-id', '--no-color', commit], { cwd: repo })).stdout;
      if (diff.length && (await git(['apply', '--cached', '--check', '-R'], { cwd: repo, env, input: diff, okCodes: [1] })).code === 0) still.add(commit);
    }
    return still;
  });
}

/** Name prefix of the folder that holds the index of that check. */
const CHECK_PREFIX = 'policy-range-diff-';

/** Each commit of the two ranges (`base..tip`) by its full id, with the id of its diff (`git patch-id --stable`). */
export async function patchIds(repo: string, oldRange: string, newRange: string): Promise<Map<string, string>> {
  const [oldBase, oldTip] = oldRange.split('..') as [string, string];
  const [newBase, newTip] = newRange.split('..') as [string, string];
  const patches = await git(['log', '-p', '--no-merges', '--no-color', '--format=commit %H', oldTip, newTip, `^${oldBase}`, `^${newBase}`], { cwd: repo });
  const ids = await gitText(['patch-id', '--stable'], { cwd: repo, input: patches.stdout });
  return new Map(ids.split('\n').filter(Boolean).map((line) => line.split(' ').reverse() as [string, string]));
}

/** The patch id of the commit `short` (an abbreviated id, as range-diff prints it) names. */
export function idOf(ids: Map<string, string>, short: string): string | undefined {
  for (const [commit, id] of ids) if (commit.startsWith(short)) return id;
  return undefined;
}
