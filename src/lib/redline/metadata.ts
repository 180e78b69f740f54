/** The document's details (title, version, date, …) compared: they are not policy text, but a reader must see them change. */
import { diffWordsWithSpace } from 'diff';
import type { PolicyMetadata } from '../document.ts';

/**
 * Details a reader sees, in the order the redline lists them; `linkBase` is left out (its effect shows on the links),
 * and so is `lead`, which is text: the redline diffs it as the body of its first section.
 */
export const METADATA_FIELDS = ['title', 'shortTitle', 'organisation', 'version', 'date', 'license'] as const;

/** A field of the metadata. */
export type MetadataField = (typeof METADATA_FIELDS)[number];

/** One detail that differs: its value before and after (absent when the field was added or removed). */
export interface MetadataChange {
  field: MetadataField;
  old?: string;
  new?: string;
}

/** How each field is named for a reader. */
export const METADATA_LABELS: Record<MetadataField, string> = {
  title: 'Title',
  shortTitle: 'Short title',
  organisation: 'Organisation',
  version: 'Version',
  date: 'Date',
  license: 'Licence',
};

/**
 * The details that differ between two documents' metadata, in METADATA_FIELDS order, but for `unchanged`: fields the
 * caller knows a reader sees no change in (a version derived from a file name).
 */
export function metadataChanges(oldMetadata: PolicyMetadata, newMetadata: PolicyMetadata, unchanged: ReadonlySet<string> = new Set()): MetadataChange[] {
  const changes: MetadataChange[] = [];
  for (const field of METADATA_FIELDS) {
    if (unchanged.has(field)) continue;
    const before = oldMetadata[field];
    const after = newMetadata[field];
    if (before === after) continue;
    changes.push({ field, ...(before !== undefined ? { old: before } : {}), ...(after !== undefined ? { new: after } : {}) });
  }
  return changes;
}

/** "version 3.22 → 3.23" style text of one change, for terminals and summaries. */
export function describeMetadataChange(change: MetadataChange): string {
  const label = METADATA_LABELS[change.field].toLowerCase();
  if (change.old === undefined) return `${label} added: ${change.new}`;
  if (change.new === undefined) return `${label} removed: ${change.old}`;
  return `${label} ${change.old} → ${change.new}`;
}

/** A run of a detail's text: in both values, only the old one, or only the new one. */
export interface DetailRun {
  kind: 'same' | 'del' | 'ins';
  text: string;
}

// A longer pair (a title of many words) is shown replaced whole: word diffs grow with the product of the lengths.
const WORD_DIFF_LIMIT = 10_000;

/** The change of one detail as runs: words diffed for a long text such as a long title, so an edited sentence shows its edit; a short value replaced whole. */
export function detailRuns(change: MetadataChange): DetailRun[] {
  const whole: DetailRun[] = [...(change.old !== undefined ? [{ kind: 'del' as const, text: change.old }] : []), ...(change.new !== undefined ? [{ kind: 'ins' as const, text: change.new }] : [])];
  if (change.old === undefined || change.new === undefined || !/\s/.test(change.old + change.new) || change.old.length + change.new.length > WORD_DIFF_LIMIT) return whole;
  const runs: DetailRun[] = diffWordsWithSpace(change.old, change.new).map((part) => ({ kind: part.added ? 'ins' : part.removed ? 'del' : 'same', text: part.value }));
  // Mostly rewritten: old then new reads better than a mesh of fragments.
  const same = runs.filter((run) => run.kind === 'same').reduce((length, run) => length + run.text.trim().length, 0);
  return same * 2 < Math.max(change.old.length, change.new.length) ? whole : runs;
}
