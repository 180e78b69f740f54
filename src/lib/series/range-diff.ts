/** "Changes since vN-1": git range-diff between the previous version and this one, read patch by patch. */
import { gitText } from '../git.ts';
import { MAIL_WIDTH } from './cover-redline.ts';
import { changesStillIn, idOf, patchIds } from './patch-identity.ts';

/** What happened to one patch between two versions. */
export interface PatchChange {
  status: 'unchanged' | 'changed' | 'new' | 'dropped';
  /** 1-based position in the previous version, when it was there. */
  oldIndex?: number;
  /** 1-based position in this version, when it is here. */
  newIndex?: number;
  subject: string;
  /** For a changed patch whose diff is the same (`git patch-id`): only its commit message changed (a trailer added, say). */
  messageOnly?: true;
  /** For a dropped patch whose change the new series still makes (it reverses cleanly at the new tip): squashed into another. */
  stillIn?: true;
}

const LINE = /^\s*(\d+|-+):\s+([0-9a-f]+|-+)\s+([=!<>])\s+(\d+|-+):\s+([0-9a-f]+|-+)\s(.*)$/;
const STATUS = { '=': 'unchanged', '!': 'changed', '>': 'new', '<': 'dropped' } as const;

/** Pairs the patches of `oldRange` and `newRange` (`base..tip`) with `git range-diff --no-patch`; a patch still in the series is named by its new subject. */
export async function rangeDiff(repo: string, oldRange: string, newRange: string): Promise<PatchChange[]> {
  const [output, newSubjects] = await Promise.all([
    gitText(['range-diff', '--no-color', '--no-patch', oldRange, newRange], { cwd: repo }),
    // range-diff prints the old subject of a changed pair; a reader of vN wants the subject the patch has now.
    gitText(['log', '--reverse', '--no-merges', '--format=%s', newRange], { cwd: repo }).then((text) => text.split('\n')),
  ]);
  const changes: PatchChange[] = [];
  const changedPairs: [PatchChange, string, string][] = [];
  const droppedPatches: [PatchChange, string][] = [];
  for (const line of output.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, oldIndex, oldCommit, symbol, newIndex, newCommit, subject] = match;
    const change: PatchChange = {
      status: STATUS[symbol as keyof typeof STATUS],
      ...(/^\d+$/.test(oldIndex!) ? { oldIndex: Number(oldIndex) } : {}),
      ...(/^\d+$/.test(newIndex!) ? { newIndex: Number(newIndex) } : {}),
      subject: (/^\d+$/.test(newIndex!) ? newSubjects[Number(newIndex) - 1] : undefined) ?? subject!.trim(),
    };
    changes.push(change);
    if (change.status === 'changed') changedPairs.push([change, oldCommit!, newCommit!]);
    if (change.status === 'dropped') droppedPatches.push([change, oldCommit!]);
  }
  if (droppedPatches.length) {
    const still = await changesStillIn(repo, droppedPatches.map(([, commit]) => commit), newRange.split('..')[1]!);
    for (const [change, commit] of droppedPatches) if (still.has(commit)) change.stillIn = true;
  }
  if (changedPairs.length) {
    const ids = await patchIds(repo, oldRange, newRange);
    for (const [change, oldCommit, newCommit] of changedPairs) {
      const [before, after] = [idOf(ids, oldCommit), idOf(ids, newCommit)];
      if (before && before === after) change.messageOnly = true;
    }
  }
  return changes;
}

/** The lines of the "Changes since" list: one per patch, in the new order, dropped ones last. */
export function describePatchChanges(changes: PatchChange[], total: number, previousTotal: number): string[] {
  const here = changes.filter((change) => change.newIndex !== undefined).sort((a, b) => a.newIndex! - b.newIndex!);
  const gone = changes.filter((change) => change.newIndex === undefined);
  const lines = here.map((change) => {
    const moved = change.oldIndex !== undefined && change.oldIndex !== change.newIndex ? `; was ${change.oldIndex}/${previousTotal}` : '';
    return `- [${change.newIndex}/${total}] ${change.subject} (${change.messageOnly ? 'commit message changed, not the patch' : change.status}${moved})`;
  });
  for (const change of gone) lines.push(`- [was ${change.oldIndex}/${previousTotal}] ${change.subject} (${change.stillIn ? 'dropped as a patch; its change is still in the series, squashed into another' : 'dropped'})`);
  return lines;
}

/** The line that says how the range-diff's long lines are folded, under its heading, when one was. */
export const RANGE_DIFF_FOLD_NOTE = '(a line ending in \\ goes on in the next, as RFC 8792 folds long lines)';

/**
 * The "Range-diff" section git format-patch puts in a v2 cover letter, with its lines over `width` columns folded as
 * IETF documents fold them (RFC 8792, single backslash): a folded line ends in "\", and the next goes on indented with
 * spaces only. A policy paragraph makes lines of hundreds of characters there; repeating the line's "-"/"+" markers on
 * a continuation made it read as a line of its own (and as the file's own indented continuation lines), and a word
 * longer than the line is split, not cut.
 */
export function wrapRangeDiff(mail: string, width = MAIL_WIDTH): string {
  const start = mail.search(/^Range-diff(?: against v\d+)?:$/m);
  if (start < 0) return mail;
  const signature = mail.indexOf('\n-- \n', start);
  const end = signature < 0 ? mail.length : signature;
  const [heading, ...lines] = mail.slice(start, end).split('\n');
  let folded = false;
  const wrapped = lines.flatMap((line) => {
    if (line.length <= width) return [line];
    folded = true;
    // A pair's header line ("2:  8f462f2 ! 2:  f83f871 Subject") goes on under its subject; a diff line under its text,
    // after its markers, indentation and its own list, file or hunk mark.
    const header = /^\s*(?:\d+|-+):\s+\S+\s+[=!<>]\s+(?:\d+|-+):\s+\S+\s+/.exec(line)?.[0];
    const lead = header ?? /^(?: {4}[-+ ][-+ ]?)?\s*/.exec(line)![0];
    const marker = header ? '' : (/^(?:[-*+] +|\d+\. +|## |@@ )/.exec(line.slice(lead.length))?.[0] ?? '');
    return foldLine(lead + marker, line.slice(lead.length + marker.length), width);
  });
  return mail.slice(0, start) + [heading, ...(folded ? [RANGE_DIFF_FOLD_NOTE] : []), ...wrapped].join('\n') + mail.slice(end);
}

/** The fewest columns a continuation keeps for text: a deeper indentation is given up for one space. */
const MIN_TEXT_COLUMNS = 24;

/** `first` + `text` folded into lines of at most `width` columns, each but the last ending in "\" (at a space when there is one). */
function foldLine(first: string, text: string, width: number): string[] {
  const next = width - first.length >= MIN_TEXT_COLUMNS ? ' '.repeat(first.length) : ' ';
  const lines: string[] = [];
  let prefix = first;
  let rest = text;
  while (prefix.length + rest.length > width) {
    // Room for text before the backslash; the space a line is broken at stays on it, so unfolding joins the words.
    const room = Math.max(1, width - prefix.length - 1);
    const space = rest.lastIndexOf(' ', room - 1);
    const cut = space > 0 ? space + 1 : room;
    lines.push(`${prefix}${rest.slice(0, cut)}\\`);
    rest = rest.slice(cut);
    prefix = next;
  }
  lines.push(prefix + rest);
  return lines;
}
