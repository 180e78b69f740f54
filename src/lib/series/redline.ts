/** The redlines of a series from the project's redline engine: base against tip for the cover letter and one HTML file, and the previous version's tip against this one. */
import { PolicyError } from '../errors.ts';
import { readPolicyFilesAt } from '../load/git-revision.ts';
import { assemblePolicy } from '../load/parse.ts';
import { computeRedline } from '../redline/compute.ts';
import type { Redline } from '../redline/types.ts';

/** What the cover letter needs from the redline. */
export interface SeriesRedline {
  redline: Redline;
  /** The standalone HTML file, when asked for (rendering it cost a third of a short series' time). */
  html?: string;
  /** From v2 on: the previous version's tip against this tip (what changed since vN-1). */
  since?: Redline;
}

/**
 * Redlines the policy at `base` against the policy at `tip` (and `previousTip` against `tip`, when given; all full commit ids), rendered
 * as one HTML file when `withHtml`; undefined when a revision holds no loadable policy (lint then says why).
 */
export async function seriesRedline(repo: string, base: string, tip: string, title: string, previousTip: string | undefined, withHtml: boolean): Promise<SeriesRedline | undefined> {
  let documents;
  try {
    // The plan has full commit ids already: the files are read without asking git to resolve them again.
    documents = await Promise.all(
      [base, tip, ...(previousTip ? [previousTip] : [])].map(async (commit) => {
        const { metadataFile, sectionFiles } = await readPolicyFilesAt(repo, commit);
        return assemblePolicy(metadataFile, sectionFiles);
      }),
    );
  } catch (error) {
    if (error instanceof PolicyError) return undefined;
    throw error;
  }
  const [old, current, previous] = documents;
  const redline = computeRedline(old!, current!);
  return {
    redline,
    // The HTML renderer (and its serialiser) is loaded only when the file is asked for.
    ...(withHtml ? { html: (await import('../redline/standalone.ts')).renderRedlineStandalone(redline, { title: `Redline: ${title}`, view: 'inline' }) } : {}),
    ...(previous ? { since: computeRedline(previous, current!) } : {}),
  };
}
