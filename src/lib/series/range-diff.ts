/** "Changes since vN-1": git range-diff between the previous version and this one, read patch by patch. */
import { gitText } from '../git.ts';
import { MAIL_WIDTH, wrapWords } from './cover-redline.ts';

/** What happened to one patch between two versions. */
export interface PatchChange {
  status: 'unchanged' | 'changed' | 'new' | 'dropped';
  /** 1-based position in the previous version, when it was there. */
  oldIndex?: number;
  /** 1-based position in this version, when it is here. */
  newIndex?: number;
  subject: string;
}

const LINE = /^\s*(\d+|-+):\s+(?:[0-9a-f]+|-+)\s+([=!<>])\s+(\d+|-+):\s+(?:[0-9a-f]+|-+)\s(.*)$/;
const STATUS = { '=': 'unchanged', '!': 'changed', '>': 'new', '<': 'dropped' } as const;

/** Pairs the patches of `oldRange` and `newRange` (`base..tip`) with `git range-diff --no-patch`; a patch still in the series is named by its new subject. */
export async function rangeDiff(repo: string, oldRange: string, newRange: string): Promise<PatchChange[]> {
  const [output, newSubjects] = await Promise.all([
    gitText(['range-diff', '--no-color', '--no-patch', oldRange, newRange], { cwd: repo }),
    // range-diff prints the old subject of a changed pair; a reader of vN wants the subject the patch has now.
    gitText(['log', '--reverse', '--no-merges', '--format=%s', newRange], { cwd: repo }).then((text) => text.split('\n')),
  ]);
  const changes: PatchChange[] = [];
  for (const line of output.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, oldIndex, symbol, newIndex, subject] = match;
    changes.push({
      status: STATUS[symbol as keyof typeof STATUS],
      ...(/^\d+$/.test(oldIndex!) ? { oldIndex: Number(oldIndex) } : {}),
      ...(/^\d+$/.test(newIndex!) ? { newIndex: Number(newIndex) } : {}),
      subject: (/^\d+$/.test(newIndex!) ? newSubjects[Number(newIndex) - 1] : undefined) ?? subject!.trim(),
    });
  }
  return changes;
}

/** The lines of the "Changes since" list: one per patch, in the new order, dropped ones last. */
export function describePatchChanges(changes: PatchChange[], total: number, previousTotal: number): string[] {
  const here = changes.filter((change) => change.newIndex !== undefined).sort((a, b) => a.newIndex! - b.newIndex!);
  const gone = changes.filter((change) => change.newIndex === undefined);
  const lines = here.map((change) => {
    const moved = change.oldIndex !== undefined && change.oldIndex !== change.newIndex ? `; was ${change.oldIndex}/${previousTotal}` : '';
    return `- [${change.newIndex}/${total}] ${change.subject} (${change.status}${moved})`;
  });
  for (const change of gone) lines.push(`- [was ${change.oldIndex}/${previousTotal}] ${change.subject} (dropped)`);
  return lines;
}

/**
 * The "Range-diff" section git format-patch puts in a v2 cover letter, with its lines over `width` columns wrapped at
 * spaces. A policy paragraph makes lines of hundreds of characters there; a wrapped line continues under the same
 * markers and indentation (`    -+    `), so a reviewer reads each continuation as part of the line it comes from; a
 * single word longer than a line is cut short with an ellipsis.
 */
export function wrapRangeDiff(mail: string, width = MAIL_WIDTH): string {
  const start = mail.search(/^Range-diff(?: against v\d+)?:$/m);
  if (start < 0) return mail;
  const signature = mail.indexOf('\n-- \n', start);
  const end = signature < 0 ? mail.length : signature;
  const wrapped = mail
    .slice(start, end)
    .split('\n')
    .flatMap((line) => {
      if (line.length <= width) return [line];
      // A pair's header line ("2:  8f462f2 ! 2:  f83f871 Subject") hangs under its subject; a diff line repeats its markers.
      const header = /^\s*(?:\d+|-+):\s+\S+\s+[=!<>]\s+(?:\d+|-+):\s+\S+\s+/.exec(line)?.[0];
      const lead = header ?? /^(?: {4}[-+ ][-+ ]?)?\s*/.exec(line)![0];
      // The line's own list marker, file or hunk header mark stays as written, and continuations hang under its text.
      const marker = header ? '' : (/^(?:[-*+] +|\d+\. +|## |@@ )/.exec(line.slice(lead.length))?.[0] ?? '');
      const next = header ? ' '.repeat(header.length) : lead + ' '.repeat(marker.length);
      // A word longer than the line (a long path) is cut, marked with an ellipsis: the line's start says which it is.
      return wrapWords(lead + marker, next, line.slice(lead.length + marker.length), width).map((part) => (part.length > width ? `${part.slice(0, width - 1)}…` : part));
    })
    .join('\n');
  return mail.slice(0, start) + wrapped + mail.slice(end);
}
