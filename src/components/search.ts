/** Loads Pagefind's UI from the built site and mounts it on `[data-pagefind-ui]`. */

interface PagefindUIConstructor {
  new (options: { element: string; bundlePath: string; showSubResults: boolean; showImages: boolean }): unknown;
}

/** Injects pagefind-ui.js (written by the build) and starts the search box. */
export function setUpSearch(): void {
  const mount = document.querySelector<HTMLElement>('[data-pagefind-ui]');
  if (!mount) return;
  const bundlePath = mount.dataset.bundlePath ?? '/pagefind/';
  const script = document.createElement('script');
  script.src = `${bundlePath}pagefind-ui.js`;
  script.addEventListener('load', () => {
    const PagefindUI = (window as unknown as { PagefindUI: PagefindUIConstructor }).PagefindUI;
    new PagefindUI({ element: '#search', bundlePath, showSubResults: true, showImages: false });
    const params = new URLSearchParams(location.search);
    const query = params.get('q');
    const input = mount.querySelector<HTMLInputElement>('input');
    if (input) {
      input.setAttribute('aria-label', 'Search the policy');
      if (query) {
        input.value = query;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
  });
  document.head.append(script);
}
