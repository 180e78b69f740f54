/** What a release changed against the release before it: the redline's summary and its two renderings. */
import type { PolicyDocument } from '../document.ts';
import type { JsonCache } from './cache.ts';
import { computeRedline, renderRedlineHtml } from '../redline/index.ts';
import type { RedlineSummary } from '../redline/types.ts';
import { changedSectionsAnchorHref, changedSectionsOnly, sectionsLeftOut } from './changed-sections.ts';

/** The redline of one release as the site shows it. */
export interface ReleaseChanges {
  summary: RedlineSummary;
  /** Sections left out of the redline because they did not change. */
  unchanged: number;
  /** Metadata fields that changed (title, lead, date…), which the redline's header shows. */
  details: number;
  inline: string;
  sideBySide: string;
}

/**
 * Redlines `newDoc` against `oldDoc`, changed sections only, in both views; a link of the text to a section left out
 * leads to it on `textPage`, the page of the whole text.
 */
export function computeReleaseChanges(oldDoc: PolicyDocument, newDoc: PolicyDocument, textPage: string): ReleaseChanges {
  const redline = changedSectionsOnly(computeRedline(oldDoc, newDoc));
  const anchorHref = changedSectionsAnchorHref(redline, textPage);
  return {
    summary: redline.summary,
    unchanged: sectionsLeftOut(redline),
    details: redline.metadataChanges.length,
    inline: renderRedlineHtml(redline, { view: 'inline', anchorHref }),
    sideBySide: renderRedlineHtml(redline, { view: 'side-by-side', anchorHref }),
  };
}

/** A release as the cache sees it: its commit (which never changes) and its text. */
interface ReleaseAtCommit {
  commit: string;
  document: PolicyDocument;
}

/**
 * The redline of `release` against `previous`, cached by the two commit ids: a rebuild after one new
 * release computes only the new release's redline. `textPage` (computeReleaseChanges) is part of the key, since the
 * links lead there.
 */
export function cachedReleaseChanges(cache: JsonCache, codeVersion: string, previous: ReleaseAtCommit, release: ReleaseAtCommit, textPage: string): Promise<ReleaseChanges> {
  return cache.get(`redline-${codeVersion}`, `${previous.commit}..${release.commit}@${textPage}`, () => computeReleaseChanges(previous.document, release.document, textPage));
}
