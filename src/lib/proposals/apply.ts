/** Applies a series with `git am` at its base commit, in a temporary worktree, and reports where it fails. */
import { PolicyError, type Problem } from '../errors.ts';
import { git, GitError, gitText } from '../git.ts';
import { withTemporaryWorktree } from '../worktree.ts';
import { refusePath } from './paths.ts';
import { patchLabel, type PatchSeries } from './series.ts';

/** The worktree with the series applied: one commit per patch, in order. */
export interface AppliedSeries {
  /** The temporary worktree (removed when the callback returns). */
  dir: string;
  base: string;
  commits: string[];
}

// No hooks, no signing, no automatic gc, no three-way fallback: git am does exactly what the patch says.
const AM_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', '-c', 'gc.auto=0', '-c', 'am.threeWay=false', '-c', 'am.keepcr=false'];
const COMMITTER = { GIT_COMMITTER_NAME: 'policy import', GIT_COMMITTER_EMAIL: 'policy-import@localhost' };

/** Turns git am's complaint into a sentence naming the file and the hunk that failed. */
export function describeAmFailure(stderr: string): string {
  const hunk = /^error: patch failed: (.+):(\d+)$/m.exec(stderr);
  const reasons = stderr
    .split('\n')
    .filter((line) => line.startsWith('error: ') && !line.startsWith('error: patch failed:'))
    .map((line) => line.slice('error: '.length));
  const where = hunk ? `the hunk at line ${hunk[2]} of ${hunk[1]} does not apply` : reasons[0] ?? (stderr.trim().split('\n')[0] || 'git am failed');
  const extra = reasons.filter((reason) => !hunk || !reason.startsWith(`${hunk[1]}: patch does not apply`));
  return [where, ...extra.filter((reason) => reason !== where)].join('; ');
}

/** Checks what each applied commit changed, from git's own tree comparison: policy files only, regular mode. */
async function verifyCommits(dir: string, base: string, commits: string[], series: PatchSeries, file: string): Promise<void> {
  const problems: Problem[] = [];
  let parent = base;
  for (const [position, commit] of commits.entries()) {
    const { stdout } = await git(['diff-tree', '-r', '-z', '--no-renames', '--raw', parent, commit], { cwd: dir });
    const fields = stdout.toString('utf8').split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [oldMode, newMode] = fields[i]!.slice(1).split(' ');
      const path = fields[i + 1]!;
      const reason = refusePath(path) ?? ([oldMode, newMode].every((mode) => mode === '000000' || mode === '100644') ? undefined : `ends up with mode ${newMode} (was ${oldMode}); only regular files may change`);
      if (reason) problems.push({ file, rule: 'import-path', message: `${patchLabel(series.patches[position]!, series.total)}: ${path} ${reason}` });
    }
    parent = commit;
  }
  if (problems.length) throw new PolicyError(problems);
}

/**
 * Applies `series` at `base` in a temporary worktree, one `git am` per patch, then runs `use` on the
 * result; the worktree is removed afterwards. Throws a PolicyError naming the patch, file and hunk that fail.
 */
export async function withAppliedSeries<T>(repo: string, base: string, series: PatchSeries, file: string, use: (applied: AppliedSeries) => Promise<T>): Promise<T> {
  return withTemporaryWorktree(repo, base, async (dir) => {
    const commits: string[] = [];
    for (const patch of series.patches) {
      try {
        await git([...AM_CONFIG, 'am', '--quiet', '--no-3way', '--committer-date-is-author-date'], { cwd: dir, input: patch.message.raw, env: COMMITTER });
      } catch (error) {
        if (!(error instanceof GitError)) throw error;
        throw new PolicyError({ file, rule: 'import-apply', message: `${patchLabel(patch, series.total)} does not apply at ${base.slice(0, 12)}: ${describeAmFailure(error.stderr)}` });
      }
      commits.push(await gitText(['rev-parse', 'HEAD'], { cwd: dir }));
    }
    await verifyCommits(dir, base, commits, series, file);
    return use({ dir, base, commits });
  });
}
