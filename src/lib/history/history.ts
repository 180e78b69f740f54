/** The policy's version history: every release with its text and its Change History line, and the unreleased changes. */
import type { PolicyDocument } from '../document.ts';
import { JsonCache } from './cache.ts';
import { changeHistoryEntry } from './change-history.ts';
import { loadDocumentsAtCommits } from './documents.ts';
import { findReleases, type Release } from './releases.ts';
import { findUnreleasedCommits, type PolicyCommitInfo } from './unreleased.ts';

/** A release with what the pages show about it. */
export interface ReleaseRecord extends Release {
  /** The policy as it was at this release. */
  document: PolicyDocument;
  /** Its Change History line, or the commit subject when the list has no entry for it. */
  summary: string;
  /** Where `summary` came from. */
  summarySource: 'change-history' | 'commit';
  /** Version of the release before this one, if any. */
  previous?: string;
  /** Version of the release after this one, if any. */
  next?: string;
}

/** The commits to the policy after the newest release, with the text they make: never a release. */
export interface UnreleasedRecord {
  /** The release they come after (the newest). */
  after: string;
  /** The commit they lead to (the starting revision). */
  commit: string;
  /** The policy at `commit`. */
  document: PolicyDocument;
  /** The commits, newest first. */
  commits: PolicyCommitInfo[];
}

/** Every release, newest first, and the unreleased changes on top of the newest (absent when the tip is that release). */
export interface PolicyHistory {
  /** The commit the history was read from (HEAD by default). */
  head: string;
  releases: ReleaseRecord[];
  unreleased?: UnreleasedRecord;
  warnings: string[];
}

/** Options of loadPolicyHistory. */
export interface HistoryOptions {
  /** Start of the first-parent walk; HEAD by default. */
  revision?: string;
  /** Cache of per-commit results; memory only when absent. */
  cache?: JsonCache;
  /** Changes whenever the code that computes cached values changes, so stale entries are not reused. */
  codeVersion?: string;
}

/** Loads every release of the policy in `repo` with its text; refuses a shallow clone. */
export async function loadPolicyHistory(repo: string, options: HistoryOptions = {}): Promise<PolicyHistory> {
  const cache = options.cache ?? new JsonCache(undefined);
  const codeVersion = options.codeVersion ?? 'dev';
  const { head, releases, warnings } = await findReleases(repo, { revision: options.revision ?? 'HEAD', cache });
  const newest = releases[0];
  const unreleasedCommits = newest ? await findUnreleasedCommits(repo, newest.commit, head) : [];
  const commits = releases.map((release) => release.commit);
  if (unreleasedCommits.length > 0) commits.push(head);
  const documents = await loadDocumentsAtCommits(repo, head, commits, cache, codeVersion);
  const records = releases.map((release, index): ReleaseRecord => {
    const document = documents[index]!;
    const entry = changeHistoryEntry(document, release.version);
    return { ...release, document, summary: entry ?? summaryOfSubject(release.subject, release.version), summarySource: entry ? 'change-history' : 'commit' };
  });
  records.forEach((record, index) => {
    const older = records[index + 1];
    const newer = records[index - 1];
    if (older) record.previous = older.version;
    if (newer) record.next = newer.version;
  });
  const history: PolicyHistory = { head, releases: records, warnings };
  if (newest && unreleasedCommits.length > 0) history.unreleased = { after: newest.version, commit: head, document: documents.at(-1)!, commits: unreleasedCommits };
  return history;
}

/** The release of `version`, or undefined. */
export function releaseOf(history: PolicyHistory, version: string): ReleaseRecord | undefined {
  return history.releases.find((release) => release.version === version);
}

/**
 * A release's summary from its commit's subject, without the "Policy v2.3: " that `policy release` (and many a
 * maintainer) puts before it: the pages say the version already.
 */
export function summaryOfSubject(subject: string, version: string): string {
  const escaped = version.replace(/\./g, '\\.');
  return subject.replace(new RegExp(`^(?:(?:security\\s+)?policy\\s+)?v?${escaped}\\s*:\\s*`, 'i'), '') || subject;
}

/** `text` as a sentence: a full stop after it unless it ends in one (or in "!" or "?") already. */
export function asSentence(text: string): string {
  return /[.!?]["'’”)]*$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
