/** What a series must be before it is made: signed off by its authors, and touching policy content only. */
import type { Problem } from '../errors.ts';
import { git } from '../git.ts';
import { refusedChanges } from '../proposals/paths.ts';
import { commitLabel, type SeriesCommit } from './commits.ts';

/** Refuses each commit without a Signed-off-by from its author (the Developer Certificate of Origin). */
export function checkSignOffs(commits: SeriesCommit[]): Problem[] {
  const problems: Problem[] = [];
  for (const commit of commits) {
    const emails = commit.signOffs.map((ident) => /<([^>]*)>/.exec(ident)?.[1]?.toLowerCase());
    if (emails.includes(commit.authorEmail.toLowerCase())) continue;
    problems.push({
      file: commit.short,
      rule: 'series-signoff',
      message: `${commitLabel(commit)} has no "Signed-off-by: ${commit.author}"; add it with "git rebase --signoff <base>" (or "git commit --amend -s"), or pass --no-signoff-check`,
    });
  }
  return problems;
}

/** Refuses each file a commit touches outside the policy content, and any file that is not a regular text file. */
export async function checkPolicyOnly(repo: string, commits: SeriesCommit[], base: string): Promise<Problem[]> {
  const byId = new Map(commits.map((commit) => [commit.id, commit]));
  const refusals = await refusedChanges(repo, commits.map((commit) => [commit.id, commit.parents[0] ?? base]));
  return refusals.map(({ commit, file, reason }) => ({ file, rule: 'series-path', message: `is changed by ${commitLabel(byId.get(commit)!)}, but it ${reason}` }));
}

/** Refuses whitespace errors each commit adds (trailing white space, a space before a tab), as `git diff --check` finds them and `git am` warns about them. */
export async function checkWhitespace(repo: string, commits: SeriesCommit[], base: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  // Exit 2 says there are problems; the output is each commit's id, then "file:line: what." and the offending line.
  const { stdout } = await git(['-c', 'core.quotePath=false', 'diff-tree', '--stdin', '-r', '--check', '--no-color'], { cwd: repo, input: pairs(commits, base), okCodes: [0, 2] });
  const byId = new Map(commits.map((commit) => [commit.id, commit]));
  let commit: SeriesCommit | undefined;
  for (const line of stdout.toString('utf8').split('\n')) {
    commit = byId.get(line) ?? commit;
    const match = line.startsWith('+') ? null : /^(.+?):(\d+): (.+?)\.?$/.exec(line);
    if (!match || !commit) continue;
    problems.push({
      file: match[1]!,
      line: Number(match[2]),
      rule: 'series-whitespace',
      message: `${match[3]}, added by ${commitLabel(commit)} (git diff --check; git am would warn); remove it ("policy lint --fix" does), then fold the fix into that commit (git commit --fixup ${commit.short}, git rebase -i --autosquash <base>)`,
    });
  }
  return problems;
}

/** "<commit> <parent>" lines for `git diff-tree --stdin`: each commit against its parent (the first commit's is the base). */
function pairs(commits: SeriesCommit[], base: string): string {
  return commits.map((commit) => `${commit.id} ${commit.parents[0] ?? base}\n`).join('');
}
