/**
 * The compare page's redline, off the main thread: fetches the two releases' policy.json and runs the site's own
 * redline engine on them, so typing and scrolling stay smooth while a long comparison runs.
 */
import type { PolicyDocument } from '../lib/document.ts';
// The engine's own modules, not its index: the index also brings the standalone-file renderer, which reads from disk.
import { changedSectionsAnchorHref, changedSectionsOnly, sectionsLeftOut } from '../lib/history/changed-sections.ts';
import { computeRedline } from '../lib/redline/compute.ts';
import { renderRedlineHtml } from '../lib/redline/html.ts';
import type { CompareRequest, CompareResult } from './compare-result.ts';

/** A request as the page posts it: the comparison, the policy.json address of each side, and an id to answer to. */
export interface WorkerRequest extends CompareRequest {
  id: number;
  fromUrl: string;
  toUrl: string;
}

/** The answer: the result, or the sentence saying why there is none. */
export type WorkerAnswer = { id: number; result: CompareResult } | { id: number; error: string };

const documents = new Map<string, Promise<PolicyDocument>>();

/** Fetches one release's policy, once per worker. */
function loadRelease(version: string, url: string): Promise<PolicyDocument> {
  let loading = documents.get(url);
  if (!loading) {
    loading = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`version ${version} could not be loaded (HTTP ${response.status})`);
      return response.json() as Promise<PolicyDocument>;
    });
    loading.catch(() => documents.delete(url));
    documents.set(url, loading);
  }
  return loading;
}

addEventListener('message', async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  let answer: WorkerAnswer;
  try {
    const [oldDoc, newDoc] = await Promise.all([loadRelease(request.from, request.fromUrl), loadRelease(request.to, request.toUrl)]);
    const redline = changedSectionsOnly(computeRedline(oldDoc, newDoc));
    const { changes, sectionsChanged } = redline.summary;
    // A link to a section the result leaves out leads to the newer release's page (its policy.json's folder).
    const anchorHref = changedSectionsAnchorHref(redline, request.toUrl.replace(/policy\.json$/, ''));
    answer = { id: request.id, result: { html: renderRedlineHtml(redline, { view: request.view, anchorHref }), changes, sectionsChanged, unchanged: sectionsLeftOut(redline) } };
  } catch (error) {
    answer = { id: request.id, error: (error as Error).message };
  }
  postMessage(answer);
});
