/**
 * jsdiff's array diff under an edit budget, which answers "too far apart" without searching when counting the tokens
 * already proves it: unrelated texts (a rewrite, unrelated documents) otherwise cost the whole search up to the budget.
 */
import { diffArrays, type ChangeObject } from 'diff';

/**
 * `diffArrays(oldTokens, newTokens, { maxEditLength })`: the diff, or undefined when no script of at most `maxEditLength`
 * insertions and deletions turns one list into the other (exactly what jsdiff answers, sooner where it is certain).
 */
export function boundedDiff(oldTokens: readonly string[], newTokens: readonly string[], maxEditLength: number): ChangeObject<string[]>[] | undefined {
  // jsdiff's search costs about maxEditLength² steps when it fails; counting costs one pass, worth it only when larger.
  const length = oldTokens.length + newTokens.length;
  if (maxEditLength < length && maxEditLength * maxEditLength > 4 * length && editLowerBound(oldTokens, newTokens) > maxEditLength) return undefined;
  return diffArrays(oldTokens as string[], newTokens as string[], { maxEditLength });
}

/**
 * Fewest insertions and deletions any edit script needs: every token one list holds more often than the other must be
 * inserted or deleted that many times. Counted between the common start and end, which cancel out.
 */
export function editLowerBound(oldTokens: readonly string[], newTokens: readonly string[]): number {
  let start = 0;
  while (start < oldTokens.length && start < newTokens.length && oldTokens[start] === newTokens[start]) start++;
  let oldEnd = oldTokens.length;
  let newEnd = newTokens.length;
  while (oldEnd > start && newEnd > start && oldTokens[oldEnd - 1] === newTokens[newEnd - 1]) oldEnd--, newEnd--;
  const balance = new Map<string, number>();
  for (let k = start; k < oldEnd; k++) balance.set(oldTokens[k]!, (balance.get(oldTokens[k]!) ?? 0) + 1);
  for (let k = start; k < newEnd; k++) balance.set(newTokens[k]!, (balance.get(newTokens[k]!) ?? 0) - 1);
  let bound = 0;
  for (const count of balance.values()) bound += Math.abs(count);
  return bound;
}
