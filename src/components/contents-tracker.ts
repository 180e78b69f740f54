/** Marks the contents entry of the section being read (aria-current="true") as the reader scrolls, as Starlight does. */

/** Follows the headings the links of `nav` point at; the last one above the top quarter of the window is current. */
export function trackContents(nav: HTMLElement): void {
  const links = [...nav.querySelectorAll<HTMLAnchorElement>('a[href^="#"]:not(.self-link)')];
  const entries = links
    .map((link) => ({ link, target: document.getElementById(decodeURIComponent(link.hash.slice(1))) }))
    .filter((entry): entry is { link: HTMLAnchorElement; target: HTMLElement } => entry.target !== null);
  if (entries.length === 0) return;
  let scheduled = false;
  let current: HTMLAnchorElement | undefined;
  const update = () => {
    scheduled = false;
    const line = window.innerHeight / 4;
    let found: HTMLAnchorElement | undefined;
    for (const { link, target } of entries) if (target.getBoundingClientRect().top <= line) found = link;
    if (found === current) return;
    current?.removeAttribute('aria-current');
    current = found;
    if (!found) return;
    found.setAttribute('aria-current', 'true');
    // Keep the mark in view in a sidebar that scrolls on its own; never scroll the page for it.
    if (getComputedStyle(nav).position === 'sticky') {
      const box = nav.getBoundingClientRect();
      const mark = found.getBoundingClientRect();
      if (mark.top < box.top || mark.bottom > box.bottom) nav.scrollTop += mark.top - box.top - box.height / 2;
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  };
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule, { passive: true });
  update();
}
