/** `git patch-id --stable` of commits: the same change has the same id wherever it was applied (git am, cherry-pick, rebase). */
import { git, isFullCommitId } from '../git.ts';
import { POLICY_PATHS } from '../history/releases.ts';
import { memoPromise } from '../promise-memo.ts';

/** Parses `git patch-id` output ("<patch-id> <commit>" per line) into commit → patch id. */
function parsePatchIds(text: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [patchId, commit] = line.trim().split(' ');
    if (patchId && commit) ids.set(commit, patchId);
  }
  return ids;
}

/** The patch id of each of `commits` (a commit that changes nothing has none), computed in two git processes. */
export async function patchIdsOf(repo: string, commits: string[]): Promise<Map<string, string>> {
  if (commits.length === 0) return new Map();
  const shown = await git(['show', '--no-color', '--no-ext-diff', '--pretty=format:commit %H', ...commits], { cwd: repo });
  const { stdout } = await git(['patch-id', '--stable'], { cwd: repo, input: shown.stdout });
  return parsePatchIds(stdout.toString('utf8'));
}

/** Results of policyPatchIdsBetween by repository and commit ids: what commits hold never changes. */
const patchIdsBetween = new Map<string, Promise<Map<string, string>>>();

/**
 * Patch id → commit, for every non-merge commit in `from..to` that changes the policy files (newest first, so the
 * oldest wins). Asked with commit ids, it is computed once per process: every proposal of a site asks for the same
 * range when they share a base.
 */
export function policyPatchIdsBetween(repo: string, from: string, to: string): Promise<Map<string, string>> {
  if (!isFullCommitId(from) || !isFullCommitId(to)) return computePatchIdsBetween(repo, from, to);
  return memoPromise(patchIdsBetween, `${repo}\0${from}\0${to}`, () => computePatchIdsBetween(repo, from, to));
}

/** What policyPatchIdsBetween computes: `git log -p` of the range through `git patch-id --stable`. */
async function computePatchIdsBetween(repo: string, from: string, to: string): Promise<Map<string, string>> {
  const log = await git(['log', '-p', '--no-merges', '--no-color', '--no-ext-diff', '--pretty=format:commit %H', `${from}..${to}`, '--', ...POLICY_PATHS], { cwd: repo });
  if (log.stdout.length === 0) return new Map();
  const { stdout } = await git(['patch-id', '--stable'], { cwd: repo, input: log.stdout });
  const byPatch = new Map<string, string>();
  for (const [commit, patchId] of parsePatchIds(stdout.toString('utf8'))) byPatch.set(patchId, commit);
  return byPatch;
}
