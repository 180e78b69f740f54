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

/** A section's (or a redline's) marks and its number of changes, as `summary.sections[]` carries them. */
export type ChangeCounts = SectionCounts & { changes: number };

/**
 * Changes in words by kind, adding up to their number: "13 changes: 5 replacements, 3 deletions, 5 formatting
 * changes", one kind alone "2 deletions", none `none`. A replacement is one change that inserts and deletes, so the
 * marks (`insertions`, `deletions`) count it twice; each kind here counts a change once.
 */
export function countsText(counts: ChangeCounts, none = 'no change'): string {
  const parts = changeKinds(counts);
  if (parts.length === 0) return none;
  return parts.length === 1 ? parts[0]! : `${count(counts.changes, 'change')}: ${parts.join(', ')}`;
}

/**
 * A section's counts for a line that says already that the section moved: less the two halves of the section's own
 * move (both in the section), which "moved from position 2 to 3" is, so a moved section does not read "2 moves".
 */
export function countsBesidesOwnMove(redline: Redline, section: SectionRedline): ChangeCounts {
  const counts = { ...section.counts, changes: section.changeIds.length };
  if (section.status !== 'moved') return counts;
  const inSection = new Set(section.changeIds);
  const own = redline.changes.filter((change) => inSection.has(change.id) && (change.kind === 'move-from' || change.kind === 'move-to') && change.movePair !== undefined && inSection.has(change.movePair));
  return { ...counts, moves: counts.moves - own.length, changes: counts.changes - own.length };
}

/** The changes by kind, each counted once: "1 replacement", "2 insertions", …; none for no change. */
export function changeKinds(counts: SectionCounts): string[] {
  const { replacements } = counts;
  const parts: string[] = [];
  const say = (n: number, word: string) => n > 0 && parts.push(count(n, word));
  say(replacements, 'replacement');
  say(counts.insertions - replacements, 'insertion');
  say(counts.deletions - replacements, 'deletion');
  say(counts.moves, 'move');
  say(counts.formatting, 'formatting change');
  return parts;
}

/**
 * "from position 3 to 5" for a moved section of `redline`, counting sections as a reader does: the preamble, which the
 * redline lists first (index 0) on both sides when either has one, is not a section.
 */
export function movedPositions(redline: Redline, section: SectionRedline): string {
  const preamble = redline.sections[0]?.lead ? 1 : 0;
  return `from position ${section.oldIndex! + 1 - preamble} to ${section.newIndex! + 1 - preamble}`;
}
