/** hast to HTML text, with one fixed serialisation so equal trees give equal bytes. */
import type { Nodes } from 'hast';
import { toHtml } from 'hast-util-to-html';

/** Serialises hast to HTML. */
export function hastToHtml(tree: Nodes): string {
  return toHtml(tree, { characterReferences: { useNamedReferences: false } });
}
