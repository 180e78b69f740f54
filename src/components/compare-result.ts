/** What the compare page says about a result, the same whether the build rendered it or the browser computed it. */

/** The one-line status of a comparison: its counts, and how many unchanged sections are left out. */
export function compareStatus(from: string, to: string, counts: { changes: number; sectionsChanged: number; unchanged: number }): string {
  const { changes, sectionsChanged, unchanged } = counts;
  const leftOut = unchanged ? ` The ${unchanged} unchanged ${unchanged === 1 ? 'section is' : 'sections are'} not shown.` : '';
  return `Version ${from} to version ${to}: ${changes} ${changes === 1 ? 'change' : 'changes'} in ${sectionsChanged} ${sectionsChanged === 1 ? 'section' : 'sections'}.${leftOut}`;
}

/** A comparison the page asks for. */
export interface CompareRequest {
  from: string;
  to: string;
  view: 'inline' | 'side-by-side';
}

/** A computed comparison, as the worker hands it back. */
export interface CompareResult {
  html: string;
  changes: number;
  sectionsChanged: number;
  unchanged: number;
}
