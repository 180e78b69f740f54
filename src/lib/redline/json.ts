/** The redline as JSON: the change list and per-section counts in a documented, versioned schema (see docs/json-schema.md). */
import type { MetadataChange } from './metadata.ts';
import type { Change, Redline, RedlineSide, RedlineSummary, SectionCounts, SectionStatus } from './types.ts';

/** One section in the JSON output. */
export interface RedlineJsonSection extends SectionCounts {
  id: string;
  /** The id in the old document, when the section was paired with its old self by content (a renamed heading). */
  oldId?: string;
  /** The text before the first heading (id `:lead`, title "Preamble"). */
  lead?: true;
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
  /** Each side's details, and `label`, the name the user gave it where that is not its version (`HEAD`, a branch). */
  old: RedlineSide;
  new: RedlineSide;
  /** Details that differ (`title`, `version`, `date`, …), each with its old and new value; the lead is text, in `sections`. */
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
    old: redline.old,
    new: redline.new,
    metadataChanges: redline.metadataChanges,
    summary: redline.summary,
    sections: redline.sections.map((section) => ({
      id: section.id,
      ...(section.oldId !== undefined ? { oldId: section.oldId } : {}),
      ...(section.lead ? { lead: true as const } : {}),
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
