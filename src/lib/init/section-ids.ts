/**
 * Section ids without heading numbers: `## 1. Scope` is `scope`, so renumbering or moving a section keeps its id, its
 * URL and its history across the revisions init imports. The title keeps the heading as written.
 */
import type { PolicyDocument } from '../document.ts';
import { reservedSectionIdReason } from '../page-ids.ts';
import { asciiSlug } from '../slug.ts';

// "1.", "1)", "1.2", "1.2.", "(3)", "§ 4", "IV.", "A)": a number (not a year: "2024 changes" keeps it), or a roman numeral
// or a letter with its dot or parenthesis.
const SECTION_NUMBER = /^(?:§\s*)?(?:\(?\d{1,3}(?:\.\d+)*[.)]?|\(?(?:[IVXLC]+|[A-Za-z])[.)])\s+(?=\S)/;

/** The heading's title without its leading section number, or the title as it is when that is all it says. */
export function withoutSectionNumber(title: string): string {
  return title.replace(SECTION_NUMBER, '');
}

/**
 * `document` with section ids made from the titles without their numbers, as ASCII slugs (an id is a file name and a
 * URL segment), unique as the loader makes them (-1, -2).
 */
export function withUnnumberedIds(document: PolicyDocument): PolicyDocument {
  const taken = new Set<string>();
  const ids = new Map<string, string>();
  const sections = document.sections.map((section, index) => {
    const slug = asciiSlug(withoutSectionNumber(section.title)) || `section-${index + 1}`;
    // (an id the site's pages use for their own elements, "policy" for "policy-title", takes a word after it)
    const base = reservedSectionIdReason(slug) ? `${slug}-section` : slug;
    let id = base;
    for (let count = 1; taken.has(id); count++) id = `${base}-${count}`;
    taken.add(id);
    ids.set(section.id, id);
    return { ...section, id };
  });
  const renamed = new Map([...ids].filter(([from, to]) => from !== to));
  const relink = (text: string) => (renamed.size ? withAnchorsRenamed(text, renamed) : text);
  const { lead } = document.metadata;
  return {
    ...document,
    metadata: lead ? { ...document.metadata, lead: relink(lead) } : document.metadata,
    // (a subsection names its parent by id: the parent's new one)
    sections: sections.map((section) => ({ ...section, body: relink(section.body), ...(section.parent ? { parent: ids.get(section.parent) ?? section.parent } : {}) })),
  };
}

// A link to an anchor of this page: "](#1-scope)", "](<#1-scope> \"title\")", or a definition "]: #1-scope".
const ANCHOR_LINK = /(\]\(\s*<?|\]:[ \t]*<?)#([^\s)>"']+)/g;

/** `text` with its links to the sections' old anchors (`#1-scope`, as GitHub makes them) pointing at the new ids. */
function withAnchorsRenamed(text: string, renamed: Map<string, string>): string {
  return text.replace(ANCHOR_LINK, (link, before: string, id: string) => (renamed.has(id) ? `${before}#${renamed.get(id)}` : link));
}

/** How alike two sections' texts must be (shared words over all their words) for a renamed one to keep its id. */
const SAME_SECTION = 0.5;

/**
 * `document` (a revision, its ids made by withUnnumberedIds) with the ids of `previous` (the revision before it, as
 * imported) kept for its renamed sections: a section whose id is new here and whose text is mostly that of a section
 * whose id is gone keeps the old id, so its URL and history run on through the rename, as a section of a policy
 * folder keeps its id when its title changes. Links to the new id follow.
 */
export function withIdsOf(previous: PolicyDocument, document: PolicyDocument): PolicyDocument {
  const now = new Set(document.sections.map((section) => section.id));
  const before = new Set(previous.sections.map((section) => section.id));
  const gone = previous.sections.filter((section) => !now.has(section.id));
  const renamed = new Map<string, string>();
  for (const section of document.sections) {
    if (before.has(section.id) || gone.length === 0) continue;
    const words = wordSet(section.body);
    let best: { id: string; score: number } | undefined;
    for (const old of gone) {
      if ([...renamed.values()].includes(old.id)) continue;
      const score = similarity(words, wordSet(old.body));
      if (score >= SAME_SECTION && (!best || score > best.score)) best = { id: old.id, score };
    }
    if (best) renamed.set(section.id, best.id);
  }
  if (renamed.size === 0) return document;
  const relink = (text: string) => withAnchorsRenamed(text, renamed);
  const { lead } = document.metadata;
  return {
    ...document,
    metadata: lead ? { ...document.metadata, lead: relink(lead) } : document.metadata,
    sections: document.sections.map((section) => ({
      ...section,
      id: renamed.get(section.id) ?? section.id,
      body: relink(section.body),
      ...(section.parent ? { parent: renamed.get(section.parent) ?? section.parent } : {}),
    })),
  };
}

/** The lowercase words of a text. */
function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Shared words over all words of two word sets (Jaccard); 0 for two empty texts. */
function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  const all = a.size + b.size - shared;
  return all === 0 ? 0 : shared / all;
}
