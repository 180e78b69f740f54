/**
 * The redline as a cover letter writes it: per changed section its title, then each changed paragraph with its
 * edits marked as `git diff --word-diff` marks them (`[-deleted-]{+inserted+}`), wrapped at 72 columns, so a
 * list reviewer can quote a sentence and answer under it. The text comes from the terminal renderer's plain mode.
 */
import { metadataChangeLines, sectionChangeBlocks } from '../redline/ansi.ts';
import { countsBesidesOwnMove, countsText, movedPositions } from '../redline/summary.ts';
import type { Redline, SectionRedline } from '../redline/types.ts';

/** The width of a line of mail text, as git's own mails and checkpatch keep it. */
export const MAIL_WIDTH = 72;

/** A leading indentation and a block marker (`• `, `# `, `| `, or a list number) that wrapped lines hang under. */
const HANGING = /^(\s*(?:[-•#|] |\d+\. )?)/;

/**
 * Breaks one line at spaces into lines of at most `width` characters; continuation lines are indented under the
 * text after the line's marker. A word longer than the width (a long address) stays whole on a line of its own.
 */
export function wrapLine(line: string, width = MAIL_WIDTH): string[] {
  if (line.includes('\n')) return line.split('\n').flatMap((part) => wrapLine(part, width));
  const lead = HANGING.exec(line)![1]!;
  return wrapWords(lead, ' '.repeat(lead.length), line.slice(lead.length), width);
}

/** The words of `text` in lines of at most `width` characters, the first after `first`, the others after `next`; a longer word alone. */
export function wrapWords(first: string, next: string, text: string, width = MAIL_WIDTH): string[] {
  const words = text.split(' ').filter(Boolean);
  const lines: string[] = [];
  let current = first;
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = next + word;
    } else current = empty ? current + word : `${current} ${word}`;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}

/** A section title underlined, as plain-text mail marks a heading. */
function heading(text: string): string[] {
  const lines = wrapLine(text);
  return [...lines, '='.repeat(Math.min(MAIL_WIDTH, Math.max(...lines.map((line) => line.length))))];
}

/** What `redlineText` wrote, and what it left out to stay within its budget. */
export interface CoverRedlineText {
  text: string;
  /** Changed sections left out because the text would have passed the budget. */
  omitted: string[];
}

/**
 * The plain-text redline of every changed section, paragraphs wrapped at 72 columns; stops before the section that
 * would take the text past `budget` bytes (the mail's size limit) and names the ones left out.
 */
export function redlineText(redline: Redline, budget = Infinity): CoverRedlineText {
  const parts: string[] = [];
  const omitted: string[] = [];
  let size = 0;
  const details = metadataChangeLines(redline, { color: false });
  if (details.length) parts.push(['Details of the document:', '', ...details.flatMap((line) => wrapLine(`- ${line}`))].join('\n'));
  size += Buffer.byteLength(parts.join('\n\n'));
  for (const section of redline.sections) {
    if (section.status === 'unchanged') continue;
    const blocks = sectionChangeBlocks(section, { color: false }, redline).map((block) => wrapLine(block).join('\n'));
    // The title alone above its underline, what happened to the section on the line below: a long title and its counts
    // on one line wrapped into the underline's width.
    const part = [...heading(section.title), ...wrapLine(sectionStatus(redline, section)), '', blocks.join('\n\n')].join('\n').trimEnd();
    const added = Buffer.byteLength(part) + 2;
    if (omitted.length || size + added > budget) {
      omitted.push(section.title);
      continue;
    }
    parts.push(part);
    size += added;
  }
  return { text: parts.join('\n\n'), omitted };
}

/**
 * What happened to a section, in a sentence: "3 changes: 2 replacements, 1 insertion.", "Moved from position 3 to 5;
 * 1 deletion.", "Renamed from \"Scope\".", "Added: 2 insertions." (a modified section is said by its counts alone).
 */
export function sectionStatus(redline: Redline, section: SectionRedline): string {
  const counts = countsText(countsBesidesOwnMove(redline, section), '');
  const what =
    section.status === 'moved' ? `moved ${movedPositions(redline, section)}` : section.status === 'renamed' ? `renamed from "${section.oldTitle}"` : section.status === 'modified' ? '' : section.status;
  const sentence = [what, counts].filter(Boolean).join(what && counts ? (section.status === 'moved' || section.status === 'renamed' ? '; ' : ': ') : '') || section.status;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}
