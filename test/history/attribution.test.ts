/**
 * A release is fixed when it is made: whatever order a series is applied and released in (git am, merge --no-ff,
 * fast-forward, a release cut on a branch, a release before git am), what the site renders about earlier releases
 * stays the same, the new release carries exactly the series, and the proposal knows where it ended up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutRelease, loadCheck } from '../../src/lib/history/cut-release.ts';
import { loadPolicyHistory, type PolicyHistory } from '../../src/lib/history/history.ts';
import { computeReleaseChanges } from '../../src/lib/history/release-changes.ts';
import { applyProposalVersion, type LoadedVersion } from '../../src/lib/proposals/load.ts';
import { describeBase, proposalOutcome, type ProposalOutcome } from '../../src/lib/proposals/outcome.ts';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { commitFiles, copyRepo, gitSync, policyFiles, tempDir, tempRepo } from '../support/temp.ts';
import { makeSeries, replaceIn } from '../proposals/support.ts';

const entries = (lines: string[]) => lines.map((line) => `-   **${line}`).join('\n') + '\n';

/** A repository with releases 1.0 and 1.1, a code commit after 1.1, and a committer; returns it and the 1.1 commit. */
function makeReleasedRepo(): { repo: string; base: string } {
  const repo = tempRepo();
  gitSync(repo, ['config', 'user.name', 'Release Manager']);
  gitSync(repo, ['config', 'user.email', 'releases@example.org']);
  commitFiles(repo, policyFiles('1.0', { scope: 'Scope one.\n', process: 'Report it.\n', 'change-history': entries(['v1.0 Jan 1st 2024:** First']) }), 'Policy v1.0: First');
  const base = commitFiles(repo, policyFiles('1.1', { scope: 'Scope two.\n', process: 'Report it.\n', 'change-history': entries(['v1.1 Feb 2nd 2024:** Second', 'v1.0 Jan 1st 2024:** First']) }, '2024-02-02'), 'Policy v1.1: Second');
  commitFiles(repo, { 'src/app.ts': 'code\n' }, 'Code after the release');
  return { repo, base };
}

/**
 * The released repository, the series against 1.1 (applied as the site applies it) and the repository's history as
 * loaded before any step, made once for the file: every copy has the same commits, so the same history.
 */
let template: Promise<{ repo: string; base: string; mboxFile: string; loaded: LoadedVersion; history: PolicyHistory }> | undefined;

/** A fresh copy of the released repository (same commit ids, same committer), a two-patch series against its 1.1, and its history. */
async function scenario() {
  template ??= (async () => {
    const { repo, base } = makeReleasedRepo();
    const mboxText = makeSeries(repo, base, [replaceIn('content/policy/scope.md', 'Scope two.', 'Scope two, widened.', 'Widen the scope'), replaceIn('content/policy/process.md', 'Report it.', 'Report it by mail.', 'Say how to report')], { cover: 'Two changes' });
    const mboxFile = path.join(tempDir(), 'v1.mbox');
    writeFileSync(mboxFile, mboxText);
    return { repo, base, mboxFile, loaded: await applyProposalVersion(repo, Buffer.from(mboxText), base, 'v1.mbox'), history: await loadPolicyHistory(repo) };
  })();
  const { repo: source, base, mboxFile, loaded, history } = await template;
  return { repo: copyRepo(source), base, mboxFile, loaded, history };
}

/** What the pages, JSON and feed render about a release, without the navigation to newer ones. */
function rendered(history: PolicyHistory, version: string) {
  const release = history.releases.find((candidate) => candidate.version === version)!;
  const previous = history.releases.find((candidate) => candidate.version === release.previous);
  const { next: _next, ...fixed } = release;
  return { ...fixed, changes: previous ? computeReleaseChanges(previous.document, release.document, '/releases/') : undefined };
}

const am = (repo: string, mbox: string) => gitSync(repo, ['am', '-q', '--empty=drop', mbox]);
const release = (repo: string) => cutRelease(repo, { version: '1.2', summary: 'Third', date: '2024-03-03' }, { check: loadCheck });

