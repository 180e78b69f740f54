/** Reads and writes the policy's own Change History list: `-   **v3.23 Aug 8th 2019:** Added DornerWorks Ltd`. */
import { toString } from 'mdast-util-to-string';
import type { PolicyDocument } from '../document.ts';
import { parseMarkdown } from '../markdown/parse.ts';

/** Id of the section that holds the Change History list. */
export const CHANGE_HISTORY_ID = 'change-history';

const ENTRY = /^[ \t]*[-*+][ \t]+\*\*v(\d+(?:\.\d+)*)\b[^*]*\*\*[ \t]*(.*)$/;

/** The Change History line of `version` as plain text (e.g. "Added DornerWorks Ltd"), or undefined. */
export function changeHistoryEntry(document: PolicyDocument, version: string): string | undefined {
  const section = document.sections.find((candidate) => candidate.id === CHANGE_HISTORY_ID);
  if (!section) return undefined;
  for (const line of section.body.split('\n')) {
    const match = ENTRY.exec(line);
    if (match && match[1] === version) return toString(parseMarkdown(match[2]!)).trim() || undefined;
  }
  return undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

/** Formats an ISO date the way the Change History writes it: "Nov 27th 2026". */
export function changeHistoryDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  return `${MONTHS[month - 1]} ${day}${suffix} ${year}`;
}

/** The Markdown line of one entry, in the list's own layout. */
export function changeHistoryLine(version: string, isoDate: string, summary: string): string {
  return `-   **v${version} ${changeHistoryDate(isoDate)}:** ${summary}`;
}

/**
 * The section body with a new entry on top of the list (or as the first line when there is no list yet), written with
 * the list's own marker and spacing (`- ` or `-   `, `*`), so it keeps the style the policy's lint configuration holds.
 */
export function addChangeHistoryEntry(body: string, version: string, isoDate: string, summary: string): string {
  const lines = body.split('\n');
  const first = lines.findIndex((line) => ENTRY.test(line) || /^[ \t]*[-*+][ \t]+/.test(line));
  const entry = changeHistoryLine(version, isoDate, summary);
  if (first < 0) return body.trim() ? `${body.replace(/\n*$/, '')}\n\n${entry}\n` : `${entry}\n`;
  const marker = /^[ \t]*[-*+][ \t]+/.exec(lines[first]!)![0];
  lines.splice(first, 0, entry.replace(/^-   /, marker));
  return lines.join('\n');
}
