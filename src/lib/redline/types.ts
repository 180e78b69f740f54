/** The Redline data model: what changed between two PolicyDocuments, section by section and change by change. */
import type { Element, ElementContent } from 'hast';
import type { PolicyMetadata, PolicySection } from '../document.ts';
import type { MetadataChange } from './metadata.ts';

/** How a section fares between the two documents. */
export type SectionStatus = 'added' | 'removed' | 'renamed' | 'moved' | 'modified' | 'unchanged';

/** What one change does. A move is two changes, `move-from` where the text left and `move-to` where it arrived. */
export type ChangeKind = 'insertion' | 'deletion' | 'replacement' | 'formatting' | 'move-from' | 'move-to';

/** One change, numbered in document order: its id is also its HTML anchor (`#change-7`). */
export interface Change {
  /** `change-1`, `change-2`, … in document order. */
  id: string;
  kind: ChangeKind;
  /** Section the change sits in. */
  sectionId: string;
  /** Tag of the block it sits in (`p`, `li`, `h2`, `tr`, …). */
  block: string;
  /** Rendered text before (empty for an insertion). */
  oldText: string;
  /** Rendered text after (empty for a deletion). */
  newText: string;
  /** For a move: the id of the other half (`move-from` ↔ `move-to`). */
  movePair?: string;
}

/** Counts of one section, as the summary shows them. */
export interface SectionCounts {
  /** Marks of inserted and deleted text: a replacement has one of each. */
  insertions: number;
  deletions: number;
  /** Changes that replace text (each also one insertion and one deletion above). */
  replacements: number;
  moves: number;
  formatting: number;
}

/** A top-level block of a changed stretch of a section, for the JSON and terminal outputs. */
export interface BlockRedline {
  status: 'equal' | 'inserted' | 'deleted' | 'modified' | 'moved-from' | 'moved-to';
  /** Tag of the block (`p`, `ul`, `table`, …). */
  tag: string;
  changeIds: string[];
  /** The block's markup with `<ins>`/`<del>` (hast, usually one element), built from the same renderer as the page. */
  nodes: ElementContent[];
  /** For each node, which document it shows: both, old only, new only (so separators can be placed losslessly). */
  sides: Array<'both' | 'old' | 'new' | 'none'>;
}

/**
 * A changed stretch of a section body with its redline blocks. Offsets are into the new body (`newStart === newEnd`
 * for a pure deletion, which sits before whatever starts there); everything outside the regions is unchanged.
 */
export interface Region {
  newStart: number;
  newEnd: number;
  oldStart: number;
  oldEnd: number;
  blocks: BlockRedline[];
}

/** One section of the redline. */
export interface SectionRedline {
  id: string;
  /** Its id in the old document, when it differs: a section paired with its old self by content (a renamed heading's slug). */
  oldId?: string;
  /** The text before the first heading (id LEAD_SECTION_ID): shown without a heading, never added, removed or moved. */
  lead?: true;
  /** Title in the new document (the old one when removed). */
  title: string;
  status: SectionStatus;
  /** Title before, when renamed. */
  oldTitle?: string;
  /** Heading level on the page (2 or 3). */
  level: number;
  /** Parent section id on the page, if a subsection. */
  parent?: string;
  /** 0-based positions in the old and new section lists. */
  oldIndex?: number;
  newIndex?: number;
  /** Ids of the changes inside the section, in order (a moved section's `move-from` included). */
  changeIds: string[];
  counts: SectionCounts;
  /** The heading with its redline markup. */
  heading: Element;
  /** The changed stretches of the body (a removed section: one stretch holding the whole old body). */
  regions: Region[];
  /** For a moved section: the change id of its arrival, whose `<ins data-move>` wraps the whole section. */
  moveChangeId?: string;
  /** For a moved section: its heading and body where they left the old position (all `<del data-move>`). */
  movedFrom?: { heading: Element; blocks: BlockRedline[] };
  /** The sections themselves, so renderers can show the unchanged parts with the page's own renderer. */
  oldSection?: PolicySection;
  newSection?: PolicySection;
}

/** A section's place on the redline page. */
export interface LayoutNode {
  sectionId: string;
  /** The old position of a moved section. */
  ghost?: boolean;
  children: LayoutNode[];
}

/** Totals and per-section counts, for the summary line and cover letters. */
export interface RedlineSummary {
  changes: number;
  sectionsChanged: number;
  /** Each section: its changes (as `changes` counts them: a word replaced is one) and what they are made of. */
  sections: Array<{ id: string; title: string; status: SectionStatus; changes: number } & SectionCounts>;
}

/** One side of a redline: the policy's details, and the name the user gave it where that is not its version. */
export interface RedlineSide {
  metadata: PolicyMetadata;
  label?: string;
}

/** The whole redline between two documents. */
export interface Redline {
  schemaVersion: 1;
  /** Each side's details, and the name the user gave it where that is not its version (PolicyDocument.label). */
  old: RedlineSide;
  new: RedlineSide;
  /** Details of the document that differ (version, date, title, …); they sit outside the text, so have no change id. */
  metadataChanges: MetadataChange[];
  /** Details a loader made up from what the user typed (a file name as the version): labels of the sides, never changes. */
  derived?: Array<'title' | 'version'>;
  /** Sections in display order: the new order, removed sections where they were. */
  sections: SectionRedline[];
  /** How the sections nest on the page, in display order; `ghost` marks where a moved section left. */
  layout: LayoutNode[];
  /** Every change in document order. */
  changes: Change[];
  summary: RedlineSummary;
  /** True when a stretch was too large or too different to diff word by word and is shown replaced whole. */
  coarse: boolean;
}
