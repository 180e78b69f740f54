/** Proves a series before it is handed out: it applies with git am at its base, gives the tip's tree, and the result lints clean. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError, type Problem } from '../errors.ts';
import { GitError, gitText } from '../git.ts';
import { lintPolicy, type LintResult } from '../lint/index.ts';
import { withTempFolder } from '../temp-folder.ts';
import { withScratchRepository } from '../scratch-repository.ts';

/** What the checks found out. */
export interface VerifiedSeries {
  /** Tree id the applied series produced (equal to the tip's). */
  tree: string;
}

/**
 * In a scratch repository at `base` (see ../scratch-repository.ts; `commonDir` is the repository's common git folder):
 * `git am --empty=drop` the whole thread (the cover letter is dropped as empty), compare the tree with `tip`'s, then
 * lint the result; only when that finds errors is the base linted too, to tell the series' findings from those the
 * base has already.
 */
export async function verifySeries(repo: string, commonDir: string, base: string, tip: string, threadMbox: string, label: string): Promise<VerifiedSeries> {
  const mbox = path.resolve(threadMbox);
  return withScratchRepository(commonDir, base, async ({ dir, run }) => {
    try {
      await run(['am', '--quiet', '--no-3way', '--empty=drop', mbox]);
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      const reason = error.stderr.split('\n').find((line) => /^(error|fatal|Patch failed)/.test(line)) ?? error.stderr.trim();
      throw new PolicyError({ file: label, rule: 'series-apply', message: `does not apply with git am at its base ${base.slice(0, 7)}: ${reason}` });
    }
    const [tree, tipTree] = (await run(['rev-parse', 'HEAD^{tree}', `${tip}^{tree}`])).stdout.toString('utf8').trim().split('\n');
    if (tree !== tipTree) {
      const files = (await run(['diff', '--name-only', tree!, tipTree!])).stdout.toString('utf8').trim();
      throw new PolicyError({ file: label, rule: 'series-apply', message: `applies, but the result differs from the branch tip in ${files.split('\n').join(', ')}` });
    }
    const atTip = (await lintPolicy(dir)).results;
    if (!atTip.some((result) => result.severity !== 'warning')) return { tree: tree! };
    // Findings the base already has are not the series' doing (a rule newer than the text, say): only new ones refuse it.
    await run(['checkout', '--quiet', '--detach', base]);
    const atBase = findingCounts((await lintPolicy(dir)).results);
    const introduced = atTip.filter((result) => result.severity === 'warning' || !takeFinding(atBase, result));
    if (introduced.some((result) => result.severity !== 'warning')) {
      const problems: Problem[] = [];
      for (const result of introduced) {
        const commit = await lastChangedBy(repo, base, tip, result.fileName);
        problems.push({
          file: result.fileName,
          line: result.lineNumber,
          column: result.errorRange?.[0],
          rule: result.ruleNames.join('/'),
          message: `${result.ruleDescription}${result.errorDetail ? ` [${result.errorDetail}]` : ''}${commit ? ` (last changed by ${commit})` : ''}`,
        });
      }
      problems.push({ file: label, rule: 'series-lint', message: 'is refused: lint finds on the branch tip what it does not find at the base (findings above); fix them with "policy lint --fix" or by hand, commit, and run policy series again' });
      throw new PolicyError(problems);
    }
    return { tree: tree! };
  });
}

/** A finding without its line number, which edits above it move. */
function findingKey(result: LintResult): string {
  return [result.fileName, result.ruleNames[0], result.errorDetail, result.errorContext].join('\0');
}

/** How many times each finding occurs. */
function findingCounts(results: LintResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(findingKey(result), (counts.get(findingKey(result)) ?? 0) + 1);
  return counts;
}

/** Takes one occurrence of `result` out of `counts`; false when none is left (the finding is new). */
function takeFinding(counts: Map<string, number>, result: LintResult): boolean {
  const left = counts.get(findingKey(result)) ?? 0;
  if (left === 0) return false;
  counts.set(findingKey(result), left - 1);
  return true;
}

/** The series commit that last changed `file`, as `commit 1a2b3c4 ("Subject")`, if any did. */
async function lastChangedBy(repo: string, base: string, tip: string, file: string): Promise<string | undefined> {
  const line = await gitText(['log', '-1', '--format=%h%x00%s', '--abbrev=7', `${base}..${tip}`, '--', file], { cwd: repo });
  if (!line) return undefined;
  const [short, subject] = line.split('\0');
  return `commit ${short} ("${subject}")`;
}

/** Reads back the cover letter as git mailinfo does: its subject, and the patch it carries (none, for a cover letter). */
export async function mailinfo(repo: string, message: string): Promise<{ subject: string; patch: string; body: string }> {
  return withTempFolder('policy-mailinfo-', async (dir) => {
    const info = await gitText(['mailinfo', '-u', path.join(dir, 'msg'), path.join(dir, 'patch')], { cwd: repo, input: message });
    const subject = /^Subject: (.*)$/m.exec(info)?.[1] ?? '';
    return { subject, patch: await readFile(path.join(dir, 'patch'), 'utf8'), body: await readFile(path.join(dir, 'msg'), 'utf8') };
  });
}
