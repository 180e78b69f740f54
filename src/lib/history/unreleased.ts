/**
 * The unreleased changes: commits to the policy made after the newest release. They belong to no release until the
 * next one is made, so they are shown apart, as a redline of the newest release against the tip, never as a release.
 */
import { git } from '../git.ts';
import { POLICY_PATHS, samePolicy } from './releases.ts';

/** One commit among the unreleased changes (a merge is shown through the commits it brings). */
export interface PolicyCommitInfo {
  commit: string;
  /** Commit date, ISO 8601, from git. */
  committed: string;
  author: string;
  subject: string;
}

/** The commits that changed the policy after `release` up to `head`, newest first; none when the text is the release's. */
export async function findUnreleasedCommits(repo: string, release: string, head: string): Promise<PolicyCommitInfo[]> {
  if (await samePolicy(repo, release, head)) return [];
  return policyCommitsBetween(repo, release, head);
}

/** The non-merge commits in `from..to` that touch the policy files, newest first. */
export async function policyCommitsBetween(repo: string, from: string | undefined, to: string): Promise<PolicyCommitInfo[]> {
  const range = from ? [`${from}..${to}`] : [to];
  const { stdout } = await git(['log', '--no-merges', '-z', '--format=%H%x1f%cI%x1f%an%x1f%s', ...range, '--', ...POLICY_PATHS], { cwd: repo });
  return stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const [commit, committed, author, subject] = record.replace(/^\n/, '').split('\x1f') as [string, string, string, string];
      return { commit, committed, author, subject };
    });
}
