/** The redline as JSON: the change list and per-section counts in a documented, versioned schema (see docs/json-schema.md). */
import type { PolicyMetadata } from '../document.ts';
import type { MetadataChange } from './metadata.ts';
import type { Change, Redline, RedlineSummary, SectionCounts, SectionStatus } from './types.ts';

/** One section in the JSON output. */
export interface RedlineJsonSection extends SectionCounts {
  id: string;
  title: string;
  status: SectionStatus;
  oldTitle?: string;
  level: number;
  parent?: string;
  oldIndex?: number;
  newIndex?: number;
  /** Ids of the section's changes, in order. */
  changes: string[];
}

/** The JSON document `policy redline --format json` prints; `schemaVersion` changes when a field changes meaning. */
export interface RedlineJson {
  schema: 'policy-redline';
  schemaVersion: 1;
  old: { metadata: PolicyMetadata };
  new: { metadata: PolicyMetadata };
  /** Details that differ (`title`, `version`, `date`, `lead`, …), each with its old and new value. */
  metadataChanges: MetadataChange[];
  summary: RedlineSummary;
  sections: RedlineJsonSection[];
  changes: Change[];
  /** True when some stretch was too large or too different for a word diff and is reported replaced whole. */
  coarse: boolean;
}

/** The redline as plain data for JSON.stringify. */
export function redlineToJson(redline: Redline): RedlineJson {
  return {
    schema: 'policy-redline',
    schemaVersion: 1,
    old: { metadata: redline.old.metadata },
    new: { metadata: redline.new.metadata },
    metadataChanges: redline.metadataChanges,
    summary: redline.summary,
    sections: redline.sections.map((section) => ({
      id: section.id,
      title: section.title,
      status: section.status,
      ...(section.oldTitle !== undefined ? { oldTitle: section.oldTitle } : {}),
      level: section.level,
      ...(section.parent ? { parent: section.parent } : {}),
      ...(section.oldIndex !== undefined ? { oldIndex: section.oldIndex } : {}),
      ...(section.newIndex !== undefined ? { newIndex: section.newIndex } : {}),
      changes: section.changeIds,
      ...section.counts,
    })),
    changes: redline.changes,
    coarse: redline.coarse,
  };
}
