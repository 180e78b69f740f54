/** The version history needs every commit: a shallow clone is refused with the way to fix it. */
import { git, resolveCommit } from '../git.ts';
import { UsageError } from '../errors.ts';

/** The sentence shown when the history is cut short; it names both fixes. */
export const SHALLOW_CLONE_MESSAGE =
  'this is a shallow clone, so the policy history (every release) cannot be read. ' +
  'Fetch the whole history with "git fetch --unshallow" and build again; ' +
  'in GitHub Actions, give actions/checkout "fetch-depth: 0".';

/**
 * Resolves `revision` to a full commit id in a repository with its whole history, in one git process: throws the
 * shallow clone's UsageError first, then resolveCommit's for an unknown revision.
 */
export async function resolveInFullHistory(repo: string, revision: string): Promise<string> {
  if (revision.startsWith('-')) return resolveCommit(repo, revision);
  const args = ['rev-parse', '--is-shallow-repository', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`];
  const { stdout } = await git(args, { cwd: repo, okCodes: [1] });
  const [shallow, commit] = stdout.toString('utf8').split('\n');
  if (shallow === 'true') throw new UsageError(SHALLOW_CLONE_MESSAGE);
  // Not a commit here: resolveCommit says so in its own words.
  return commit || resolveCommit(repo, revision);
}
