/** The redline for a terminal: section headers, changed blocks with word-level colour, a summary line. */
import type { Element, ElementContent } from 'hast';
import { BLOCK_TAGS, isAnchorMark, hasChange, sideOf } from './hast.ts';
import { sidesText } from './sides.ts';
import { changeKinds, countsBesidesOwnMove, movedPositions, summaryLine } from './summary.ts';
import { detailRuns, METADATA_LABELS } from './metadata.ts';
import type { Change, Redline, SectionRedline } from './types.ts';

/** Options of the terminal rendering. */
export interface RedlineAnsiOptions {
  /** Colour (ANSI escapes); without it, changes are marked `[-deleted-]` and `{+inserted+}` as git's word diff does. */
  color: boolean;
}

const STYLE = {
  del: ['\u001b[31;9m', '\u001b[0m'],
  ins: ['\u001b[32;4m', '\u001b[0m'],
  moveFrom: ['\u001b[35;9m', '\u001b[0m'],
  moveTo: ['\u001b[36;4m', '\u001b[0m'],
  format: ['\u001b[33;4m', '\u001b[0m'],
  bold: ['\u001b[1m', '\u001b[0m'],
  dim: ['\u001b[2m', '\u001b[0m'],
} as const;

const PLAIN = {
  del: ['[-', '-]'],
  ins: ['{+', '+}'],
  moveFrom: ['[-', '-]'],
  moveTo: ['{+', '+}'],
  format: ['{~', '~}'],
  bold: ['', ''],
  dim: ['', ''],
} as const;

/** Renders the redline as terminal text. */
export function renderRedlineAnsi(redline: Redline, options: RedlineAnsiOptions): string {
  const paint = painter(options);
  const lines: string[] = [];
  lines.push(paint('bold', `Redline: ${redline.new.metadata.title} ${sidesText(redline)}`));
  lines.push(summaryLine(redline));
  lines.push(...metadataChangeLines(redline, options));
  for (const section of redline.sections) {
    if (section.status === 'unchanged') continue;
    lines.push('', paint('bold', `§ ${section.title}`) + paint('dim', `  ${describeSection(redline, section)}`));
    for (const block of sectionChangeBlocks(section, options, redline)) for (const line of block.split('\n')) lines.push(`  ${line}`);
  }
  // The closing summary sums up what is listed above it; with no section listed, the first line has said it all.
  if (redline.sections.some((section) => section.status !== 'unchanged')) lines.push('', paint('bold', summaryLine(redline)) + (redline.changes.length ? ` (${totals(redline)})` : ''));
  return `${lines.join('\n')}\n`;
}

/** Marks changes with colour, or as `[-deleted-]` and `{+inserted+}` without it. */
function painter(options: RedlineAnsiOptions): Paint {
  const style = options.color ? STYLE : PLAIN;
  return (kind, value) => (value ? `${style[kind][0]}${value}${style[kind][1]}` : value);
}

/** One line per changed detail of the document (version, date, title, …): `version: [-3.23-]{+3.24+}`. */
export function metadataChangeLines(redline: Redline, options: RedlineAnsiOptions): string[] {
  const paint = painter(options);
  return redline.metadataChanges.map((change) => {
    const label = METADATA_LABELS[change.field].toLowerCase();
    const runs = detailRuns(change);
    // A value replaced whole reads "old → new"; a word-diffed one reads as one text with its edits marked.
    const text = runs.map((run) => (run.kind === 'same' ? run.text : paint(run.kind, run.text))).join(runs.some((run) => run.kind === 'same') ? '' : ' → ');
    return `${label}: ${text.trimEnd()}`;
  });
}

/**
 * The changed text of one section, one entry per changed block (a paragraph, a list, a table) holding one line per
 * changed leaf (paragraph, list item, heading, table row) with its edits marked; the heading comes first when the
 * section was added, removed, renamed or moved.
 */
