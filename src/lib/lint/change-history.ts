/** Reads the policy's Change History list: `-   **v3.23 Aug 8th 2019:** Added DornerWorks Ltd`. */
import type { List, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseMarkdown } from '../markdown/parse.ts';

/** A calendar date as the policy writes it; `day` is absent for "Jun 2014". */
export interface PolicyDate {
  year: number;
  month: number;
  day?: number;
}

/** One entry of the Change History. */
export interface ChangeHistoryEntry {
  version: string;
  /** The date of the entry, then any further date it names, e.g. "(published March 2nd 2015)". */
  dates: PolicyDate[];
  /** The text in bold, e.g. "v3.23 Aug 8th 2019:". */
  label: string;
  /** 1-based line and column of the entry's bold label in the Markdown it was read from. */
  line: number;
  column: number;
  /** Characters of the label in the source, markup included (0 when it spans lines). */
  length: number;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DATE = /\b([A-Za-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})\b/g;

/** Month number (1-12) of a full or abbreviated English month name ("Aug", "Sept", "June"), or undefined. */
export function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  const index = MONTHS.findIndex((month) => lower.length >= 3 && month.startsWith(lower));
  return index >= 0 ? index + 1 : undefined;
}

/** Every date written like "Aug 8th 2019", "June 14th 2018" or "Jun 2014" in `text`, in order. */
export function parsePolicyDates(text: string): PolicyDate[] {
  const dates: PolicyDate[] = [];
  for (const match of text.matchAll(DATE)) {
    const month = monthNumber(match[1]!);
    if (!month) continue;
    const day = match[2] ? Number(match[2]) : undefined;
    if (day !== undefined && (day < 1 || day > 31)) continue;
    dates.push({ year: Number(match[3]), month, ...(day !== undefined ? { day } : {}) });
  }
  return dates;
}

/** True when the ISO date `iso` (YYYY-MM-DD) is `date`, to the precision `date` is written in. */
export function sameDay(iso: string, date: PolicyDate): boolean {
  const [year, month, day] = iso.split('-').map(Number);
  return year === date.year && month === date.month && (date.day === undefined || day === date.day);
}

/** Formats a PolicyDate as ISO, or as YYYY-MM when it has no day. */
export function isoOf(date: PolicyDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}${date.day !== undefined ? `-${pad(date.day)}` : ''}`;
}

const LABEL = /^v(\d+(?:\.\d+)*)\s+(.*?):?\s*$/;

/** The entries of the first list in a Change History body whose items start with a bold "vX.Y date:" label. */
export function readChangeHistory(markdown: string | Root): ChangeHistoryEntry[] {
  const tree = typeof markdown === 'string' ? parseMarkdown(markdown) : markdown;
  const list = tree.children.find((node): node is List => node.type === 'list');
  if (!list) return [];
  const entries: ChangeHistoryEntry[] = [];
  for (const item of list.children) {
    const paragraph = item.children[0];
    const strong = paragraph?.type === 'paragraph' ? paragraph.children[0] : undefined;
    if (strong?.type !== 'strong' || !strong.position) continue;
    const label = toString(strong);
    const match = LABEL.exec(label.trim());
    if (!match) continue;
    entries.push({
      version: match[1]!,
      dates: parsePolicyDates(match[2]!),
      label,
      line: strong.position.start.line,
      column: strong.position.start.column,
      length: strong.position.end.line === strong.position.start.line ? strong.position.end.column - strong.position.start.column : 0,
    });
  }
  return entries;
}

/** Compares dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference) return difference;
  }
  return 0;
}
