/**
 * The order test files start in: the costliest first, so that the run ends with short files on both workers instead
 * of one long file on one of them. A file's cost is estimated from what it does (building a site of its own costs
 * most, driving Chromium next, else its size), or is its duration in the last run Vitest remembers when that is
 * longer: a clean clone (as in CI) has no such durations, and the estimate alone orders it the same way every run.
 * The site builds come first, so the shared build (test/support/build-site.ts) has ended before the files that
 * read it start.
 */
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Estimated seconds of a file that does each of these (the most expensive one it does counts). */
const ESTIMATES: [RegExp, number][] = [
  [/\b(?:buildSite|startBuild)\(/, 120],
  [/\b(?:useBrowserSite|launchBrowser|withBrowser)\(/, 40],
];

/** Seconds a file is expected to take when Vitest has no duration for it: by what it does, else by its size. */
export function estimatedSeconds(source: string): number {
  const bySize = source.length / 2_000;
  return Math.max(bySize, ...ESTIMATES.filter(([pattern]) => pattern.test(source)).map(([, seconds]) => seconds));
}

export default class CostliestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = new Map(files.map((file) => {
      const last = this.ctx.cache.getTestSpecificationResult(file);
      return [file, Math.max(estimatedSeconds(readFileSync(file.moduleId, 'utf8')), (last?.duration ?? 0) / 1000)];
    }));
    return [...files].sort((a, b) => seconds.get(b)! - seconds.get(a)!);
  }
}
