/** The one-line summary of a redline, shared by the HTML and terminal renderings. */
import type { Redline, SectionCounts, SectionRedline } from './types.ts';

/** Plural-aware count, "1 change", "3 changes". */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The summary line of a redline, e.g. "12 changes in 4 sections", or "No changes to the text" when only details changed. */
export function summaryLine(redline: Redline): string {
  const { changes, sectionsChanged } = redline.summary;
  if (changes > 0) return `${count(changes, 'change')} in ${count(sectionsChanged, 'section')}`;
  return redline.metadataChanges.length ? 'No changes to the text' : 'No changes';
}

/** Counts of one section in words: "1 insertion, 2 deletions", or "no change". */
export function countsText(counts: SectionCounts): string {
  const parts: string[] = [];
  const say = (n: number, one: string, many: string) => n > 0 && parts.push(`${n} ${n === 1 ? one : many}`);
  say(counts.insertions, 'insertion', 'insertions');
  say(counts.deletions, 'deletion', 'deletions');
  say(counts.moves, 'move', 'moves');
  say(counts.formatting, 'formatting change', 'formatting changes');
  return parts.join(', ') || 'no change';
}

/**
 * "from position 3 to 5" for a moved section of `redline`, counting sections as a reader does: the preamble, which the
 * redline lists first (index 0) on both sides when either has one, is not a section.
 */
export function movedPositions(redline: Redline, section: SectionRedline): string {
  const preamble = redline.sections[0]?.lead ? 1 : 0;
  return `from position ${section.oldIndex! + 1 - preamble} to ${section.newIndex! + 1 - preamble}`;
}
