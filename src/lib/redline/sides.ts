/** How a redline names its two sides: by version, or by the name the user gave where versions do not tell them apart. */
import type { PolicyDocument } from '../document.ts';
import type { Redline, RedlineSide } from './types.ts';

/** The side of a redline that `document` makes: its details, and the user's name for it when it has one. */
export function redlineSide(document: PolicyDocument): RedlineSide {
  return document.label === undefined ? { metadata: document.metadata } : { metadata: document.metadata, label: document.label };
}

/** "3.23" for a release, "HEAD (version 3.23)" for a revision or folder the user named, the name alone for a file. */
export function sideName(redline: Redline, side: 'old' | 'new'): string {
  const { metadata, label } = redline[side];
  if (redline.derived?.includes('version') || label === undefined || label === metadata.version) return metadata.version;
  return `${label} (version ${metadata.version})`;
}

/** "3.22 → 3.23", "3.23 → HEAD (version 3.23)": the title's account of what is compared. */
export function sidesText(redline: Redline): string {
  return `${sideName(redline, 'old')} → ${sideName(redline, 'new')}`;
}
