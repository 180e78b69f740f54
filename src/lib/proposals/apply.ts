/** Applies a series with `git am` at its base commit, in a scratch repository, and reports where it fails. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError, type Problem } from '../errors.ts';
import { commonGitDir, withScratchRepository } from '../scratch-repository.ts';
import { mailPlace } from './mbox.ts';
import { commitsAndRefusalsSince, type CommitRefusal } from './paths.ts';
import { patchLabel, type PatchSeries } from './series.ts';

/** The scratch repository with the series applied: one commit per patch, in order. */
export interface AppliedSeries {
  /** Its work tree (the top-level files and content/), in which every git run reads the scratch repository. Removed,
   * with the commits, when the callback returns: read what is needed of them there. */
  dir: string;
  /** The base, as a full commit id. */
  base: string;
  commits: string[];
}

// No three-way fallback (hooks, signing and gc are off in any scratch repository): git am does exactly what the patch says.
const AM_CONFIG = ['-c', 'am.threeWay=false', '-c', 'am.keepcr=false'];

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

/** Refuses what the applied commits change outside the policy files or with another mode (git's own tree comparison). */
function verifyCommits(refusals: CommitRefusal[], commits: string[], series: PatchSeries, file: string): void {
  const problems: Problem[] = refusals.map(({ commit, file: changed, reason }) => {
    const patch = series.patches[commits.indexOf(commit)]!;
    return { ...mailPlace(file, patch.message), rule: 'import-path', message: `${patchLabel(patch, series.total)}: ${changed} ${reason}` };
  });
  if (problems.length) throw new PolicyError(problems);
}

/**
 * Applies `series` at `base` in a scratch repository with one `git am` of its patches in order, then runs
 * `use` on the result; the scratch repository is removed afterwards. Throws a PolicyError naming the patch (from
 * git am's "Patch failed at NNNN"), the file and the hunk that fail.
 */
export async function withAppliedSeries<T>(repo: string, base: string, series: PatchSeries, file: string, use: (applied: AppliedSeries) => Promise<T>): Promise<T> {
  return withScratchRepository(await commonGitDir(repo), base, async ({ dir, run, spare }) => {
    // Each patch mail as git mailsplit gave it, one file each, so git am reads them in series order. They live in the
    // scratch folder, so whatever ends the process (an error, Ctrl-C, a kill and the next run's sweep) removes them with it.
    const files = await Promise.all(
      series.patches.map(async (patch) => {
        const name = path.join(spare, String(patch.index).padStart(4, '0'));
        await writeFile(name, patch.message.raw);
        return name;
      }),
    );
    const am = await run([...AM_CONFIG, 'am', '--quiet', '--no-3way', '--committer-date-is-author-date', '--', ...files], { okCodes: [1, 128] });
    if (am.code !== 0) {
      // git am says which patch stopped it on standard output ("Patch failed at 0002 ..."), and why on standard error.
      const failed = Number(/^Patch failed at (\d+)/m.exec(am.stdout.toString('utf8'))?.[1] ?? '0');
      const patch = series.patches[failed - 1];
      const which = patch ? patchLabel(patch, series.total) : 'the series';
      throw new PolicyError({ ...(patch ? mailPlace(file, patch.message) : { file }), rule: 'import-apply', message: `${which} does not apply at ${base.slice(0, 12)}: ${describeAmFailure(am.stderr)}` });
    }
    // The commits with their changes in one process; the first one's parent is the base as a full commit id.
    const applied = await commitsAndRefusalsSince(dir, base);
    const commits = applied.commits.map((entry) => entry.commit);
    if (commits.length !== series.patches.length) {
      throw new PolicyError({ file, rule: 'import-apply', message: `gave ${commits.length} commits for ${series.patches.length} patches at ${base.slice(0, 12)}; a patch that changes nothing is not part of a proposal` });
    }
    verifyCommits(applied.refusals, commits, series, file);
    return use({ dir, base: applied.commits[0]!.parent, commits });
  });
}
