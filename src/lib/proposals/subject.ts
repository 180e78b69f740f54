/** Reads the `[PATCH v2 3/4]` prefix of a patch mail's subject, the way `git format-patch` writes it. */

/** What a subject prefix says about a message's place in a series. */
export interface SubjectPrefix {
  /** Series version from `vN`; 1 when the prefix has none. */
  version: number;
  /** Position in the series: 0 for the cover letter; 1 for a lone `[PATCH]`. */
  index: number;
  /** Number of patches in the series; 1 for a lone `[PATCH]`. */
  total: number;
  /** The subject without the bracketed prefix. */
  title: string;
  /** Whether the prefix said PATCH (or RFC ... PATCH); other mails are not part of a series. */
  isPatch: boolean;
}

const PREFIX = /^\s*((?:\[[^\]]*\]\s*)+)(.*)$/s;

/** Parses a subject such as `[PATCH v2 0/3] Fix spelling mistakes` (also `Re:`-free RFC and numbered forms). */
export function parseSubject(subject: string): SubjectPrefix {
  const match = PREFIX.exec(subject.replace(/\s+/g, ' '));
  if (!match) return { version: 1, index: 1, total: 1, title: subject.trim(), isPatch: false };
  const words = match[1]!.replace(/[[\]]/g, ' ').split(/\s+/).filter(Boolean);
  let version = 1;
  let index = 1;
  let total = 1;
  for (const word of words) {
    const versionMatch = /^v(\d+)$/i.exec(word);
    if (versionMatch) version = Number(versionMatch[1]);
    const position = /^(\d+)\/(\d+)$/.exec(word);
    if (position) {
      index = Number(position[1]);
      total = Number(position[2]);
    }
  }
  return { version, index, total, title: match[2]!.trim(), isPatch: words.some((word) => /^patch$/i.test(word)) };
}
