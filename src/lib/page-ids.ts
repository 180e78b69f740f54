/** The ids the site's pages and redlines give their own elements, kept apart from the ids content produces. */

/**
 * Ids of the pages' own elements (layout, headings the pages add, form fields). Content ids are a section id, or a
 * section id, a hyphen and more (`scope-p2`, `scope-details`), so a section id that equals one of these or is a
 * hyphen-prefix of one could produce it; such section ids are refused.
 */
export const PAGE_IDS = [
  'main',
  'search',
  'contents',
  'policy-title',
  'toc-title',
  'subsections-title',
  'section-history-title',
  'redline-title',
  'release-redlines',
  'compare-from',
  'compare-to',
  'patches-title',
  'patch-title',
  'patch-redline-title',
  'timeline-title',
  'timeline-desc',
] as const;

/** The id of the n-th change of a redline (1-based): `change-7`, a namespace no section id may enter. */
export function changeId(n: number): string {
  return `change-${n}`;
}

/** Why a section id would collide with the page's own ids, or undefined when it cannot. */
export function reservedSectionIdReason(id: string): string | undefined {
  // `change` + heading "7" would render as `change-7`, as would a section called `change-7`.
  if (id === 'change' || /^change-\d+$/.test(id)) return `"${id}" is kept for the redline's change anchors (change-1, change-2, …); choose another id`;
  const clash = PAGE_IDS.find((pageId) => pageId === id || pageId.startsWith(`${id}-`));
  if (clash) return `"${id}" could produce the id "${clash}", which the site's pages use themselves; choose another id`;
  return undefined;
}
