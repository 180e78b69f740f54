/** Redlines between two PolicyDocuments: the engine and its HTML, standalone, terminal and JSON renderings. */
export { computeRedline, LEAD_SECTION_ID, LEAD_SECTION_TITLE, type RedlineOptions } from './compute.ts';
export { renderRedlineHtml, redlineBodyTree, type RedlineHtmlOptions } from './html.ts';
export { summaryLine } from './summary.ts';
export { renderRedlineStandalone, type RedlineStandaloneOptions } from './standalone.ts';
export { renderRedlineAnsi, type RedlineAnsiOptions } from './ansi.ts';
export { redlineToJson, type RedlineJson, type RedlineJsonSection } from './json.ts';
export { acceptAll, rejectAll } from './hast.ts';
export { describeMetadataChange, METADATA_LABELS, type MetadataChange, type MetadataField } from './metadata.ts';
export type { BlockRedline, Change, ChangeKind, LayoutNode, Redline, RedlineSummary, Region, SectionCounts, SectionRedline, SectionStatus } from './types.ts';
