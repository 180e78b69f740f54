/**
 * A shortcut renderer for the commonest policy text: a paragraph, a tight `-` list (one nesting level), or a table
 * whose every row is written `| a | b |`, of words with `*em*`, `**strong**` and `[text](url)`. It accepts only text whose rendering it knows for certain, gives exactly the
 * hast the page's renderer gives (a property test holds it to that), and declines everything else (undefined), which
 * then goes through remark. It exists because parsing is most of the redline's cost on large documents.
 */
import type { Element, ElementContent, Root } from 'hast';
import { addBlockAnchors } from '../markdown/anchors.ts';
import type { LinkOptions } from '../markdown/links.ts';

// Plain runs: letters, digits, spaces and unremarkable punctuation; never anything that could start markup.
const PLAIN = String.raw`[\p{L}\p{N} ,.;:'"?()/\-’‘“”–—…]`;
const PLAIN_ONLY = new RegExp(`^${PLAIN}*$`, 'u');
const WORD_EDGE = String.raw`[\p{L}\p{N}]`;
const SPAN = String.raw`${WORD_EDGE}(?:[\p{L}\p{N} ,.'-]*${WORD_EDGE})?`;
const URL = String.raw`(?:https?:\/\/[A-Za-z0-9.-]+(?:\/[A-Za-z0-9/._~#-]*)?|\/[A-Za-z0-9/._~-]*(?:#[A-Za-z0-9._~-]*)?|#[A-Za-z0-9._~-]+)`;
const INLINE_TOKEN = new RegExp(String.raw`\*\*(${SPAN})\*\*|\*(${SPAN})\*|\[(${SPAN})\]\((${URL})\)|(${PLAIN}+)`, 'gu');
// Before an opening delimiter: line start, space or "("; after a closing one: line end, space or closing punctuation.
const BEFORE_OPEN = /[\s(]$/u;
const AFTER_CLOSE = /^[\s.,;:)]/u;

/** Renders one line-structured inline text to hast children, or undefined when it is not certain. */
function renderInline(source: string, links: LinkOptions): ElementContent[] | undefined {
  if (/:\/\/|www\.|@|\s\n|\n\s|\s$|^\s/u.test(source.replace(/\]\([^)]*\)/g, '](x)'))) return undefined;
  const out: ElementContent[] = [];
  let at = 0;
  for (const line of source.split('\n')) {
    // A soft wrap shows, and is written, as one space (see markdown/whitespace.ts).
    if (at > 0) pushText(out, ' ');
    let consumed = 0;
    for (const match of line.matchAll(INLINE_TOKEN)) {
      if (match.index !== consumed) return undefined;
      consumed += match[0].length;
      const [, strong, em, linkText, url, plain] = match;
      if (plain !== undefined) {
        pushText(out, collapse(plain));
        continue;
      }
      const before = line.slice(0, match.index);
      const after = line.slice(consumed);
      if (before && !BEFORE_OPEN.test(before)) return undefined;
      if (after && !AFTER_CLOSE.test(after)) return undefined;
      if (strong !== undefined) out.push(element('strong', {}, strong));
      else if (em !== undefined) out.push(element('em', {}, em));
      else out.push(element('a', { href: resolve(url!, links) }, linkText!));
    }
    if (consumed !== line.length) return undefined;
    at++;
  }
  return out;
}

function element(tagName: string, properties: Element['properties'], value: string): Element {
  return { type: 'element', tagName, properties, children: [{ type: 'text', value: collapse(value) }] };
}

/** A run of spaces shows, and is written, as one (see markdown/whitespace.ts). */
function collapse(value: string): string {
  return value.includes('  ') ? value.replace(/ {2,}/g, ' ') : value;
}

function pushText(out: ElementContent[], value: string): void {
  const last = out.at(-1);
  if (last?.type === 'text') last.value += value;
  else out.push({ type: 'text', value });
}

function resolve(url: string, links: LinkOptions): string {
  if (url.startsWith('/') && links.linkBase) return links.linkBase.replace(/\/$/, '') + url;
  return url;
}

const ITEM = /^-( {1,4})(\S.*)$/;
const NESTED = /^ {4}-( {1,4})(\S.*)$/;

