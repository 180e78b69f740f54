/**
 * Loads a stored proposal version for the site: the policy at its base, after each patch, and as proposed.
 * The series is applied at its base in a scratch repository; the result is cached by the mbox's content
 * hash and the base commit (both immutable), so a rebuild reads JSON instead of running git am.
 */
import { createHash } from 'node:crypto';
import type { PolicyDocument } from '../document.ts';
import type { JsonCache } from '../history/cache.ts';
import { patchIdsOf } from './patch-id.ts';
import { readPolicyFilesAtCommits } from '../history/policy-files.ts';
import { loadPolicyFolder } from '../load/folder.ts';
import { assemblePolicy } from '../load/parse.ts';
import { withAppliedSeries } from './apply.ts';
import { checkSeriesFiles } from './check.ts';
import { readMbox } from './mbox.ts';
import { assembleSeries, coverText } from './series.ts';

/** One patch of a version, with the policy before and after it. */
export interface LoadedPatch {
  index: number;
  /** Subject without the prefix. */
  title: string;
  /** Subject as sent. */
  subject: string;
  /** The commit message below the subject. */
  message: string;
  author: string;
  date: string;
  messageId: string;
  before: PolicyDocument;
  after: PolicyDocument;
  /** `git patch-id --stable` of the patch as applied: how its commit is recognised once it is merged. */
  patchId?: string;
}

/** A proposal version applied: the base policy, the proposed policy and each patch's step between them. */
export interface LoadedVersion {
  base: PolicyDocument;
  proposed: PolicyDocument;
  /** The cover letter's text up to its signature, when the series has one. */
  cover?: string;
  patches: LoadedPatch[];
}

/** The cache key of a version: its mbox bytes and its base commit, the only inputs of the result. */
export function versionCacheKey(mbox: Buffer, baseCommit: string): string {
  return createHash('sha256').update(`${baseCommit}\0`).update(mbox).digest('hex');
}

/** Applies the version and loads every step, without the cache. Re-checks the files so a hand-committed mbox is refused too. */
export async function applyProposalVersion(repo: string, mbox: Buffer, baseCommit: string, file: string): Promise<LoadedVersion> {
  const series = assembleSeries(await readMbox(mbox), file);
  await checkSeriesFiles(repo, series, file);
  return withAppliedSeries(repo, baseCommit, series, file, async ({ dir, base, commits }) => {
    // The base and every patch's commit in one pass (two git processes), not three processes per commit.
    const steps = [base, ...commits];
    const files = await readPolicyFilesAtCommits(dir, steps.at(-1)!, steps);
    const documents = steps.map((commit) => assemblePolicy(files.get(commit)?.metadataFile, files.get(commit)?.sectionFiles ?? []));
    const proposed = await loadPolicyFolder(dir);
    const patchIds = await patchIdsOf(dir, commits);
    return {
      base: documents[0]!,
      proposed,
      ...(series.cover ? { cover: coverText(series.cover.body) } : {}),
      patches: series.patches.map((patch, position) => ({
        index: patch.index,
        title: patch.title,
        subject: patch.message.subject,
        message: patch.message.body,
        author: patch.message.author,
        date: patch.message.date,
        messageId: patch.message.messageId,
        before: documents[position]!,
        after: documents[position + 1]!,
        ...(patchIds.has(commits[position]!) ? { patchId: patchIds.get(commits[position]!)! } : {}),
      })),
    };
  });
}

/** Loads a version through `cache` (keyed by mbox hash and base commit, namespaced by the code's version), applying it only on a miss. */
export function loadProposalVersion(repo: string, mbox: Buffer, baseCommit: string, file: string, cache: JsonCache, codeVersion: string): Promise<LoadedVersion> {
  return cache.get(`proposal-${codeVersion}`, versionCacheKey(mbox, baseCommit), () => applyProposalVersion(repo, mbox, baseCommit, file));
}
