/**
 * A release's redline shows the sections that changed, not the whole policy again: the release's own page has
 * the whole text, and rendering every unchanged section twice per release (inline and side by side) is what made
 * a 100-release history of a 100 KB policy slow. Free of the DOM and of Astro, so the compare page uses it too.
 */
import type { LayoutNode, Redline } from '../redline/types.ts';

/** The redline with its layout cut to the changed sections, their old positions (moves) and the parents that hold them. */
export function changedSectionsOnly(redline: Redline): Redline {
  const changed = new Set(redline.sections.filter((section) => section.status !== 'unchanged').map((section) => section.id));
  const prune = (nodes: LayoutNode[]): LayoutNode[] =>
    nodes.flatMap((node) => {
      const children = prune(node.children);
      return node.ghost || changed.has(node.sectionId) || children.length > 0 ? [{ ...node, children }] : [];
    });
  return { ...redline, layout: prune(redline.layout) };
}

/**
 * How many sections a changed-sections redline leaves out: the unchanged ones, less those shown as the parent of a
 * changed subsection (the preamble, unchanged too, is not a section).
 */
export function sectionsLeftOut(redline: Redline): number {
  const shown = shownSections(changedSectionsOnly(redline));
  return redline.sections.filter((section) => !section.lead && !shown.has(section.id)).length;
}

/** The sections the layout of `redline` shows, subsections too. */
function shownSections(redline: Redline): Set<string> {
  const shown = new Set<string>();
  const collect = (nodes: LayoutNode[]): void => {
    for (const node of nodes) {
      shown.add(node.sectionId);
      collect(node.children);
    }
  };
  collect(redline.layout);
  return shown;
}

/**
 * Where a same-document link of the policy text (`#scope`) leads on a page of `redline`'s changed sections only: to
 * the section on the page when it is shown there, else to it on `textPage`, the page of the whole text (a section the
 * page leaves out is the same on both sides). A fragment that names no section is left as it is.
 */
export function changedSectionsAnchorHref(redline: Redline, textPage: string): (fragment: string) => string {
  const shown = shownSections(redline);
  const sections = new Set(redline.sections.map((section) => section.id));
  return (fragment) => (sections.has(fragment) && !shown.has(fragment) ? `${textPage}#${fragment}` : `#${fragment}`);
}
