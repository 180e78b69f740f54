/** Reads a received mbox into a series and checks it before anything is applied: complete, policy files only, a known base. */
import { PolicyError, type Problem } from '../errors.ts';
import { git, resolveCommit } from '../git.ts';
import { mailPlace, readMbox } from './mbox.ts';
import { checkPatchFiles, unreadablePatchReason } from './paths.ts';
import { assembleSeries, patchLabel, type PatchSeries } from './series.ts';

/** A series that passed every check, and the commit it applies to. */
export interface CheckedSeries {
  series: PatchSeries;
  /** Full id of the base commit (from `base-commit:` or the `--base` given). */
  base: string;
}

/** Refuses any patch that touches something other than policy text; names the patch and the file. */
export async function checkSeriesFiles(repo: string, series: PatchSeries, file: string): Promise<void> {
  // Every patch read by git at once (three processes, not three a patch); only a series with something to refuse is
  // read again patch by patch, to name the patch.
  const whole = await checkPatchFiles(repo, series.patches.map((patch) => patch.message.patch).join('\n')).catch((error: unknown) => {
    if (unreadablePatchReason(error) === undefined) throw error;
    return undefined;
  });
  if (whole?.length === 0) return;
  const problems: Problem[] = [];
  for (const patch of series.patches) {
    const label = patchLabel(patch, series.total);
    try {
      for (const refusal of await checkPatchFiles(repo, patch.message.patch)) {
        problems.push({ ...mailPlace(file, patch.message), rule: 'import-path', message: `${label}: ${refusal.file} ${refusal.reason}` });
      }
    } catch (error) {
      const reason = unreadablePatchReason(error);
      if (reason === undefined) throw error;
      problems.push({ ...mailPlace(file, patch.message), rule: 'import-patch', message: `${label} cannot be read as a patch: ${reason}` });
    }
  }
  if (problems.length) throw new PolicyError(problems);
}

/**
 * Whether `commit` names a commit that exists in `repo`. git answers 1 for a name that is no commit here, and 128 for a
 * repository it cannot read (a damaged object): that is a GitError with git's own words, not "not in this repository".
 */
async function commitExists(repo: string, commit: string): Promise<boolean> {
  const { code } = await git(['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], { cwd: repo, okCodes: [1] });
  return code === 0;
}

/** Finds the commit the series applies to: `--base` when given, else its `base-commit:` line, which must exist here. */
export async function resolveSeriesBase(repo: string, series: PatchSeries, file: string, baseOption?: string): Promise<string> {
  if (baseOption !== undefined) return resolveCommit(repo, baseOption);
  if (!series.baseCommit) {
    throw new PolicyError({
      file,
      rule: 'import-base',
      message: 'has no base-commit line, so the commit it applies to is unknown; ask for the series to be sent with "git format-patch --base=..." (policy series does this), or name the base with --base REV',
    });
  }
  if (!(await commitExists(repo, series.baseCommit))) {
    throw new PolicyError({
      file,
      rule: 'import-base',
      message: `is based on commit ${series.baseCommit}, which is not in this repository; fetch it, or name a base that is with --base REV`,
    });
  }
  return series.baseCommit;
}

/** Reads and checks an mbox: a complete series, policy files only, a base commit this repository has. */
export async function checkSeries(repo: string, mbox: Buffer, file: string, baseOption?: string): Promise<CheckedSeries> {
  const series = assembleSeries(await readMbox(mbox, file), file);
  await checkSeriesFiles(repo, series, file);
  const base = await resolveSeriesBase(repo, series, file, baseOption);
  return { series, base };
}
