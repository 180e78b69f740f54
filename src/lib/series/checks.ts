/** What a series must be before it is made: signed off by its authors, and touching policy content only. */
import type { Problem } from '../errors.ts';
import { git, gitText } from '../git.ts';
import { refusePath } from '../proposals/paths.ts';
import { commitLabel, type SeriesCommit } from './commits.ts';

/** The Signed-off-by trailers of a commit message, as `git interpret-trailers --parse` reads them. */
export async function signOffs(repo: string, message: string): Promise<string[]> {
  const trailers = await gitText(['interpret-trailers', '--parse', '--no-divider'], { cwd: repo, input: message });
  return trailers
    .split('\n')
    .map((line) => /^signed-off-by:\s*(.*)$/i.exec(line)?.[1]?.trim())
    .filter((value): value is string => Boolean(value));
}

/** Refuses each commit without a Signed-off-by from its author (the Developer Certificate of Origin). */
export async function checkSignOffs(repo: string, commits: SeriesCommit[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const commit of commits) {
    const emails = (await signOffs(repo, commit.message)).map((ident) => /<([^>]*)>/.exec(ident)?.[1]?.toLowerCase());
    if (emails.includes(commit.authorEmail.toLowerCase())) continue;
    problems.push({
      file: commit.short,
      rule: 'series-signoff',
      message: `${commitLabel(commit)} has no "Signed-off-by: ${commit.author}"; add it with "git rebase --signoff <base>" (or "git commit --amend -s"), or pass --no-signoff-check`,
    });
  }
  return problems;
}

const REGULAR = new Set(['100644', '000000']);

/** Refuses each file a commit touches outside the policy content, and any file that is not a regular text file. */
export async function checkPolicyOnly(repo: string, commits: SeriesCommit[], base: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const commit of commits) {
    const parent = commit.parents[0] ?? base;
    const { stdout } = await git(['diff-tree', '-r', '-z', '--raw', '--no-renames', '--no-commit-id', parent, commit.id], { cwd: repo });
    const fields = stdout.toString('utf8').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [oldMode = '', newMode = ''] = fields[i]!.replace(/^:/, '').split(' ');
      const file = fields[i + 1]!;
      const reason = refusePath(file) ?? (!REGULAR.has(oldMode) || !REGULAR.has(newMode) ? `has mode ${newMode === '000000' ? oldMode : newMode}; only regular text files (mode 100644) may change` : undefined);
      if (reason) problems.push({ file, rule: 'series-path', message: `is changed by ${commitLabel(commit)}, but it ${reason}` });
    }
  }
  return problems;
}

/** Refuses whitespace errors each commit adds (trailing white space, a space before a tab), as `git diff --check` finds them and `git am` warns about them. */
export async function checkWhitespace(repo: string, commits: SeriesCommit[], base: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const commit of commits) {
    const parent = commit.parents[0] ?? base;
    // Exit 2 says there are problems; the output is "file:line: what.", then the offending line.
    const { stdout } = await git(['-c', 'core.quotePath=false', 'diff', '--check', '--no-color', parent, commit.id], { cwd: repo, okCodes: [0, 2] });
    for (const line of stdout.toString('utf8').split('\n')) {
      const match = line.startsWith('+') ? null : /^(.+?):(\d+): (.+?)\.?$/.exec(line);
      if (!match) continue;
      problems.push({
        file: match[1]!,
        line: Number(match[2]),
        rule: 'series-whitespace',
        message: `${match[3]}, added by ${commitLabel(commit)} (git diff --check; git am would warn); remove it ("policy lint --fix" does), then fold the fix into that commit (git commit --fixup ${commit.short}, git rebase -i --autosquash <base>)`,
      });
    }
  }
  return problems;
}
