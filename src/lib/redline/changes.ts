/** Changes while the redline is built: each gets a temporary key, renamed `change-N` in document order at the end. */
import type { Element, ElementContent, Properties } from 'hast';
import type { ChangeKind } from './types.ts';

/** A change before numbering. */
export interface PendingChange {
  key: string;
  kind: ChangeKind;
  sectionId: string;
  block: string;
  oldText: string;
  newText: string;
  /** The other half of a move. */
  partner?: PendingChange;
}

/** Hands out changes with unique temporary keys. */
export class ChangeLog {
  readonly all = new Map<string, PendingChange>();
  #next = 0;

  /** A new change of `kind` in `sectionId`, inside a `block` element. */
  create(kind: ChangeKind, sectionId: string, block: string): PendingChange {
    const change: PendingChange = { key: `pending-${++this.#next}`, kind, sectionId, block, oldText: '', newText: '' };
    this.all.set(change.key, change);
    return change;
  }
}

/** The attributes of an `<ins>`/`<del>` that belongs to `change`. */
export function changeProperties(change: PendingChange): Properties {
  const properties: Properties = { dataChange: change.key, dataKind: change.kind };
  if (change.kind === 'move-from' || change.kind === 'move-to') {
    properties.dataMove = true;
    if (change.partner) properties.dataMovePair = change.partner.key;
  }
  return properties;
}

/** Wraps nodes in `<ins>` or `<del>` for `change`. */
export function wrapChange(tagName: 'ins' | 'del', change: PendingChange, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties: changeProperties(change), children };
}