/** Each order a maintainer may take, ending with release 1.2 made. */
const orders: Record<string, (repo: string, mbox: string) => Promise<void>> = {
  'git am, then release': async (repo, mbox) => {
    am(repo, mbox);
    await release(repo);
  },
  'merge --no-ff, then release': async (repo, mbox) => {
    gitSync(repo, ['switch', '-q', '-c', 'series']);
    am(repo, mbox);
    gitSync(repo, ['switch', '-q', 'main']);
    commitFiles(repo, { 'src/app.ts': 'more code\n' }, 'Code meanwhile');
    gitSync(repo, ['merge', '-q', '--no-ff', '-m', 'Merge the series', 'series']);
    await release(repo);
  },
  'fast-forward, then release': async (repo, mbox) => {
    gitSync(repo, ['switch', '-q', '-c', 'series']);
    am(repo, mbox);
    gitSync(repo, ['switch', '-q', 'main']);
    gitSync(repo, ['merge', '-q', '--ff-only', 'series']);
    await release(repo);
  },
  'release on a branch, merged with --no-ff': async (repo, mbox) => {
    gitSync(repo, ['switch', '-q', '-c', 'release-1.2']);
    am(repo, mbox);
    await release(repo);
    gitSync(repo, ['switch', '-q', 'main']);
    gitSync(repo, ['merge', '-q', '--no-ff', '-m', 'Merge release 1.2', 'release-1.2']);
  },
  'release, then git am': async (repo, mbox) => {
    await release(repo);
    am(repo, mbox);
  },
};

describe('attribution of a series to releases', () => {
  it.each(Object.keys(orders))('%s: earlier releases stay as they were, and the series lands where it was released', async (order) => {
    const { repo, base, mboxFile, loaded, history: before } = await scenario();
    expect(before.unreleased).toBeUndefined();
    expect(await describeBase(repo, base, before.releases)).toEqual({ release: '1.1' });
    const trace = { status: 'open' as const, baseCommit: base, base: loaded.base, proposed: loaded.proposed, patchIds: loaded.patches.map((patch) => patch.patchId) };
    const outcomeIn = async (history: PolicyHistory): Promise<ProposalOutcome> =>
      proposalOutcome(repo, trace, { releases: history.releases, head: history.head, headDocument: (history.unreleased ?? history.releases[0]!).document });
    expect(await outcomeIn(before)).toEqual({ state: 'open' });

    await orders[order]!(repo, mboxFile);
    const after = await loadPolicyHistory(repo);
    expect(after.warnings).toEqual([]);
    expect(after.releases.map((entry) => entry.version)).toEqual(['1.2', '1.1', '1.0']);
    for (const version of ['1.0', '1.1']) expect(rendered(after, version)).toEqual(rendered(before, version));

    const scope = (history: PolicyHistory['releases'][number] | NonNullable<PolicyHistory['unreleased']>) => history.document.sections.find((section) => section.id === 'scope')!.body;
    const outcome = await outcomeIn(after);
    if (order === 'release, then git am') {
      expect(scope(after.releases[0]!)).toBe('Scope two.\n');
      expect(after.unreleased?.commits.map((commit) => commit.subject)).toEqual(['Say how to report', 'Widen the scope']);
      expect(outcome).toMatchObject({ state: 'merged', by: 'patch-id' });
      expect(outcome).not.toHaveProperty('release');
    } else {
      expect(after.unreleased).toBeUndefined();
      const changes = rendered(after, '1.2').changes!;
      expect(changes.summary.sections.filter((section) => section.status !== 'unchanged').map((section) => section.id)).toEqual(['scope', 'process', 'change-history']);
      expect(scope(after.releases[0]!)).toBe('Scope two, widened.\n');
      expect(outcome).toMatchObject({ state: 'merged', release: '1.2', by: 'patch-id' });
    }
  });

  it('finds a series merged with edits by its text, and keeps a recorded withdrawal', async () => {
    const { repo, base, loaded } = await scenario();
    commitFiles(repo, policyFiles('1.1', { scope: 'Scope two, widened.\n', process: 'Report it by mail.\n', 'change-history': entries(['v1.1 Feb 2nd 2024:** Second', 'v1.0 Jan 1st 2024:** First']) }, '2024-02-02'), 'Both changes in one commit');
    const history = await loadPolicyHistory(repo);
    const trace = { status: 'open' as const, baseCommit: base, base: loaded.base, proposed: loaded.proposed, patchIds: loaded.patches.map((patch) => patch.patchId) };
    const where = { releases: history.releases, head: history.head, headDocument: history.unreleased!.document };
    expect(await proposalOutcome(repo, trace, where)).toEqual({ state: 'merged', commits: [], by: 'text' });
    expect(await proposalOutcome(repo, { ...trace, status: 'withdrawn' }, where)).toEqual({ state: 'withdrawn' });
    expect(await describeBase(repo, history.head, history.releases)).toMatchObject({ commit: history.head, after: '1.1' });
  });
});

