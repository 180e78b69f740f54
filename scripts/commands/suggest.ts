/** "Did you mean": the names near one the user mistyped, as git answers `git comit` with "The most similar command is commit". */

/** The most edits a suggestion may be away: 2, but 1 for a word of two or three letters, or "foo" would be taken for "to". */
function mostEdits(typed: string): number {
  return Math.min(2, Math.floor(typed.length / 2));
}

/**
 * The edit distance from `a` to `b`: a letter inserted, deleted or replaced, or two neighbouring letters swapped, are
 * one edit each (so "baes" is one edit from "base", as a typist sees it).
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the table are enough: the swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, replace);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, before[j - 2]! + 1);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * What `typed` may have meant among `names`: the only name it begins (`--fi` for `--fix`), else the names nearest to it
 * within mostEdits; none when nothing is that near.
 */
export function similarNames(typed: string, names: string[]): string[] {
  const begun = names.filter((name) => typed && name.startsWith(typed));
  if (begun.length === 1) return begun;
  const distances = names.map((name) => ({ name, distance: editDistance(typed, name) }));
  const nearest = Math.min(...distances.map(({ distance }) => distance));
  return nearest <= mostEdits(typed) ? distances.filter(({ distance }) => distance === nearest).map(({ name }) => name) : [];
}

/** " (did you mean X?)" for the names `typed` may have meant, each shown by `show`, or '' when there are none. */
export function didYouMean(typed: string, names: string[], show: (name: string) => string): string {
  const near = similarNames(typed, names);
  return near.length ? ` (did you mean ${near.map(show).join(' or ')}?)` : '';
}
