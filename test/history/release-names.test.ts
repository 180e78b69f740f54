import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.ts';
import { formatReleasePlan, releasePlan } from '../../src/lib/history/release-plan.ts';
import { releaseNameVersion } from '../../src/lib/history/release-names.ts';
import { loadPolicyFolder } from '../../src/lib/load/folder.ts';
import { loadPolicySource } from '../../src/lib/load/source.ts';
import { runCli } from '../support/cli.ts';
import { commitFiles, policyFiles, tempRepo } from '../support/temp.ts';

/** Releases 1.0 and 1.1 with no tag, then a commit on top of 1.1. */
function repoWithReleases(): { repo: string; unreleased: string } {
  const repo = tempRepo();
  commitFiles(repo, policyFiles('1.0', { scope: 'One.\n', 'change-history': '' }), 'Policy v1.0');
  commitFiles(repo, policyFiles('1.1', { scope: 'Two.\n', 'change-history': '' }, '2024-02-02'), 'Policy v1.1');
  const unreleased = commitFiles(repo, policyFiles('1.1', { scope: 'Two, amended.\n', 'change-history': '' }, '2024-02-02'), 'Amend the scope');
  return { repo, unreleased };
}

describe('release names', () => {
  it('reads 3.23, v3.23 and policy-v3.23 as the release of 3.23, and nothing else', () => {
    expect(['3.23', 'v3.23', 'policy-v3.23'].map(releaseNameVersion)).toEqual(['3.23', '3.23', '3.23']);
    expect(['HEAD', 'main', 'policy-3.23', 'v3.x', '3.23~1'].map(releaseNameVersion)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('loads a release by name without any tag, as the site shows it, and HEAD beside it', async () => {
    const { repo } = repoWithReleases();
    for (const name of ['1.0', 'v1.0', 'policy-v1.0']) {
      const document = await loadPolicySource(name, repo);
      expect(document.sections.find((section) => section.id === 'scope')!.body).toBe('One.\n');
    }
    expect((await loadPolicySource('1.1', repo)).sections.find((section) => section.id === 'scope')!.body).toBe('Two.\n');
    expect((await loadPolicySource('HEAD', repo)).sections.find((section) => section.id === 'scope')!.body).toBe('Two, amended.\n');
  });

  it('takes a name written with other leading zeros for the one release with those numbers (2019.3.4 for 2019.03.04)', async () => {
    const repo = tempRepo();
    commitFiles(repo, policyFiles('2019.03.04', { scope: 'One.\n', 'change-history': '' }), 'Policy of 4 March 2019');
    commitFiles(repo, policyFiles('2020.06.14', { scope: 'Two.\n', 'change-history': '' }, '2020-06-14'), 'Policy of 14 June 2020');
    for (const name of ['2019.3.4', 'v2019.03.4']) expect((await loadPolicySource(name, repo)).metadata.version).toBe('2019.03.04');
    await expect(loadPolicySource('2019.3.5', repo)).rejects.toThrow(/no release 2019\.3\.5 in the history of HEAD; known releases: 2020\.06\.14 and 2019\.03\.04/);
  });

  it('names the known releases when a name is unknown', async () => {
    const { repo } = repoWithReleases();
    await expect(loadPolicySource('1.7', repo)).rejects.toThrow(new UsageError('no release 1.7 in the history of HEAD; known releases: 1.1 and 1.0'));
    await expect(loadPolicySource('no-such-branch', repo)).rejects.toThrow(/unknown revision "no-such-branch".*or name a release \(known releases: 1\.1 and 1\.0\)/);
  });

  it('are taken by policy check --rev as by redline, with the same refusals', async () => {
    const { repo } = repoWithReleases();
    for (const name of ['1.0', 'v1.0', 'policy-v1.0']) {
      expect(await runCli(['check', '--rev', name], { cwd: repo }), name).toEqual({ code: 0, stdout: 'Test Policy v1.0: 2 sections, no problems\n', stderr: '' });
    }
    expect(await runCli(['check', '--rev', '1.7'], { cwd: repo })).toEqual({ code: 2, stdout: '', stderr: 'policy check: no release 1.7 in the history of HEAD; known releases: 1.1 and 1.0\n' });
    expect((await runCli(['check', '--rev', 'no-such-branch'], { cwd: repo })).stderr).toMatch(/^policy check: unknown revision "no-such-branch".*or name a release \(known releases: 1\.1 and 1\.0\)\n$/);
  });

  it('says what the next release will carry: the commits and sections since the last one', async () => {
    const { repo, unreleased } = repoWithReleases();
    const plan = await releasePlan(repo, await loadPolicyFolder(repo));
    expect(plan.previous?.version).toBe('1.1');
    expect(plan.commits.map((commit) => commit.commit)).toEqual([unreleased]);
    expect(formatReleasePlan(plan, '1.2')).toBe(
      [
        `Release 1.2 will carry 1 commit to the policy since release 1.1 (commit ${plan.previous!.commit.slice(0, 12)}):`,
        `  ${unreleased.slice(0, 12)} ${plan.commits[0]!.committed.slice(0, 10)} Amend the scope (Test Author)`,
        'Sections changed since 1.1, besides the new Change History entry:',
        '  scope: 1 insertion',
      ].join('\n'),
    );
  });
});
