/** The version history needs every commit: a shallow clone is refused with the way to fix it. */
import { gitText } from '../git.ts';
import { UsageError } from '../errors.ts';

/** The sentence shown when the history is cut short; it names both fixes. */
export const SHALLOW_CLONE_MESSAGE =
  'this is a shallow clone, so the policy history (every release) cannot be read. ' +
  'Fetch the whole history with "git fetch --unshallow" and build again; ' +
  'in GitHub Actions, give actions/checkout "fetch-depth: 0".';

/** Throws a UsageError naming the fix when `repo` is a shallow clone. */
export async function assertFullHistory(repo: string): Promise<void> {
  const shallow = await gitText(['rev-parse', '--is-shallow-repository'], { cwd: repo });
  if (shallow === 'true') throw new UsageError(SHALLOW_CLONE_MESSAGE);
}
