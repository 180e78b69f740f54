/**
 * Takes out of a policy's lead the lines init read its version and date from ("Version: 1.2"): they are the metadata's
 * now, and left in the text they would go stale at the next `policy release` and show in every release's redline.
 */
import type { PolicyDocument } from '../document.ts';
import type { FoundMetadata } from './found-metadata.ts';

/** `document` without the lead lines its version and date were taken from; the lines removed, as written. */
export function withoutMetadataLines(document: PolicyDocument, found: FoundMetadata): { document: PolicyDocument; removed: string[] } {
  const lead = document.metadata.lead;
  const taken = [found.version?.leadLine, found.date?.leadLine].filter((line): line is string => line !== undefined);
  if (!lead || taken.length === 0) return { document, removed: [] };
  const lines = lead.split('\n');
  const kept = lines.filter((line) => !taken.includes(line));
  // (a blank line left on each side of a removed line would show as a wider gap: collapse them)
  const text = kept.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').trimEnd();
  const { lead: _old, ...metadata } = document.metadata;
  return { document: { ...document, metadata: text ? { ...metadata, lead: `${text}\n` } : metadata }, removed: [...new Set(taken)] };
}