export function sectionChangeBlocks(section: SectionRedline, options: RedlineAnsiOptions, redline?: Redline): string[] {
  const paint: Paint = Object.assign(painter(options), redline ? { moveNote: moveNotes(redline, section.id) } : {});
  const blocks: string[] = [];
  if (section.status === 'unchanged') return blocks;
  // (a heading whose level changed says what it was, as a block of another kind does)
  const was = section.heading.properties.dataWasBlock;
  // A moved section's heading is its title, not an insertion: the section's line says where it moved from.
  const headingPaint: Paint = section.status === 'moved' ? (kind, value) => (kind === 'moveFrom' || kind === 'moveTo' ? value : paint(kind, value)) : paint;
  if (section.status !== 'modified' || was !== undefined) blocks.push(`${was === undefined ? '' : `${paint('format', `(was ${String(was)})`)} `}${inlineText(section.heading.children, headingPaint, false)}`);
  for (const block of section.regions.flatMap((region) => region.blocks)) {
    if (block.status === 'equal') continue;
    const lines = blockText(block.nodes, paint, 0).split('\n').filter((line) => line.trim());
    if (lines.length) blocks.push(lines.join('\n'));
  }
  return blocks;
}

/** "(modified; +2 -1)", "(moved, from position 3 to 5)", "(renamed, was \"Scope\")". */
function describeSection(redline: Redline, section: SectionRedline): string {
  const parts: string[] = [section.status];
  if (section.status === 'moved') parts.push(movedPositions(redline, section));
  if (section.oldTitle) parts.push(`was "${section.oldTitle}"`);
  const c = countsBesidesOwnMove(redline, section);
  const counts = [c.insertions && `+${c.insertions}`, c.deletions && `-${c.deletions}`, c.moves && `~${c.moves} moved`, c.formatting && `${c.formatting} formatting`].filter(Boolean);
  return `(${parts.join(', ')}${counts.length ? `; ${counts.join(' ')}` : ''})`;
}

/** The redline's changes by kind, adding up to their number ("2 replacements, 1 insertion"). */
function totals(redline: Redline): string {
  const sum = { insertions: 0, deletions: 0, replacements: 0, moves: 0, formatting: 0 };
  for (const section of redline.summary.sections) for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += section[key];
  return changeKinds(sum).join(', ');
}

/** The redline's changes by id and section titles by id, made once per redline (each changed section asks). */
const moveIndexes = new WeakMap<Redline, { changes: Map<string, Change>; titles: Map<string, string> }>();

function moveIndex(redline: Redline): { changes: Map<string, Change>; titles: Map<string, string> } {
  let index = moveIndexes.get(redline);
  if (!index) {
    index = { changes: new Map(redline.changes.map((change) => [change.id, change])), titles: new Map(redline.sections.map((section) => [section.id, section.title])) };
    moveIndexes.set(redline, index);
  }
  return index;
}

/** Paints a change; `moveNote` says, for the mark of one half of a move, where the other half is. */
type Paint = ((kind: keyof typeof STYLE, value: string) => string) & { moveNote?: (pair: string, half: 'moveFrom' | 'moveTo') => string | undefined };

/**
 * Where the other half of a move is, said after the half in section `sectionId`: plain text marks a move as it marks a
 * deletion or an insertion, and only this note tells a reader of a mail that the text went on, not away.
 */
function moveNotes(redline: Redline, sectionId: string): NonNullable<Paint['moveNote']> {
  const { changes, titles } = moveIndex(redline);
  return (pair, half) => {
    const other = changes.get(pair);
    if (!other) return undefined;
    const direction = half === 'moveFrom' ? 'to' : 'from';
    return other.sectionId === sectionId ? `(moved ${direction} elsewhere in this section)` : `(moved ${direction} § ${titles.get(other.sectionId) ?? other.sectionId})`;
  };
}

