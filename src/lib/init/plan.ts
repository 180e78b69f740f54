/**
 * Decides the version and date of each imported revision, and which revisions are releases. A revision carries a
 * version when its text says one (front matter, a version line, the newest Change History entry) or a tag on its
 * commit names one (v1.2, policy-1.2); each revision that first carries a greater version is that version's release
 * (as `policy release` makes them: the first commit with the version). When no revision carries one, every revision
 * that changes the text is a release named by its date (2019.07.02), as on sites that publish each change.
 */
import type { PolicyDocument } from '../document.ts';
import { compareVersions } from '../lint/change-history.ts';
import { findMetadata } from './found-metadata.ts';

/** A revision as the plan needs it: its parsed text, its commit's author line and its tags. */
export interface RevisionInput {
  document: PolicyDocument;
  /**
   * The text as the new site publishes it (the version and date lines out of the lead): a revision that changes only
   * those lines changes nothing published, so it is no date-named release. The document itself when absent.
   */
  published?: PolicyDocument;
  /** `Name <email> <seconds> <zone>`: the date of a revision that says none. */
  author: string;
  tags: string[];
}

/** The version and date a revision gets, and whether it is the release of that version. */
export interface PlannedRevision {
  version: string;
  date: string;
  release: boolean;
  /** Where the version came from, for the report: "the newest entry of \"Change History\"", "tag v1.2", "its date". */
  versionFrom: string;
  /** Something the user should look at, about this revision. */
  note?: string;
}

// A tag that names a version: v1.2, 1.2.0, policy-v3.23, security-policy/2.0.
const VERSION_TAG = /^(?:.*[-_/])?v?(\d+(?:\.\d+)+)$/;

/** The plan for `revisions`, oldest first; `mode` says whether versions came from the revisions or from dates. */
export function planReleases(revisions: RevisionInput[]): { plan: PlannedRevision[]; mode: 'versions' | 'dates' } {
  const carried = revisions.map((revision) => {
    const found = findMetadata(revision.document);
    const tag = revision.tags.map((name) => ({ name, match: VERSION_TAG.exec(name) })).find(({ match }) => match);
    const version = found.version ?? (tag ? { value: tag.match![1]!, from: `tag ${tag.name}` } : undefined);
    return { version, date: found.date?.value ?? authorDate(revision.author) };
  });
  if (carried.every(({ version }) => !version)) return { plan: byDate(revisions, carried.map(({ date }) => date)), mode: 'dates' };
  const plan: PlannedRevision[] = [];
  let current: PlannedRevision | undefined;
  for (const { version, date } of carried) {
    if (version && (!current || compareVersions(version.value, current.version) > 0)) {
      current = { version: version.value, date, release: true, versionFrom: version.from };
      plan.push(current);
    } else if (!current) {
      // Text older than the first version it ever carried: one release "0" holds it, so later redlines have a base.
      current = { version: '0', date, release: true, versionFrom: 'none (before the first version)', note: 'carries no version; released as version 0, the text before the first numbered version' };
      plan.push(current);
    } else {
      const note = version && compareVersions(version.value, current.version) < 0 ? `carries version ${version.value}, lower than ${current.version} before it; kept as a change to ${current.version}` : undefined;
      plan.push({ version: current.version, date: current.date, release: false, versionFrom: `unchanged since ${current.version}`, ...(note ? { note } : {}) });
    }
  }
  return { plan, mode: 'versions' };
}

/** Every revision that changes the text is a release named by its date; same-day or out-of-order dates get a further number. */
function byDate(revisions: RevisionInput[], dates: string[]): PlannedRevision[] {
  const plan: PlannedRevision[] = [];
  let previous: PlannedRevision | undefined;
  revisions.forEach((revision, index) => {
    const published = (input: RevisionInput) => input.published ?? input.document;
    if (previous && sameText(published(revisions[index - 1]!), published(revision))) {
      plan.push({ ...previous, release: false, versionFrom: `unchanged since ${previous.version}` });
      return;
    }
    let version = dates[index]!.replaceAll('-', '.');
    if (previous && compareVersions(version, previous.version) <= 0) version = nextOf(previous.version);
    previous = { version, date: dates[index]!, release: true, versionFrom: 'its date' };
    plan.push(previous);
  });
  return plan;
}

/** The number after a date version: 2019.07.02 → 2019.07.02.2 → 2019.07.02.3. */
function nextOf(version: string): string {
  const parts = version.split('.');
  if (parts.length <= 3) return `${version}.2`;
  parts[parts.length - 1] = String(Number(parts.at(-1)) + 1);
  return parts.join('.');
}

/** Whether two revisions say the same thing (their title, lead and sections), whatever else changed in the file. */
function sameText(a: PolicyDocument, b: PolicyDocument): boolean {
  const text = (document: PolicyDocument) => JSON.stringify([document.metadata.title, document.metadata.lead ?? '', document.sections.map(({ id, title, parent, body }) => [id, title, parent, body])]);
  return text(a) === text(b);
}

/** The calendar date of an author line (`Name <email> <seconds> <zone>`) in the author's own time zone, ISO. */
export function authorDate(author: string): string {
  const match = /(\d+) ([+-])(\d\d)(\d\d)$/.exec(author.trim());
  if (!match) return new Date().toISOString().slice(0, 10);
  const offset = (match[2] === '-' ? -1 : 1) * (Number(match[3]) * 60 + Number(match[4])) * 60;
  return new Date((Number(match[1]) + offset) * 1000).toISOString().slice(0, 10);
}
