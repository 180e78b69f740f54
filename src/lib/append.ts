/**
 * Appends without spreading: `target.push(...items)` passes every item as a call argument, and past roughly
 * 100,000 items (a section of that many paragraphs) the engine throws "Maximum call stack size exceeded".
 */

/** Pushes every item of `items` onto `target`, one at a time, and returns `target`. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
