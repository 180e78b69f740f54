/**
 * What a new release will carry: the commits to the policy since the newest release (the unreleased changes) and the
 * sections they change. `policy release` prints it before it commits, so a maintainer sees what the new version
 * will be credited with, and the site's attribution holds no surprise.
 */
import type { PolicyDocument } from '../document.ts';
import { computeRedline } from '../redline/compute.ts';
import { count, countsText } from '../redline/summary.ts';
import type { RedlineSummary } from '../redline/types.ts';
import { loadPolicyAtRevision } from '../load/git-revision.ts';
import { CHANGE_HISTORY_ID } from './change-history.ts';
import { findReleases, type Release } from './releases.ts';
import { policyCommitsBetween, type PolicyCommitInfo } from './unreleased.ts';

/** The unreleased changes a release would take in. */
export interface ReleasePlan {
  /** The newest release, which the new one follows; undefined for the first release. */
  previous?: Release;
  /** Commits to the policy since `previous` (every policy commit for the first release), newest first. */
  commits: PolicyCommitInfo[];
  /** Sections whose text differs from `previous`, with their counts. */
  sections: RedlineSummary['sections'];
  /** Whether the release adds an entry to a Change History section (a policy adopted with policy init may have none). */
  changeHistory: boolean;
}

/** What releasing `current` (the working tree, before the release edit) at HEAD of `repo` would carry. */
export async function releasePlan(repo: string, current: PolicyDocument): Promise<ReleasePlan> {
  const { releases } = await findReleases(repo);
  const previous = releases[0];
  const commits = await policyCommitsBetween(repo, previous?.commit, 'HEAD');
  const changeHistory = current.sections.some((section) => section.id === CHANGE_HISTORY_ID);
  if (!previous) return { commits, sections: [], changeHistory };
  const before = await loadPolicyAtRevision(repo, previous.commit);
  const sections = computeRedline(before, current).summary.sections.filter((section) => section.status !== 'unchanged');
  return { previous, commits, sections, changeHistory };
}

/** The plan as lines for the terminal, saying what release `version` will carry. */
export function formatReleasePlan(plan: ReleasePlan, version: string): string {
  if (!plan.previous) return `Release ${version} is the first release: it carries the policy as committed (${count(plan.commits.length, 'commit')}).`;
  const lines = [`Release ${version} will carry ${count(plan.commits.length, 'commit')} to the policy since release ${plan.previous.version} (commit ${plan.previous.commit.slice(0, 12)}):`];
  for (const commit of plan.commits) lines.push(`  ${commit.commit.slice(0, 12)} ${commit.committed.slice(0, 10)} ${commit.subject} (${commit.author})`);
  // What the release edit itself changes: the Change History entry, or the version and date alone.
  const own = plan.changeHistory ? 'its Change History entry' : 'its version and date';
  if (plan.sections.length === 0) {
    lines.push(plan.commits.length ? `They change how the source is written, not the text: ${version} will read as ${plan.previous.version}, but for ${own}.` : `Nothing changed since ${plan.previous.version}: ${version} will differ only by ${own}.`);
  } else {
    lines.push(`Sections changed since ${plan.previous.version}${plan.changeHistory ? ', besides the new Change History entry' : ''}:`);
    for (const section of plan.sections) lines.push(`  ${section.title.replace(/:\s*$/, '')}: ${section.status === 'modified' ? '' : `${section.status}, `}${countsText(section)}`);
  }
  return lines.join('\n');
}
