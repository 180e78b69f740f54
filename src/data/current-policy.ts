/**
 * The policy the site presents as in effect: the newest release. Commits after it are unreleased changes, shown on
 * their own page, never here. `npm run dev` shows the author's working tree instead, marked as a draft.
 */
import { getCollection, getEntry } from 'astro:content';
import type { PolicyDocument } from '../lib/document.ts';
import { WORKING_TREE_ENV } from '../integrations/draft-mode.ts';
import { siteHistory } from './history.ts';

/** Why the shown policy is not a release: the dev server's working tree, or a history with no release yet. */
export type DraftReason = 'working-tree' | 'no-release';

/** The policy shown as current, and whether it is a draft rather than a release. */
export interface ShownPolicy {
  document: PolicyDocument;
  draft?: DraftReason;
}

/** Reads the working tree's sections and metadata collections back into one document, sections in order. */
async function workingTreePolicy(): Promise<PolicyDocument> {
  const metadata = await getEntry('metadata', 'policy');
  if (!metadata) throw new Error('content/policy.yaml was not loaded');
  const entries = await getCollection('policy');
  const sections = entries
    .map((entry) => ({ ...entry.data, body: entry.body ?? '' }))
    .sort((a, b) => a.order - b.order);
  return { metadata: metadata.data, sections };
}

/** The policy in effect (the newest release) in a build; the working tree, as a draft, in dev or before any release. */
export async function shownPolicy(): Promise<ShownPolicy> {
  if (process.env[WORKING_TREE_ENV] === '1') return { document: await workingTreePolicy(), draft: 'working-tree' };
  const newest = (await siteHistory()).releases[0];
  if (!newest) return { document: await workingTreePolicy(), draft: 'no-release' };
  return { document: newest.document };
}

/** The document of shownPolicy(). */
export async function currentPolicy(): Promise<PolicyDocument> {
  return (await shownPolicy()).document;
}
