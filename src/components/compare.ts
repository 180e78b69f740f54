/** The compare page in the browser: reads ?from=&to=&view= , fetches both releases and redlines them with the site's own engine. */
import type { PolicyDocument } from '../lib/document.ts';
// The engine's own modules, not its index: the index also brings the standalone-file renderer, which reads from disk.
import { computeRedline } from '../lib/redline/compute.ts';
import { renderRedlineHtml } from '../lib/redline/html.ts';
import { changedSectionsOnly, unchangedSectionCount } from '../lib/history/changed-sections.ts';
import { sitePath } from './paths.ts';

type View = 'inline' | 'side-by-side';

/** What the page asks for. */
interface Request {
  from: string;
  to: string;
  view: View;
}

const documents = new Map<string, Promise<PolicyDocument>>();

/** Fetches one release's policy, once. */
function loadRelease(version: string): Promise<PolicyDocument> {
  let loading = documents.get(version);
  if (!loading) {
    loading = fetch(sitePath(`releases/${encodeURIComponent(version)}/policy.json`)).then((response) => {
      if (!response.ok) throw new Error(`version ${version} could not be loaded (HTTP ${response.status})`);
      return response.json() as Promise<PolicyDocument>;
    });
    documents.set(version, loading);
  }
  return loading;
}

/** Reads the request from a query string, or undefined when it names no pair. */
function readRequest(search: string): Request | undefined {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  if (!from || !to) return undefined;
  return { from, to, view: params.get('view') === 'side-by-side' ? 'side-by-side' : 'inline' };
}

/** The query string of a request, as the form would submit it. */
function queryOf(request: Request): string {
  const params = new URLSearchParams({ from: request.from, to: request.to });
  if (request.view !== 'inline') params.set('view', request.view);
  return `?${params}`;
}

let navigationActive = false;

/**
 * Scripts set through innerHTML never run; the redline's own script (change navigation keys) is run once by
 * re-creating it, which the page's Content-Security-Policy allows by its hash. It finds the changes anew on each key.
 */
function activateNavigation(container: HTMLElement): void {
  for (const script of container.querySelectorAll('script')) {
    if (!navigationActive) {
      const live = document.createElement('script');
      live.textContent = script.textContent;
      document.body.append(live);
      navigationActive = true;
    }
    script.remove();
  }
}

/** Wires the form and the result area of the compare page. */
export function setUpCompare(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form[data-compare-form]')!;
  const result = root.querySelector<HTMLElement>('[data-compare-result]')!;
  const status = root.querySelector<HTMLElement>('[data-compare-status]')!;
  const versions = new Set([...form.querySelectorAll<HTMLOptionElement>('select[name="from"] option')].map((option) => option.value));
  let generation = 0;

  const show = async (request: Request) => {
    const mine = ++generation;
    form.from.value = request.from;
    form.to.value = request.to;
    const viewInput = form.querySelector<HTMLInputElement>(`input[name="view"][value="${request.view}"]`);
    if (viewInput) viewInput.checked = true;
    const unknown = [request.from, request.to].filter((version) => !versions.has(version));
    if (unknown.length) {
      status.textContent = `There is no release ${unknown.join(' or ')}; choose versions from the lists.`;
      result.replaceChildren();
      return;
    }
    if (request.from === request.to) {
      status.textContent = `Version ${request.from} compared with itself has no changes; choose two different releases.`;
      result.replaceChildren();
      return;
    }
    status.textContent = `Comparing version ${request.from} with version ${request.to}…`;
    result.setAttribute('aria-busy', 'true');
    try {
      const [oldDoc, newDoc] = await Promise.all([loadRelease(request.from), loadRelease(request.to)]);
      if (mine !== generation) return;
      const redline = changedSectionsOnly(computeRedline(oldDoc, newDoc));
      // The engine builds its HTML from the sanitized renderer's tree, so it is safe to insert.
      result.innerHTML = renderRedlineHtml(redline, { view: request.view });
      activateNavigation(result);
      result.dataset.from = request.from;
      result.dataset.to = request.to;
      result.dataset.view = request.view;
      const { changes, sectionsChanged } = redline.summary;
      const unchanged = unchangedSectionCount(redline);
      status.textContent = `Version ${request.from} to version ${request.to}: ${changes} ${changes === 1 ? 'change' : 'changes'} in ${sectionsChanged} ${sectionsChanged === 1 ? 'section' : 'sections'}.${unchanged ? ` The ${unchanged} unchanged ${unchanged === 1 ? 'section is' : 'sections are'} not shown.` : ''}`;
      document.title = `Compare ${request.from} with ${request.to} · ${document.title.split(' · ').slice(-1)[0]}`;
    } catch (error) {
      if (mine === generation) status.textContent = `The comparison failed: ${(error as Error).message}.`;
    } finally {
      if (mine === generation) result.removeAttribute('aria-busy');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const request: Request = { from: String(data.get('from')), to: String(data.get('to')), view: data.get('view') === 'side-by-side' ? 'side-by-side' : 'inline' };
    history.pushState(null, '', queryOf(request));
    void show(request);
  });
  window.addEventListener('popstate', () => {
    const request = readRequest(location.search);
    if (request) void show(request);
  });
  const initial = readRequest(location.search);
  if (initial) void show(initial);
}
