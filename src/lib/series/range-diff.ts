/** "Changes since vN-1": git range-diff between the previous version and this one, read patch by patch. */
import { gitText } from '../git.ts';

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
