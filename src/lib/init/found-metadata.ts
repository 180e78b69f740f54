/**
 * What a policy written as one Markdown file says about its own version and date: front matter, a version line
 * ("Version 1.2", "**Version:** 3.23"), a date line ("Effective date: July 2, 2019", "Last updated 2024-01-05"), or
 * the newest entry of a Change History section.
 */
import type { PolicyDocument } from '../document.ts';
import { isoOf, parsePolicyDates, readChangeHistory } from '../lint/change-history.ts';
import { isoDateSchema, versionSchema } from '../schema.ts';

/** A version or date found in the text, and where it was found (for the report). */
export interface Found {
  value: string;
  from: string;
  /** The whole line of the lead it was read from, when it was: init takes that line out of the lead. */
  leadLine?: string;
}

/** The version and date a revision carries, when it carries them. */
export interface FoundMetadata {
  version?: Found;
  date?: Found;
}

// "Version 3.23", "**Version:** 1.2", "_Policy version_: v2.0", "Document version - 1.0.1".
const VERSION_LINE = /^[ \t>*_-]*(?:[*_]{1,2})?(?:(?:document|policy)\s+)?version(?:[*_]{1,2})?\s*[:\-–—]?\s*(?:[*_]{1,2})?\s*v?(\d+(?:\.\d+)+)\b/im;
// "Effective date: July 2, 2019", "Last updated: 2024-01-05", "**Date:** 8 Aug 2019".
const DATE_LINE = /^[ \t>*_-]*(?:[*_]{1,2})?(?:effective(?:\s+date)?|last\s+(?:updated|modified|revised)|updated|revised|date)(?:[*_]{1,2})?\s*[:\-–—]?\s*(?:[*_]{1,2})?\s*(.+)$/im;
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/;
// A section that lists the policy's versions.
const HISTORY_TITLE = /\b(?:change\s*(?:history|log)|changelog|revision\s+history|version\s+history|document\s+history)\b/i;

/** The version and date `document` (parsed from one Markdown file) carries, first from its front matter. */
export function findMetadata(document: PolicyDocument): FoundMetadata {
  const found: FoundMetadata = {};
  const derived = new Set(document.derived ?? []);
  if (!derived.has('version') && versionSchema.safeParse(document.metadata.version).success) found.version = { value: document.metadata.version, from: 'front matter' };
  if (document.metadata.date && isoDateSchema.safeParse(document.metadata.date).success) found.date = { value: document.metadata.date, from: 'front matter' };
  const texts = [document.metadata.lead ?? '', ...document.sections.map((section) => section.body)];
  if (!found.version) {
    const index = texts.findIndex((candidate) => VERSION_LINE.test(candidate));
    const match = index >= 0 ? VERSION_LINE.exec(texts[index]!)! : undefined;
    const line = match && index === 0 ? lineAt(texts[0]!, match.index) : undefined;
    if (match) found.version = { value: match[1]!, from: `the line "${match[0].trim()}"`, ...(line !== undefined && labelOnly(line.slice(match[0].length)) ? { leadLine: line } : {}) };
  }
  if (!found.date) {
    for (const [index, text] of texts.entries()) {
      const match = DATE_LINE.exec(text);
      const date = match && dateIn(match[1]!);
      if (date) {
        found.date = { value: date, from: 'a date line', ...(index === 0 && labelOnly(match[1]!) ? { leadLine: lineAt(text, match.index) } : {}) };
        break;
      }
    }
  }
  const history = document.sections.find((section) => HISTORY_TITLE.test(section.title));
  const newest = history ? readChangeHistory(history.body)[0] : undefined;
  if (history && newest) {
    const where = `the newest entry of "${history.title}"`;
    if (!found.version) found.version = { value: newest.version, from: where };
    const day = newest.dates.find((date) => date.day !== undefined);
    // The entry's date is the version's date; a front matter date is often the web page's, not the policy's.
    if (found.version.value === newest.version && day && found.date?.from !== 'a date line') found.date = { value: isoOf(day), from: where };
  }
  return found;
}

/**
 * Whether what follows a version or date label is no more than a value ("1.2 (July 2019)", "July 2, 2019"): such a line
 * only labels the policy; a sentence that mentions a version ("Version 1.2 replaces ...") is its text, and stays.
 */
function labelOnly(rest: string): boolean {
  return rest.split(/[\s*_`()[\],.;:–—-]+/).filter(Boolean).length <= 5;
}

/** The whole line of `text` that starts at `start`. */
function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The first full date (with its day) written in `text`, as ISO, or undefined. */
export function dateIn(text: string): string | undefined {
  const iso = ISO_DATE.exec(text)?.[1];
  if (iso && isoDateSchema.safeParse(iso).success) return iso;
  const written = parsePolicyDates(text).find((date) => date.day !== undefined);
  const value = written && isoOf(written);
  return value && isoDateSchema.safeParse(value).success ? value : undefined;
}
