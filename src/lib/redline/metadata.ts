/** The document's details (title, version, date, lead, …) compared: they are not policy text, but a reader must see them change. */
import type { PolicyMetadata } from '../document.ts';

/** Details a reader sees, in the order the redline lists them; `linkBase` is left out (its effect shows on the links). */
export const METADATA_FIELDS = ['title', 'shortTitle', 'organisation', 'version', 'date', 'lead', 'license'] as const;

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
  lead: 'Lead',
  license: 'Licence',
};

/**
 * The details that differ between two documents' metadata, in METADATA_FIELDS order. A field either side only
 * derived from its source's name (`a.md` → `b.md` for a version) names the file, not the policy: no change.
 */
export function metadataChanges(oldMetadata: PolicyMetadata, newMetadata: PolicyMetadata, derived: ReadonlySet<string> = new Set()): MetadataChange[] {
  const changes: MetadataChange[] = [];
  for (const field of METADATA_FIELDS) {
    if (derived.has(field)) continue;
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
