/**
 * The compare page in the browser: reads ?from=&to=&view=, and shows that pair's redline. The build renders the newest
 * release against the one before; any other pair is computed by the site's redline engine in a Web Worker
 * (compare-worker.ts), so the page's own script stays small and the main thread free.
 */
import { compareStatus, type CompareRequest, type CompareResult } from './compare-result.ts';
import type { WorkerAnswer, WorkerRequest } from './compare-worker.ts';
import { sitePath } from './paths.ts';

/** Reads the request from a query string, or undefined when it names no pair. */
function readRequest(search: string): CompareRequest | undefined {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  if (!from || !to) return undefined;
  return { from, to, view: params.get('view') === 'side-by-side' ? 'side-by-side' : 'inline' };
}

/** The query string of a request, as the form would submit it. */
function queryOf(request: CompareRequest): string {
  const params = new URLSearchParams({ from: request.from, to: request.to });
  if (request.view !== 'inline') params.set('view', request.view);
  return `?${params}`;
}

/** The address of one release's policy.json, which the worker fetches. */
function policyUrl(version: string): string {
  return new URL(sitePath(`releases/${encodeURIComponent(version)}/policy.json`), location.href).href;
}

let worker: Worker | undefined;
let lastId = 0;

/** Computes a comparison in the worker, started at the first comparison the build did not render. */
function computeInWorker(request: CompareRequest): Promise<CompareResult> {
  worker ??= new Worker(new URL('./compare-worker.ts', import.meta.url), { type: 'module' });
  const running = worker;
  const id = ++lastId;
  return new Promise((resolve, reject) => {
    const answer = (event: MessageEvent<WorkerAnswer>) => {
      if (event.data.id !== id) return;
      running.removeEventListener('message', answer);
      if ('error' in event.data) reject(new Error(event.data.error));
      else resolve(event.data.result);
    };
    running.addEventListener('message', answer);
    running.postMessage({ ...request, id, fromUrl: policyUrl(request.from), toUrl: policyUrl(request.to) } satisfies WorkerRequest);
  });
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
  // The pair the build rendered, kept to show again without computing it (Back to the page as first loaded).
  const rendered = { request: { from: result.dataset.from!, to: result.dataset.to!, view: 'inline' as const }, html: result.innerHTML, status: status.textContent ?? '' };
  const siteTitle = document.title.split(' · ').slice(-1)[0];
  let generation = 0;

  const settle = (request: CompareRequest | undefined, html: string, text: string) => {
    result.innerHTML = html;
    activateNavigation(result);
    if (request) Object.assign(result.dataset, request);
    status.textContent = text;
    delete result.dataset.pending;
    result.removeAttribute('aria-busy');
  };

  const show = async (request: CompareRequest) => {
    const mine = ++generation;
    form.from.value = request.from;
    form.to.value = request.to;
    const viewInput = form.querySelector<HTMLInputElement>(`input[name="view"][value="${request.view}"]`);
    if (viewInput) viewInput.checked = true;
    const unknown = [request.from, request.to].filter((version) => !versions.has(version));
    if (unknown.length) return settle(undefined, '', `There is no release ${unknown.join(' or ')}; choose versions from the lists.`);
    if (request.from === request.to) return settle(undefined, '', `Version ${request.from} compared with itself has no changes; choose two different releases.`);
    if (queryOf(request) === queryOf(rendered.request)) {
      document.title = `Compare ${request.from} with ${request.to} · ${siteTitle}`;
      return settle(request, rendered.html, rendered.status);
    }
    // The area keeps its height while the worker runs (see the page's style): what follows it does not jump.
    status.textContent = `Comparing version ${request.from} with version ${request.to}…`;
    result.dataset.pending = '';
    result.setAttribute('aria-busy', 'true');
    try {
      const computed = await computeInWorker(request);
      if (mine !== generation) return;
      // The engine builds its HTML from the sanitized renderer's tree, so it is safe to insert.
      settle(request, computed.html, compareStatus(request.from, request.to, computed));
      document.title = `Compare ${request.from} with ${request.to} · ${siteTitle}`;
    } catch (error) {
      if (mine === generation) settle(undefined, '', `The comparison failed: ${(error as Error).message}.`);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const request: CompareRequest = { from: String(data.get('from')), to: String(data.get('to')), view: data.get('view') === 'side-by-side' ? 'side-by-side' : 'inline' };
    history.pushState(null, '', queryOf(request));
    void show(request);
  });
  window.addEventListener('popstate', () => void show(readRequest(location.search) ?? rendered.request));
  const initial = readRequest(location.search);
  if (initial) void show(initial);
}