/** Text of changed blocks, one line per leaf block; in lists and tables only the items that changed. */
function blockText(nodes: ElementContent[], paint: Paint, depth: number): string {
  const out: string[] = [];
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'template') {
      // A stretch of blocks shown together (words aligned across a change of structure).
      out.push(blockText(node.children, paint, depth));
      continue;
    }
    if (!BLOCK_TAGS.has(node.tagName)) continue;
    const blockChildren = node.children.filter((child): child is Element => child.type === 'element' && BLOCK_TAGS.has(child.tagName));
    const inline = node.children.filter((child) => child.type !== 'element' || !BLOCK_TAGS.has(child.tagName));
    const indent = '  '.repeat(depth);
    if (blockChildren.length === 0) {
      const kind = node.tagName === 'li' ? itemPrefix(node, paint) : /^h\d$/.test(node.tagName) ? '# ' : node.tagName === 'td' || node.tagName === 'th' ? '| ' : '';
      // A block whose kind or nesting changed says what it was.
      const was = node.properties.dataWasBlock;
      const prefix = was === undefined ? kind : `${kind}${paint('format', `(was ${String(was)})`)} `;
      const line = inlineText(inline, paint, node.tagName === 'pre');
      out.push(indent + prefix + (node.tagName === 'pre' ? line : line.trim()));
      continue;
    }
    if (node.tagName === 'ol') numberItems(node);
    const own = inlineText(inline, paint, false).trim();
    const marker = node.tagName === 'li' ? itemPrefix(node, paint) : '';
    if (own) out.push(indent + marker + own);
    const changedChildren = blockChildren.filter(hasChange);
    const nested = node.tagName === 'ul' || node.tagName === 'ol' || node.tagName === 'li' ? depth + 1 : depth;
    if (node.tagName === 'tr') {
      out.push(`${indent}| ${blockChildren.map((cell) => inlineText(cell.children, paint, false).trim()).join(' | ')} |`);
      continue;
    }
    const inner = blockText(changedChildren, paint, nested);
    if (!marker || own) {
      out.push(inner);
    } else if (changedChildren[0] === blockChildren[0]) {
      // An item of paragraphs whose first one changed: its number on that paragraph's first line.
      out.push(indent + marker + inner.trimStart());
    } else {
      // Only later blocks of the item changed: its number and the start of its first paragraph say which item they are
      // in ("3. Furthermore, also in parallel:" above the changed "5."), as a reader of the policy cites "step 3.5".
      out.push(indent + marker + leadText(blockChildren[0]!), inner);
    }
  }
  return out.filter(Boolean).join('\n');
}

/** The number of each item of an ordered list as the reader sees it: the list's start, counted on. */
const itemNumbers = new WeakMap<Element, number>();

/**
 * Numbers the items of `list` (an `ol`) for itemPrefix, each as its side numbers it: a deleted item by the old list
 * (its old start, the items the old list had), every other item by the new one (without the deleted items).
 */
function numberItems(list: Element): void {
  let now = Number(list.properties.start ?? 1);
  let was = Number(list.properties.dataWasStart ?? list.properties.start ?? 1);
  for (const child of list.children) {
    if (child.type !== 'element' || child.tagName !== 'li') continue;
    const side = sideOf(child);
    itemNumbers.set(child, side === 'del' ? was : now);
    if (side !== 'del') now++;
    if (side !== 'ins') was++;
  }
}

/** A list item's marker: its number in an ordered list, else a bullet; a renumbered item's old and new number (`[-2.-]{~1.~} `). */
function itemPrefix(node: Element, paint: Paint): string {
  const { dataWasNumber: was, dataNumber: now } = node.properties;
  if (was !== undefined && now !== undefined) return `${paint('del', `${String(was)}.`)}${paint('format', `${String(now)}.`)} `;
  const number = itemNumbers.get(node);
  return number === undefined ? '• ' : `${number}. `;
}

/** The longest text of an unchanged block shown only to say where a change is: about half a line of mail. */
const LEAD_TEXT_LENGTH = 40;

/** The start of an unchanged block's text, cut at a word with "…" when long. */
function leadText(block: Element): string {
  const text = inlineText(block.children, (_kind, value) => value, false).trim();
  if (text.length <= LEAD_TEXT_LENGTH) return text;
  const cut = text.slice(0, LEAD_TEXT_LENGTH + 1).replace(/\s+\S*$/, '');
  return `${cut || text.slice(0, LEAD_TEXT_LENGTH)} …`;
}

