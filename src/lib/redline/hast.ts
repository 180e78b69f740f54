/** Small hast helpers shared by the redline engine and its renderers. */
import type { Element, ElementContent, Properties, Text } from 'hast';
import { appendAll } from '../append.ts';

/** Elements that are blocks on the page; everything else is inline content. */
export const BLOCK_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot',
  'tr', 'td', 'th', 'hr', 'div', 'section', 'details', 'summary', 'dl', 'dt', 'dd', 'figure', 'caption',
]);

/** Is this node a block element? */
export function isBlock(node: ElementContent): node is Element {
  return node.type === 'element' && BLOCK_TAGS.has(node.tagName);
}

/** Is this one of the renderer's own empty links (¶ or § self-links, the redline's move links), which carry no text of the policy? */
export function isAnchorMark(node: ElementContent): boolean {
  if (node.type !== 'element' || node.tagName !== 'a' || node.children.length > 0) return false;
  const className = node.properties.className;
  return Array.isArray(className) && (className.includes('pilcrow') || className.includes('self-link') || className.includes('redline-move-link'));
}

/** Is this a text node of HTML white space only (the newlines between blocks; a no-break space is text)? */
export function isWhitespace(node: ElementContent): node is Text {
  return node.type === 'text' && /^[\t\n\f\r ]*$/.test(node.value);
}

/** A text node. */
export function text(value: string): Text {
  return { type: 'text', value };
}

/** An element. */
export function element(tagName: string, properties: Properties, children: ElementContent[]): Element {
  return { type: 'element', tagName, properties, children };
}

/** The visible text of nodes (as textContent would give it), anchor marks carry none anyway. */
export function textOf(nodes: readonly ElementContent[]): string {
  let out = '';
  const walk = (list: readonly ElementContent[]) => {
    for (const node of list) {
      if (node.type === 'text') out += node.value;
      else if (node.type === 'element') walk(node.children);
    }
  };
  walk(nodes);
  return out;
}

/** A copy of a subtree from the old document: no ids (they would clash with the new page's) and no self-links. */
export function stripForOld(node: ElementContent): ElementContent | undefined {
  if (node.type !== 'element') return node.type === 'text' ? { type: 'text', value: node.value } : undefined;
  if (isAnchorMark(node)) return undefined;
  const { id: _id, ...properties } = node.properties;
  const children: ElementContent[] = [];
  for (const child of node.children) {
    const copy = stripForOld(child);
    if (copy) children.push(copy);
  }
  return { type: 'element', tagName: node.tagName, properties, children };
}

/** Keeps the `<del>` side: drops every `<ins>`, unwraps every `<del>` (what "reject all" gives). */
export function rejectAll(nodes: readonly ElementContent[]): ElementContent[] {
  return resolve(nodes, 'ins', 'del');
}

/** Keeps the `<ins>` side: drops every `<del>`, unwraps every `<ins>` (what "accept all" gives). */
export function acceptAll(nodes: readonly ElementContent[]): ElementContent[] {
  return resolve(nodes, 'del', 'ins');
}

function resolve(nodes: readonly ElementContent[], drop: string, unwrap: string): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type !== 'element') {
      out.push(node);
      continue;
    }
    if (node.tagName === drop) continue;
    const children = resolve(node.children, drop, unwrap);
    if (node.tagName === unwrap) appendAll(out, children);
    else out.push({ ...node, children });
  }
  return out;
}

/** Does the node hold a change: an `<ins>`, a `<del>`, or an element that belongs to a change? */
export function hasChange(node: ElementContent): boolean {
  return node.type === 'element' && (node.tagName === 'ins' || node.tagName === 'del' || node.properties.dataChange !== undefined || node.children.some(hasChange));
}

/** Which marks a block's text sits in: all in `<ins>` ('ins'), all in `<del>` ('del'), or some outside or in both (undefined). */
export function sideOf(node: Element): 'ins' | 'del' | undefined {
  const found = new Set<string>();
  const work: ElementContent[] = [node];
  while (work.length) {
    const child = work.pop()!;
    if (child.type === 'text') {
      if (child.value.trim()) found.add('text');
    } else if (child.type === 'element') {
      if (child.tagName === 'ins' || child.tagName === 'del') found.add(child.tagName);
      else appendAll(work, child.children);
    }
  }
  return found.size === 1 && !found.has('text') ? (found.values().next().value as 'ins' | 'del') : undefined;
}
