/**
 * A PolicyDocument (or one section) as safe hast: the one renderer of policy text, without serialising it. Kept apart
 * from policy-html.ts so that what only needs the tree (the redline's terminal and JSON output) does not load the HTML
 * serialiser.
 */
import type { Element, ElementContent, Root } from 'hast';
import { headingLevel, type PolicyDocument, type PolicySection } from '../document.ts';
import { selfLink } from './anchors.ts';
import type { LinkOptions } from './links.ts';
import { markdownToHast } from './to-hast.ts';

/** One entry of the table of contents. */
export interface TocEntry {
  id: string;
  title: string;
  level: 2 | 3;
  children: TocEntry[];
}

/** The heading of a section, with its id and self-link. */
export function sectionHeading(section: PolicySection, level: number = headingLevel(section)): Element {
  return {
    type: 'element',
    tagName: `h${level}`,
    properties: { id: section.id },
    // The link sits in the heading, so its name must not repeat the title: the heading's name is "Title Link to this section".
    children: [{ type: 'text', value: section.title }, selfLink(section.id, 'Link to this section', 'self-link')],
  };
}

/** The body of a section as safe hast, its blocks anchored under the section id. */
export function sectionBody(section: PolicySection, links: LinkOptions = {}): ElementContent[] {
  return markdownToHast(section.body, { ...links, anchorPrefix: section.id }).children as ElementContent[];
}

/** A `<section>` element holding the heading and the body. */
export function sectionElement(section: PolicySection, links: LinkOptions = {}, level?: number): Element {
  return {
    type: 'element',
    tagName: 'section',
    properties: { className: ['policy-section'], ariaLabelledBy: [section.id], dataSection: section.id },
    children: [sectionHeading(section, level), ...sectionBody(section, links)],
  };
}

/** The lead sentence as a paragraph, or nothing. */
export function leadElement(document: PolicyDocument, links: LinkOptions = {}): ElementContent[] {
  return document.metadata.lead ? leadBody(document.metadata.lead, links) : [];
}

/** Lead Markdown (the text before the first section) as the page shows it: its blocks of class `lead`, without anchors. */
export function leadBody(markdown: string, links: LinkOptions = {}): ElementContent[] {
  const hast = markdownToHast(markdown, links);
  for (const child of hast.children) if (child.type === 'element') child.properties.className = ['lead'];
  return hast.children as ElementContent[];
}

/** The whole document as a reader sees it: the lead, then every section (what a redline's "accept all" must equal). */
export function documentTree(document: PolicyDocument, links: LinkOptions = {}): Root {
  const linkOptions = { linkBase: document.metadata.linkBase, ...links };
  return { type: 'root', children: [...leadElement(document, linkOptions), ...(policyTree(document, links).children as ElementContent[])] };
}

/** All sections, each subsection nested in its parent's `<section>`. */
export function policyTree(document: PolicyDocument, links: LinkOptions = {}): Root {
  const linkOptions = { linkBase: document.metadata.linkBase, ...links };
  const children: ElementContent[] = [];
  const byId = new Map<string, Element>();
  for (const section of document.sections) {
    const element = sectionElement(section, linkOptions);
    byId.set(section.id, element);
    const parent = section.parent ? byId.get(section.parent) : undefined;
    (parent ? parent.children : children).push(element);
  }
  return { type: 'root', children };
}

/** The table of contents: top-level sections with their subsections. */
export function tableOfContents(document: PolicyDocument): TocEntry[] {
  const entries: TocEntry[] = [];
  const byId = new Map<string, TocEntry>();
  for (const section of document.sections) {
    const entry: TocEntry = { id: section.id, title: section.title, level: headingLevel(section), children: [] };
    byId.set(section.id, entry);
    const parent = section.parent ? byId.get(section.parent) : undefined;
    (parent ? parent.children : entries).push(entry);
  }
  return entries;
}
