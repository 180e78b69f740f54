/**
 * Bounds on Markdown that the parser cannot take safely. micromark and the mdast/hast utilities recurse once per
 * nesting level (10,000 nested lists overflow the stack after a minute) and resolve emphasis and link brackets in
 * time quadratic in their number per paragraph. Text past these bounds is refused before it is parsed, the way
 * cmark-gfm caps list nesting; real policy text stays far below them.
 */

/** The most characters one section (or one section file, or the lead) may hold (1 MiB): a whole policy is a few dozen kilobytes. */
export const MAX_MARKDOWN_LENGTH = 1024 * 1024;

/** The most characters a whole policy may hold (8 MiB), the same kept as one Markdown file or as a folder of sections. */
export const MAX_POLICY_LENGTH = 8 * 1024 * 1024;

/**
 * A count with its thousands grouped, "8,388,608", as `toLocaleString('en')` writes it, without starting the ICU
 * library (about 40 ms of every command's start, as this module is loaded by all of them).
 */
export function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The size limits in words, for messages: the same for a single file and a folder. */
export const SIZE_LIMITS_TEXT = `a policy may hold at most ${groupDigits(MAX_POLICY_LENGTH)} characters (8 MiB) in all and ${groupDigits(MAX_MARKDOWN_LENGTH)} (1 MiB) in one section`;

/** The deepest nesting of lists and block quotes on one line (markers plus indentation, two columns a level). */
export const MAX_NESTING = 32;

/**
 * Budget for paragraphs: the sum over blank-line-separated blocks of (lines plus inline markers in the block)², a
 * second or two of parsing at worst. micromark and the GFM autolink pass take time quadratic in the lines and
 * constructs of one paragraph.
 */
export const MAX_MARKER_WORK = 2_000_000;

/**
 * The most `|` cell separators on one line: a table of 30,000 columns took the build 16 s and markdownlint's table
 * rules minutes; a policy table has a handful of columns.
 */
export const MAX_TABLE_COLUMNS = 100;

/** Where in the text a limit is passed, and what to do about it. */
export interface LimitProblem {
  line: number;
  column: number;
  message: string;
}

const CONTAINER_MARKER = /(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$)/y;
/** What starts or ends an inline construct: emphasis, strike-through, links, code, HTML, entities, autolinks. */
const INLINE_MARKERS = /[*_~[\]<>`&@]|:\/\/|www\./g;

/** Checks `text` against the bounds; returns the first problem of each kind, or nothing. */
export function markdownLimitProblems(text: string): LimitProblem[] {
  if (text.length > MAX_MARKDOWN_LENGTH) {
    return [{ line: 1, column: 1, message: `is ${groupDigits(text.length)} characters long; ${SIZE_LIMITS_TEXT}, split it into sections` }];
  }
  const problems: LimitProblem[] = [];
  const lines = text.split('\n');
  const deep = lines.findIndex((line) => nestingOf(line) > MAX_NESTING);
  if (deep >= 0) {
    problems.push({ line: deep + 1, column: 1, message: `nests lists or block quotes ${nestingOf(lines[deep]!)} levels deep; at most ${MAX_NESTING} are allowed, flatten the structure` });
  }
  const wide = lines.findIndex((line) => pipesIn(line) > MAX_TABLE_COLUMNS + 1);
  if (wide >= 0) {
    problems.push({ line: wide + 1, column: 1, message: `has a table row of ${groupDigits(pipesIn(lines[wide]!) - 1)} cells; tables may have at most ${MAX_TABLE_COLUMNS} columns, split the table` });
  }
  let work = 0;
  let blockStart = 0;
  let blockMarkers = 0;
  for (let index = 0; index <= lines.length; index++) {
    const line = lines[index];
    if (line === undefined || line.trim() === '') {
      work += blockMarkers * blockMarkers;
      if (work > MAX_MARKER_WORK) {
        problems.push({ line: blockStart + 1, column: 1, message: `has too many lines and inline markers (emphasis, links, code, HTML, entities, autolinks) in its paragraphs, ${groupDigits(blockMarkers)} in the one starting here; rendering them would take too long, split the paragraphs with blank lines or remove markers` });
        break;
      }
      blockStart = index + 1;
      blockMarkers = 0;
      continue;
    }
    // Each line counts too: micromark slows down sharply on paragraphs of many thousand lines.
    blockMarkers += 1 + (line.slice(containerPrefix(line).end).match(INLINE_MARKERS)?.length ?? 0);
  }
  return problems;
}

/** How many `|` a line holds. */
function pipesIn(line: string): number {
  let count = 0;
  for (let at = line.indexOf('|'); at >= 0; at = line.indexOf('|', at + 1)) count++;
  return count;
}

/**
 * Container depth a line can open: its list and quote markers plus its indentation at two columns a level. A line
 * without a marker opens nothing, so indented code or continuation text never counts.
 */
function nestingOf(line: string): number {
  const { markers, columns } = containerPrefix(line);
  return markers === 0 ? 0 : markers + Math.floor(columns / 2);
}

/**
 * The list and quote markers that open a line, the columns of indentation before the first of them, and where the
 * line's own text starts after them: a quote's `>` there is no inline marker.
 */
function containerPrefix(line: string): { markers: number; columns: number; end: number } {
  let markers = 0;
  let columns = 0;
  let index = 0;
  for (;;) {
    // Only the indentation before the first marker nests; the space after a marker just separates it from the text.
    while (line[index] === ' ' || line[index] === '\t') {
      if (markers === 0) columns += line[index] === '\t' ? 4 : 1;
      index++;
    }
    CONTAINER_MARKER.lastIndex = index;
    const marker = CONTAINER_MARKER.exec(line);
    if (!marker) return { markers, columns, end: index };
    markers++;
    index += marker[0].length;
  }
}