/** The hast of a chunk when the shortcut can render it exactly; undefined otherwise. */
export function fastRender(text: string, links: LinkOptions, anchorPrefix?: string): ElementContent[] | undefined {
  if (!text || text.includes('\n\n') || /[\t\r\u00a0\u2028\u2029]/.test(text)) return undefined;
  const lines = text.split('\n');
  // A line of three or more `-`, `*` or `_` is a thematic break (or a heading underline), also after a list marker.
  if (lines.some((line) => /(?:^|^[ \t]*[-*+][ \t]+)([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line))) return undefined;
  let root: Root;
  if (lines[0]!.startsWith('|')) {
    const table = renderTable(lines, links);
    if (!table) return undefined;
    root = { type: 'root', children: [table] };
  } else if (ITEM.test(lines[0]!)) {
    const list = renderList(lines, links);
    if (!list) return undefined;
    root = { type: 'root', children: [list] };
  } else {
    if (!lines.every((line) => /^[\p{L}\p{N}"'(*[]/u.test(line) && !/^\d+[.)]/.test(line) && !/^[-*+]\s/.test(line))) return undefined;
    const children = renderInline(text, links);
    if (!children) return undefined;
    root = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children }] };
  }
  // Its white space is already as the renderer writes it (markdown/whitespace.ts); the property test holds it to that.
  if (anchorPrefix) addBlockAnchors(root, anchorPrefix);
  return root.children as ElementContent[];
}

/** A tight list whose every line is an item (`-   text`) or a nested item (`    -   text`) under one. */
function renderList(lines: string[], links: LinkOptions): Element | undefined {
  const top: Element = { type: 'element', tagName: 'ul', properties: {}, children: [{ type: 'text', value: '\n' }] };
  let current: Element | undefined;
  let nested: Element | undefined;
  let width: number | undefined;
  for (const line of lines) {
    const item = ITEM.exec(line);
    const sub = item ? null : NESTED.exec(line);
    const match = item ?? sub;
    if (!match) return undefined;
    // One or three spaces after the marker, the same for every top-level item, and no block syntax inside.
    if (match[1]!.length !== 1 && match[1]!.length !== 3) return undefined;
    if (/^(?:\d+[.)]|[-+*])(?:\s|$)/.test(match[2]!)) return undefined;
    if (item) {
      if (width !== undefined && width !== match[1]!.length) return undefined;
      width = match[1]!.length;
    } else if (!current) return undefined;
    const children = renderInline(match[2]!, links);
    if (!children || children.length === 0) return undefined;
    const li: Element = { type: 'element', tagName: 'li', properties: {}, children };
    if (item) {
      if (nested) current!.children.push({ type: 'text', value: '\n' });
      nested = undefined;
      top.children.push(li, { type: 'text', value: '\n' });
      current = li;
    } else {
      if (!nested) {
        nested = { type: 'element', tagName: 'ul', properties: {}, children: [{ type: 'text', value: '\n' }] };
        current!.children.push({ type: 'text', value: '\n' }, nested);
      }
      nested.children.push(li, { type: 'text', value: '\n' });
    }
  }
  if (nested) current!.children.push({ type: 'text', value: '\n' });
  return top;
}

/** A delimiter row's cell: dashes, with a colon on the side the column is aligned to. */
const DELIMITER_CELL = /^ *(:?)-+(:?) *$/;

/** The cells of a row written `| a | b |` (no backslash or code span, which may hold a `|`), or undefined. */
function rowCells(line: string): string[] | undefined {
  if (line.length < 2 || !line.startsWith('|') || !line.endsWith('|') || /[\\`]/.test(line)) return undefined;
  return line.slice(1, -1).split('|');
}

/**
 * A GFM table whose every line is a row `| a | b |` with plain cells: a header, its delimiter row with as many cells,
 * and at least one body row with at most as many cells (a shorter row gets empty cells, as GFM gives it).
 */
function renderTable(lines: string[], links: LinkOptions): Element | undefined {
  if (lines.length < 3) return undefined;
  const header = rowCells(lines[0]!);
  const delimiter = rowCells(lines[1]!);
  if (!header || !delimiter || header.length !== delimiter.length) return undefined;
  const align: (string | undefined)[] = [];
  for (const cell of delimiter) {
    const match = DELIMITER_CELL.exec(cell);
    if (!match) return undefined;
    align.push(match[1] && match[2] ? 'center' : match[1] ? 'left' : match[2] ? 'right' : undefined);
  }
  const row = (cells: string[], tagName: 'th' | 'td'): Element | undefined => {
    const children: ElementContent[] = [{ type: 'text', value: '\n' }];
    for (let column = 0; column < header.length; column++) {
      const text = (cells[column] ?? '').replace(/^ +| +$/g, '');
      // Most cells are plain words: their text is the whole rendering (tables are where most cells are).
      const content = PLAIN_ONLY.test(text) && !/:\/\/|www\./.test(text) ? (text ? [{ type: 'text' as const, value: collapse(text) }] : []) : renderInline(text, links);
      if (!content) return undefined;
      children.push({ type: 'element', tagName, properties: align[column] ? { align: align[column] } : {}, children: content }, { type: 'text', value: '\n' });
    }
    return { type: 'element', tagName: 'tr', properties: {}, children };
  };
  const head = row(header, 'th');
  if (!head) return undefined;
  const body: ElementContent[] = [{ type: 'text', value: '\n' }];
  for (const line of lines.slice(2)) {
    const cells = rowCells(line);
    if (!cells || cells.length > header.length) return undefined;
    const tr = row(cells, 'td');
    if (!tr) return undefined;
    body.push(tr, { type: 'text', value: '\n' });
  }
  return {
    type: 'element',
    tagName: 'table',
    properties: {},
    children: [
      { type: 'text', value: '\n' },
      { type: 'element', tagName: 'thead', properties: {}, children: [{ type: 'text', value: '\n' }, head, { type: 'text', value: '\n' }] },
      { type: 'text', value: '\n' },
      { type: 'element', tagName: 'tbody', properties: {}, children: body },
      { type: 'text', value: '\n' },
    ],
  };
}
