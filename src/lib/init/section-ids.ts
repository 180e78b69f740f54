/**
 * Section ids without heading numbers: `## 1. Scope` is `scope`, so renumbering or moving a section keeps its id, its
 * URL and its history across the revisions init imports. The title keeps the heading as written.
 */
import GithubSlugger from 'github-slugger';
import type { PolicyDocument } from '../document.ts';

// "1.", "1)", "1.2", "1.2.", "(3)", "§ 4", "IV.", "A)": a number (not a year: "2024 changes" keeps it), or a roman numeral
// or a letter with its dot or parenthesis.
const SECTION_NUMBER = /^(?:§\s*)?(?:\(?\d{1,3}(?:\.\d+)*[.)]?|\(?(?:[IVXLC]+|[A-Za-z])[.)])\s+(?=\S)/;

/** The heading's title without its leading section number, or the title as it is when that is all it says. */
export function withoutSectionNumber(title: string): string {
  return title.replace(SECTION_NUMBER, '');
}

/** `document` with section ids made from the titles without their numbers, unique as the loader makes them (-1, -2). */
export function withUnnumberedIds(document: PolicyDocument): PolicyDocument {
  const slugger = new GithubSlugger();
  const ids = new Map<string, string>();
  const sections = document.sections.map((section, index) => {
    const id = slugger.slug(withoutSectionNumber(section.title)) || `section-${index + 1}`;
    ids.set(section.id, id);
    return { ...section, id };
  });
  // (a subsection names its parent by id: the parent's new one)
  return { ...document, sections: sections.map((section) => (section.parent ? { ...section, parent: ids.get(section.parent) ?? section.parent } : section)) };
}
