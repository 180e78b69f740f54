/**
 * Where a proposal ended up, found from the repository rather than kept by hand: merged into a release or into the
 * unreleased changes (its patches found in the history by `git patch-id`, or else its changed sections found with
 * the proposed text), or as the maintainer recorded it (withdrawn, rejected), or still open.
 */
import type { PolicyDocument, PolicySection } from '../document.ts';
import { git, isFullCommitId } from '../git.ts';
import type { ProposalStatus } from './metadata.ts';
import { policyPatchIdsBetween } from './patch-id.ts';
import { samePolicy } from '../history/releases.ts';

/** A release as the outcome needs it: its version, commit and text. */
export interface OutcomeRelease {
  version: string;
  commit: string;
  document: PolicyDocument;
}

/** The history a proposal is looked for in: the releases, newest first, and the tip with its text. */
export interface OutcomeHistory {
  releases: OutcomeRelease[];
  head: string;
  /** The text at `head`. */
  headDocument: PolicyDocument;
}

/** Where a proposal ended up. */
export type ProposalOutcome =
  | { state: 'open' }
  | { state: 'withdrawn' | 'rejected' | 'accepted' }
  | {
      state: 'merged';
      /** The release that first carries it; absent when it is among the unreleased changes. */
      release?: string;
      /** The commits that carry its patches, in patch order (empty when found by text). */
      commits: string[];
      /** How it was found. */
      by: 'patch-id' | 'text';
    };

/** What the outcome is computed from: the latest version of the proposal, applied. */
export interface ProposalToTrace {
  status: ProposalStatus;
  baseCommit: string;
  base: PolicyDocument;
  proposed: PolicyDocument;
  patchIds: (string | undefined)[];
}

/** Where the proposal ended up in `history` of the repository at `repo`. */
export async function proposalOutcome(repo: string, proposal: ProposalToTrace, history: OutcomeHistory): Promise<ProposalOutcome> {
  if (proposal.status === 'withdrawn' || proposal.status === 'rejected') return { state: proposal.status };
  const merged = (await mergedByPatchId(repo, proposal, history)) ?? (await mergedByText(repo, proposal, history));
  if (merged) return merged;
  return { state: proposal.status === 'accepted' ? 'accepted' : 'open' };
}

/** Every patch found in the history after the base by its patch id: merged where the last of them arrived. */
async function mergedByPatchId(repo: string, proposal: ProposalToTrace, history: OutcomeHistory): Promise<ProposalOutcome | undefined> {
  if (proposal.patchIds.length === 0 || proposal.patchIds.some((id) => id === undefined)) return undefined;
  const known = await policyPatchIdsBetween(repo, proposal.baseCommit, history.head);
  const commits = proposal.patchIds.map((id) => known.get(id!));
  if (commits.some((commit) => commit === undefined)) return undefined;
  const release = await firstReleaseContaining(repo, history.releases, commits as string[]);
  return { state: 'merged', ...(release ? { release } : {}), commits: commits as string[], by: 'patch-id' };
}

/** Patches edited on the way in have other patch ids: the proposal is merged where every section it changes reads as proposed. */
async function mergedByText(repo: string, proposal: ProposalToTrace, history: OutcomeHistory): Promise<ProposalOutcome | undefined> {
  const changed = changedSections(proposal.base, proposal.proposed);
  if (changed.length === 0) return undefined;
  const carries = (document: PolicyDocument) => changed.every(({ id, proposed }) => sameSection(document.sections.find((section) => section.id === id), proposed));
  const newer = await releasesAfter(repo, history.releases, proposal.baseCommit);
  for (const release of [...newer].reverse()) if (carries(release.document)) return { state: 'merged', release: release.version, commits: [], by: 'text' };
  if (carries(history.headDocument)) return { state: 'merged', commits: [], by: 'text' };
  return undefined;
}

/** The sections the proposal adds, removes or changes, with their proposed form (undefined when removed). */
function changedSections(base: PolicyDocument, proposed: PolicyDocument): { id: string; proposed: PolicySection | undefined }[] {
  const ids = new Set([...base.sections, ...proposed.sections].map((section) => section.id));
  return [...ids].flatMap((id) => {
    const before = base.sections.find((section) => section.id === id);
    const after = proposed.sections.find((section) => section.id === id);
    return sameSection(before, after) ? [] : [{ id, proposed: after }];
  });
}

/** Whether two sections read the same (title, body, place); two absent sections are the same. */
function sameSection(a: PolicySection | undefined, b: PolicySection | undefined): boolean {
  if (!a || !b) return a === b;
  return a.title === b.title && a.body === b.body && (a.parent ?? '') === (b.parent ?? '');
}

/** Whether `ancestor` is in the history of `commit`. */
async function isAncestor(repo: string, ancestor: string, commit: string): Promise<boolean> {
  // A commit is in its own history: no process to ask (a proposal based on the newest release asks so).
  if (ancestor === commit && isFullCommitId(commit)) return true;
  return (await git(['merge-base', '--is-ancestor', ancestor, commit], { cwd: repo, okCodes: [1] })).code === 0;
}

/** The releases (newest first) whose commit does not hold `commit` in its history: those made after it. */
async function releasesAfter(repo: string, releases: OutcomeRelease[], commit: string): Promise<OutcomeRelease[]> {
  const after: OutcomeRelease[] = [];
  for (const release of releases) {
    if (await isAncestor(repo, release.commit, commit)) break;
    after.push(release);
  }
  return after;
}

/** The oldest release (of `releases`, newest first) whose history holds every one of `commits`; a binary search, since each release holds the one before. */
async function firstReleaseContaining(repo: string, releases: OutcomeRelease[], commits: string[]): Promise<string | undefined> {
  const holds = async (release: OutcomeRelease) => {
    for (const commit of commits) if (!(await isAncestor(repo, commit, release.commit))) return false;
    return true;
  };
  const oldestFirst = [...releases].reverse();
  let low = 0;
  let high = oldestFirst.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (await holds(oldestFirst[middle]!)) high = middle;
    else low = middle + 1;
  }
  return oldestFirst[low]?.version;
}

/** What a proposal's base is: a release (its text is exactly that release's), or a commit after a release, with its date. */
export type BaseDescription = { release: string } | { commit: string; committed: string; after?: string };

/** Describes `baseCommit` against `releases` (newest first) truthfully: "release 3.23" only when its policy text is that release's. */
export async function describeBase(repo: string, baseCommit: string, releases: OutcomeRelease[]): Promise<BaseDescription> {
  const newer = await releasesAfter(repo, releases, baseCommit);
  const holding = releases[newer.length];
  if (holding && (await samePolicy(repo, holding.commit, baseCommit))) {
    return { release: holding.version };
  }
  const committed = (await git(['show', '-s', '--format=%cI', baseCommit], { cwd: repo })).stdout.toString('utf8').trim();
  return { commit: baseCommit, committed, ...(holding ? { after: holding.version } : {}) };
}
