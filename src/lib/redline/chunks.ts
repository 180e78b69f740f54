/**
 * Splits a section body into top-level Markdown chunks at boundaries where parsing the pieces apart gives the same
 * blocks as parsing the whole, so only the chunks whose bytes changed are ever parsed and diffed.
 */
import type { ElementContent } from 'hast';
import { addBlockAnchors } from '../markdown/anchors.ts';
import type { LinkOptions } from '../markdown/links.ts';
import { markdownToHast } from '../markdown/to-hast.ts';
import { fastRender } from './fast-render.ts';

/** A piece of a body: its text and where it sits (byte offsets into the body, as in mdast positions). */
export interface Chunk {
  text: string;
  start: number;
  end: number;
}

const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
// Definitions, footnotes and raw HTML blocks reach across blank lines or across the document: keep such bodies whole.
const WHOLE_BODY = /^ {0,3}\[[^\]]+\]:|\[\^|^ {0,3}</m;

/** Splits `body` at blank lines followed by an unindented line that cannot continue the block before. */
export function splitChunks(body: string): Chunk[] {
  // (micromark reads past a leading byte order mark, so the test does too)
  // (untrimmed: a fence left open would keep its trailing blank lines as code)
  if (WHOLE_BODY.test(body.replace(/^\uFEFF/, ''))) return body ? [{ text: body, start: 0, end: body.length }] : [];
  const chunks: Chunk[] = [];
  let start = 0;
  let offset = 0;
  let fence: string | undefined;
  let previousBlank = false;
  // Whether the last top-level block is a list: a list item after a blank line continues it, else starts a new block.
  let inList = false;
  for (const line of body.split('\n')) {
    // Markdown's white space is spaces and tabs only (a line of no-break spaces is text, not a blank line).
    const blank = isBlank(line, 0, line.length);
    const topLevel = !fence && !blank && !isSpace(line.charCodeAt(0));
    const listItem = topLevel && LIST_ITEM.test(line);
    // (never before a byte order mark: micromark would drop it at the start of a chunk, but not inside the body)
    // (nor before an empty list item, which micromark reads as text after some blocks)
    const emptyItem = listItem && /^(?:[-+*]|\d{1,9}[.)])[ \t]*$/.test(line);
    if (topLevel && previousBlank && (!listItem || !inList) && offset > start && !line.startsWith('\uFEFF') && !emptyItem) {
      chunks.push({ text: body.slice(start, offset), start, end: offset });
      start = offset;
    }
    if (listItem) inList = true;
    else if (topLevel && previousBlank) inList = false;
    const fenceMatch = mayOpenFence(line) ? FENCE.exec(line) : null;
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && /^\s*$/.test(line.slice(fenceMatch[0].length))) fence = undefined;
    }
    previousBlank = blank;
    offset += line.length + 1;
  }
  if (start < body.length) chunks.push({ text: body.slice(start), start, end: body.length });
  // A fence left open runs to the end of the body: its blank lines are code.
  return fence ? [...trimmed(chunks.slice(0, -1)), chunks.at(-1)!] : trimmed(chunks);
}

/** A space or a tab (Markdown's white space on a line; a carriage return counts as blank too). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/** Is `text` from `start` to `end` spaces, tabs and carriage returns only? (Cheaper than a regular expression per line.) */
function isBlank(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 13) return false;
  }
  return true;
}

/** Could the line start or end a code fence (a backtick or tilde after at most three spaces)? */
function mayOpenFence(line: string): boolean {
  let index = 0;
  while (index < 3 && line.charCodeAt(index) === 32) index++;
  const code = line.charCodeAt(index);
  return code === 96 || code === 126;
}

/** Drops trailing blank lines from each chunk so equal blocks compare equal whatever the spacing after them. */
function trimmed(chunks: Chunk[]): Chunk[] {
  return chunks
    .map((chunk) => {
      // Only whole blank lines: trailing spaces on the last line belong to it (in a code block they are its text).
      let end = chunk.text.length;
      while (end > 0) {
        const newline = chunk.text.lastIndexOf('\n', end - 1);
        if (newline < 0 || !isBlank(chunk.text, newline + 1, end)) break;
        end = newline;
      }
      const text = end === chunk.text.length ? chunk.text : chunk.text.slice(0, end);
      return { text, start: chunk.start, end: chunk.start + text.length };
    })
    .filter((chunk) => chunk.text.length > 0);
}

/**
 * Renders a chunk to top-level hast blocks with the page's renderer (ordinary prose takes a shortcut that renders the
 * same); `footnoteScope` names footnote ids as the page does (the section id) also where no anchors are wanted.
 */
export function renderChunk(text: string, links: LinkOptions, anchorPrefix?: string, footnoteScope?: string): ElementContent[] {
  const fast = fastRender(text, links, anchorPrefix);
  if (fast) return fast;
  return markdownToHast(text, { ...links, ...(anchorPrefix ? { anchorPrefix } : {}), ...(footnoteScope ? { footnoteScope } : {}) }).children as ElementContent[];
}

/**
 * A whole section body rendered chunk by chunk with the shortcut, anchors numbered across the body as the page numbers
 * them; undefined unless every chunk takes the shortcut (then the page's renderer is needed). Each top-level block
 * carries the offset of its chunk, as the page renderer's blocks carry their source positions.
 */
export function fastBody(body: string, links: LinkOptions, anchorPrefix: string): ElementContent[] | undefined {
  const children: ElementContent[] = [];
  for (const chunk of splitChunks(body)) {
    const nodes = fastRender(chunk.text, links);
    if (!nodes || nodes.length !== 1 || nodes[0]!.type !== 'element') return undefined;
    const node = nodes[0]!;
    node.position = { start: { line: 1, column: 1, offset: chunk.start }, end: { line: 1, column: 1, offset: chunk.end } };
    if (children.length) children.push({ type: 'text', value: '\n' });
    children.push(node);
  }
  if (children.length === 0) return undefined;
  addBlockAnchors({ type: 'root', children }, anchorPrefix);
  return children;
}
