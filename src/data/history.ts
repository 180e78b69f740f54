/** The policy's releases for the site's pages: loaded once per build from git, through the cache. */
import path from 'node:path';
import { releasesOfSection, type TimelinePoint } from '../lib/history/timeline.ts';
import { sitePath } from '../components/paths.ts';
import type { PolicyDocument } from '../lib/document.ts';
import { forBuildOutput } from '../lib/errors.ts';
import { defaultCacheDir, JsonCache } from '../lib/history/cache.ts';
import { codeFingerprint, lockfileText } from '../lib/history/code-version.ts';
import { renderPolicyHtmlCached } from '../lib/history/documents.ts';
import { asSentence, loadPolicyHistory, releaseOf, type PolicyHistory, type ReleaseRecord, type UnreleasedRecord } from '../lib/history/history.ts';
import { cachedReleaseChanges, type ReleaseChanges } from '../lib/history/release-changes.ts';
import { countsText } from '../lib/redline/summary.ts';

/** The repository the site is built from: the project root, where Astro runs. */
const repo = path.resolve(process.env.POLICY_REPO ?? process.cwd());

// Cached values are computed by src/lib: a change to the modules that compute them, or to the packages they call,
// starts a fresh cache namespace; other code (lint rules, the series command) leaves the cache valid.
const engineSources = import.meta.glob('../lib/**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
/** Fingerprint of the code whose results are cached. */
export const codeVersion = codeFingerprint(engineSources, ['../lib/history/history.ts', '../lib/history/documents.ts', '../lib/history/release-changes.ts'], [lockfileText()]);

/** The build's one cache. */
export const historyCache = new JsonCache(defaultCacheDir(repo));

let loading: Promise<PolicyHistory> | undefined;

/** Every release of the policy, newest first (loaded once per build; a shallow clone stops the build). */
export function siteHistory(): Promise<PolicyHistory> {
  loading ??= loadPolicyHistory(repo, { cache: historyCache, codeVersion }).then(
    (history) => {
      for (const warning of history.warnings) console.warn(`history: ${warning}`);
      return history;
    },
    (error: unknown) => {
      throw forBuildOutput(error);
    },
  );
  return loading;
}

/** Static paths of the release redline pages: every release that has one before it. */
export async function releaseChangePaths(): Promise<{ params: { version: string } }[]> {
  const history = await siteHistory();
  return history.releases.filter((release) => release.previous).map((release) => ({ params: { version: release.version } }));
}

/** The page of the unreleased changes: the newest release against the tip. */
export function unreleasedPath(view: 'inline' | 'side-by-side' = 'inline'): string {
  return sitePath(`unreleased/${view === 'side-by-side' ? 'side-by-side/' : ''}`);
}

/** Static paths of the unreleased changes pages: none when the tip is the newest release. */
export async function unreleasedPaths(): Promise<{ params: { view: string | undefined } }[]> {
  return (await siteHistory()).unreleased ? [{ params: { view: undefined } }, { params: { view: 'side-by-side' } }] : [];
}

/** The unreleased changes with their redline against the newest release, or undefined when there are none. */
export async function unreleasedChanges(): Promise<{ unreleased: UnreleasedRecord; release: ReleaseRecord; changes: ReleaseChanges } | undefined> {
  const history = await siteHistory();
  if (!history.unreleased) return undefined;
  const release = await siteRelease(history.unreleased.after);
  // The sections the page leaves out are as in the release.
  const changes = await cachedReleaseChanges(historyCache, codeVersion, release, history.unreleased, releasePath(release.version));
  return { unreleased: history.unreleased, release, changes };
}

/** The release of `version`; throws when there is none (a page asked for a version it did not list). */
export async function siteRelease(version: string): Promise<ReleaseRecord> {
  const release = releaseOf(await siteHistory(), version);
  if (!release) throw new Error(`no release ${version} in the history`);
  return release;
}

/** The page listing every release. */
export function historyPath(): string {
  return sitePath('history/');
}

/** The page of the policy as it was at `version`. */
export function releasePath(version: string): string {
  return sitePath(`releases/${version}/`);
}

/** The redline of `version` against the release before it. */
export function releaseChangesPath(version: string, view: 'inline' | 'side-by-side' = 'inline'): string {
  return sitePath(`releases/${version}/changes/${view === 'side-by-side' ? 'side-by-side/' : ''}`);
}

/** The page comparing any two releases in the browser. */
export function comparePath(from?: string, to?: string): string {
  return sitePath('compare/') + (from && to ? `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : '');
}

/** The policy body of `document` as HTML, each section rendered once per distinct content and cached across builds. */
export function cachedPolicyHtml(document: PolicyDocument): Promise<string> {
  return renderPolicyHtmlCached(document, historyCache, codeVersion, {}, 'page');
}

export type { ReleaseChanges } from '../lib/history/release-changes.ts';

/** The redline of `release` against its previous release (undefined for the first), cached by the two commit ids. */
export async function releaseChanges(release: ReleaseRecord): Promise<ReleaseChanges | undefined> {
  if (!release.previous) return undefined;
  return cachedReleaseChanges(historyCache, codeVersion, await siteRelease(release.previous), release, releasePath(release.version));
}

/** A section title as a label: without the colon some titles end with. */
export function sectionLabel(title: string): string {
  return title.replace(/:\s*$/, '');
}

export { countsText } from '../lib/redline/summary.ts';

/** One sentence on what a release changed, for the feed. */
export async function releaseSummaryText(release: ReleaseRecord): Promise<string> {
  const changes = await releaseChanges(release);
  if (!changes) return `${asSentence(release.summary)} The first release in the history.`;
  const sections = changes.summary.sections.filter((section) => section.status !== 'unchanged');
  const { changes: total, sectionsChanged } = changes.summary;
  return `${asSentence(release.summary)} ${total} ${total === 1 ? 'change' : 'changes'} in ${sectionsChanged} ${sectionsChanged === 1 ? 'section' : 'sections'}: ${sections.map((section) => `${sectionLabel(section.title)} (${countsText(section)})`).join('; ')}.`;
}

/** A release (or the unreleased changes, with no release) that changed one section, with a link into its redline at that section. */
export interface SectionChange {
  release?: ReleaseRecord;
  status: string;
  counts: string;
  href: string;
}

/** The unreleased changes, then the releases, that changed section `id`, newest first. */
export async function sectionHistory(id: string): Promise<SectionChange[]> {
  const result: SectionChange[] = [];
  const pending = await unreleasedChanges();
  const touched = pending?.changes.summary.sections.find((candidate) => candidate.id === id && candidate.status !== 'unchanged');
  if (touched) result.push({ status: touched.status, counts: countsText(touched), href: `${unreleasedPath()}#${redlineSectionAnchor(id)}` });
  const { releases } = await siteHistory();
  for (const release of releases) {
    const changes = await releaseChanges(release);
    const section = changes?.summary.sections.find((candidate) => candidate.id === id && candidate.status !== 'unchanged');
    if (section) result.push({ release, status: section.status, counts: countsText(section), href: `${releaseChangesPath(release.version)}#${redlineSectionAnchor(id)}` });
  }
  // Where the section begins, when it is as old as the history: the first release has no redline, but the section's
  // chart starts there, and so does its list.
  const first = releases.at(-1);
  if (first?.document.sections.some((section) => section.id === id)) result.push({ release: first, status: 'first', counts: '', href: `${releasePath(first.version)}#${id}` });
  return result;
}

/** The anchor of a section inside a redline page: the redline keeps the page's own section ids. */
export function redlineSectionAnchor(id: string): string {
  return id;
}

/** The releases oldest first, then the unreleased changes, each with how many changes it made (to section `id`, if given). */
export async function releaseTimeline(id?: string): Promise<TimelinePoint[]> {
  const countOf = (changes: ReleaseChanges) => {
    if (id === undefined) return changes.summary.changes;
    // Changes as the release's page counts them (a word replaced is one), not the insertions and deletions they hold.
    return changes.summary.sections.find((candidate) => candidate.id === id)?.changes ?? 0;
  };
  const points: TimelinePoint[] = [];
  for (const release of releasesOfSection([...(await siteHistory()).releases].reverse(), id)) {
    const changes = await releaseChanges(release);
    points.push({ label: release.version, date: release.date, ...(changes ? { changes: countOf(changes) } : {}) });
  }
  const pending = await unreleasedChanges();
  if (pending) points.push({ label: 'next', changes: countOf(pending.changes), pending: true });
  return points;
}
