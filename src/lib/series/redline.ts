/** The redline of a whole series, base against tip, from the project's redline engine: a summary for the cover letter and one HTML file. */
import { PolicyError } from '../errors.ts';
import { loadPolicyAtRevision } from '../load/git-revision.ts';
import { computeRedline, renderRedlineStandalone, type RedlineSummary } from '../redline/index.ts';

/** What the cover letter needs from the redline. */
export interface SeriesRedline {
  summary: RedlineSummary;
  /** The standalone HTML file. */
  html: string;
}

/** Redlines the policy at `base` against the policy at `tip`; undefined when either revision holds no loadable policy (lint then says why). */
export async function seriesRedline(repo: string, base: string, tip: string, title: string): Promise<SeriesRedline | undefined> {
  let documents;
  try {
    documents = await Promise.all([loadPolicyAtRevision(repo, base), loadPolicyAtRevision(repo, tip)]);
  } catch (error) {
    if (error instanceof PolicyError) return undefined;
    throw error;
  }
  const redline = computeRedline(documents[0], documents[1]);
  return { summary: redline.summary, html: renderRedlineStandalone(redline, { title: `Redline: ${title}`, view: 'inline' }) };
}