/** One step a repository's history may take after some releases. */
type Step = 'policy commit' | 'code commit' | 'release' | 'merge --no-ff' | 'release on a branch' | 'git am';

describe('attribution under any sequence of steps', () => {
  it('never changes what is rendered about a release once it is made, and lists every later policy commit as unreleased', async () => {
    const steps: Step[] = ['policy commit', 'code commit', 'release', 'merge --no-ff', 'release on a branch', 'git am'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...steps), { minLength: 3, maxLength: 5 }), async (sequence) => {
        const { repo, history } = await scenario();
        let minor = 1;
        let edits = 0;
        let codes = 0;
        const edit = (message: string) => {
          edits++;
          return commitFiles(repo, { [`content/policy/scope.md`]: `---\nid: scope\ntitle: scope\norder: 10\n---\n\nScope, edit ${edits}.\n` }, message);
        };
        const releaseNext = () => cutRelease(repo, { version: `1.${++minor}`, summary: `Release ${minor}`, date: '2024-03-03' }, { check: loadCheck });
        let before = history;
        for (const step of sequence) {
          if (step === 'policy commit') edit('Edit the scope');
          else if (step === 'code commit') commitFiles(repo, { 'src/app.ts': `code ${++codes}\n` }, 'Code');
          else if (step === 'release') await releaseNext();
          else if (step === 'merge --no-ff' || step === 'release on a branch') {
            gitSync(repo, ['switch', '-q', '-c', `side-${edits}-${minor}`]);
            const branch = gitSync(repo, ['branch', '--show-current']);
            edit('Edit on a branch');
            if (step === 'release on a branch') await releaseNext();
            gitSync(repo, ['switch', '-q', 'main']);
            gitSync(repo, ['merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch]);
          } else {
            gitSync(repo, ['switch', '-q', '-c', `am-${edits}-${minor}`]);
            const branch = gitSync(repo, ['branch', '--show-current']);
            edit('Edit sent as a patch');
            const patch = gitSync(repo, ['format-patch', '--stdout', '-1', 'HEAD']) + '\n';
            gitSync(repo, ['switch', '-q', 'main']);
            gitSync(repo, ['branch', '-q', '-D', branch]);
            gitSync(repo, ['am', '-q', '--empty=drop'], patch);
          }
          const after = await loadPolicyHistory(repo);
          expect(after.warnings).toEqual([]);
          for (const release of before.releases) expect(rendered(after, release.version), `${sequence.join(', ')}: ${release.version} after ${step}`).toEqual(rendered(before, release.version));
          const newest = after.releases[0]!;
          const expected = gitSync(repo, ['log', '--no-merges', '--format=%H', `${newest.commit}..HEAD`, '--', 'content/policy', 'content/policy.yaml']).split('\n').filter(Boolean);
          const differs = gitSync(repo, ['diff', '--name-only', newest.commit, 'HEAD', '--', 'content/policy', 'content/policy.yaml']) !== '';
          expect(after.unreleased?.commits.map((commit) => commit.commit) ?? [], `${sequence.join(', ')}: unreleased after ${step}`).toEqual(differs ? expected : []);
          before = after;
        }
      }),
      { numRuns: 2 },
    );
  }, 300_000);
});
