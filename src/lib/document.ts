/** The policy as data: metadata and an ordered list of sections, free of any source format. */

/** Document-wide metadata, from `content/policy.yaml` (or a single file's front matter). */
export interface PolicyMetadata {
  /** Full title, e.g. "Security Problem Response Process". */
  title: string;
  /** Short title for navigation, e.g. "Security policy". */
  shortTitle?: string;
  /** Who publishes the policy, e.g. "Xen Project". */
  organisation?: string;
  /** Release version, dotted numbers, e.g. "3.23". */
  version: string;
  /** Effective date of this version, ISO `YYYY-MM-DD`. */
  date: string;
  /** Markdown sentence shown before the first section. */
  lead?: string;
  /** Origin that root-relative links in the text resolve against, e.g. "https://xenproject.org". */
  linkBase?: string;
  /** Licence of the text, e.g. "CC BY 4.0". */
  license?: string;
}

/** One section: a stable id (its slug, never its position), a title and a Markdown body. */
export interface PolicySection {
  id: string;
  title: string;
  /** Sort key among all sections; unique. */
  order: number;
  /** Id of the enclosing section, for a subsection; absent for a top-level section. */
  parent?: string;
  /** Markdown body, without the heading. */
  body: string;
  /** Where the section was read from, for error messages. */
  source?: SourceLocation;
}

/** A file, and the line its body starts on (1-based). */
export interface SourceLocation {
  file: string;
  bodyLine: number;
}

/** A whole policy at one point in time. */
export interface PolicyDocument {
  metadata: PolicyMetadata;
  /** Sections sorted by `order`. */
  sections: PolicySection[];
  /** Metadata fields the loader made up (from a file name) because the source states none: labels, not content. */
  derived?: Array<'title' | 'version'>;
  /**
   * The name the user gave this policy by, where that is not its version (a branch, `HEAD`, a folder): a redline names
   * the side by it, since two revisions between releases say the same version.
   */
  label?: string;
}

/** Heading level of a section on the page: 2 at the top, 3 for a subsection. */
export function headingLevel(section: PolicySection): 2 | 3 {
  return section.parent ? 3 : 2;
}