/** Inline text with changes painted. */
function inlineText(nodes: ElementContent[], paint: Paint, exactSpace: boolean, markup = false): string {
  let out = '';
  for (const node of joinMarks(nodes)) {
    if (node.type === 'text') out += exactSpace ? node.value : node.value.replace(/\s+/g, ' ');
    else if (node.type === 'element' && !isAnchorMark(node)) {
      // Inside a formatting change the formatting is what changed: written as Markdown writes it ("{~_bugs_~}" for
      // emphasis added, "[-_bugs_-]" for emphasis taken away), where elsewhere plain text shows only the words.
      const formatting = (node.tagName === 'ins' || node.tagName === 'del') && node.properties.dataKind === 'formatting';
      const inner = inlineText(node.children, paint, exactSpace, markup || formatting);
      if (node.tagName === 'del' && node.properties.dataBreak !== undefined) {
        // A paragraph split (or merge) here: a ¶ where the boundary was made (or removed).
        out += ` ${paint(node.properties.dataBreak === 'merge' ? 'del' : 'format', '¶')}`;
      } else if (node.tagName === 'ins' || node.tagName === 'del') {
        const kind = node.properties.dataKind;
        const style = kind === 'formatting' ? (node.tagName === 'ins' ? 'format' : 'del') : kind === 'move-from' ? 'moveFrom' : kind === 'move-to' ? 'moveTo' : node.tagName;
        // Moved text that was also edited shows its edits alone: plain text marks a move as it marks an insertion or a
        // deletion, and "{+[-3-]{+4+}. Scope+}" reads as nothing; the section's line says what moved.
        if ((style === 'moveFrom' || style === 'moveTo') && node.children.some(hasChange)) {
          out += inner;
          continue;
        }
        // Spaces at the edges stay outside the marks: "{+word+} " reads better than "{+word +}".
        const [, before, core, after] = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
        const pair = node.properties.dataMovePair;
        const note = (style === 'moveFrom' || style === 'moveTo') && typeof pair === 'string' ? paint.moveNote?.(pair, style) : undefined;
        out += before! + paint(style as keyof typeof STYLE, core!) + (note ? ` ${paint('dim', note)}` : '') + after!;
      } else if (node.tagName === 'br') out += '\n';
      else if (node.tagName === 'a' && node.properties.dataWasHref !== undefined) {
        // A retargeted link: its text once, then where it led and where it leads.
        out += `${inner} <${paint('del', String(node.properties.dataWasHref))} ${paint('format', String(node.properties.href))}>`;
      }
      else if (markup && MARKUP[node.tagName]) out += `${MARKUP[node.tagName]}${inner}${MARKUP[node.tagName]}`;
      else out += inner;
    }
  }
  return out;
}

/** The Markdown a formatting change's emphasis, strong emphasis and code are written with. */
const MARKUP: Record<string, string> = { em: '_', strong: '**', code: '`' };

/**
 * One mark for each stretch of a change, as the terminal has no nesting to show: a link or emphasis wholly inside a
 * change goes inside its mark (`<a><del>x</del></a>` reads `[-x-]`), and neighbouring marks of the same change join,
 * so a deletion that runs through a link reads `[-to support@example.com or-]`, not as three deletions.
 */
function joinMarks(nodes: ElementContent[]): ElementContent[] {
  const markOf = (node: ElementContent | undefined): Element | undefined =>
    node?.type === 'element' && (node.tagName === 'ins' || node.tagName === 'del') && typeof node.properties.dataChange === 'string' && node.properties.dataBreak === undefined ? node : undefined;
  const out: ElementContent[] = [];
  for (const node of nodes) {
    let item = node;
    if (node.type === 'element' && !markOf(node) && node.properties.dataWasHref === undefined && !BLOCK_TAGS.has(node.tagName)) {
      const content = node.children.filter((child) => !isAnchorMark(child));
      const only = markOf(content.length === 1 ? content[0] : undefined);
      if (only) item = { ...only, children: [{ ...node, children: only.children }] };
    }
    const mark = markOf(item);
    const last = markOf(out.at(-1));
    if (mark && last && last.tagName === mark.tagName && last.properties.dataChange === mark.properties.dataChange) {
      out[out.length - 1] = { ...last, children: [...last.children, ...mark.children] };
    } else out.push(item);
  }
  return out;
}
