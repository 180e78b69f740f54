/**
 * Section ids without heading numbers: `## 1. Scope` is `scope`, so renumbering or moving a section keeps its id, its
 * URL and its history across the revisions init imports. The title keeps the heading as written.
 */
import type { PolicyDocument } from '../document.ts';
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
    const base = asciiSlug(withoutSectionNumber(section.title)) || `section-${index + 1}`;
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
