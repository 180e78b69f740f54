/** Renders a whole PolicyDocument (or one section) to HTML: the one renderer of policy text (its hast: policy-tree.ts). */
import type { PolicyDocument, PolicySection } from '../document.ts';
import { hastToHtml } from './html.ts';
import type { LinkOptions } from './links.ts';
import { leadElement, policyTree, sectionElement } from './policy-tree.ts';

export { documentTree, leadBody, leadElement, policyTree, sectionBody, sectionElement, sectionHeading, tableOfContents, type TocEntry } from './policy-tree.ts';

/** The whole policy body as HTML. */
export function renderPolicyHtml(document: PolicyDocument, links: LinkOptions = {}): string {
  return hastToHtml(policyTree(document, links));
}

/** The lead sentence as HTML. */
export function renderLeadHtml(document: PolicyDocument, links: LinkOptions = {}): string {
  return hastToHtml({ type: 'root', children: leadElement(document, { linkBase: document.metadata.linkBase, ...links }) });
}

/** One section (without its subsections) as HTML, its heading at level 2. */
export function renderSectionHtml(document: PolicyDocument, section: PolicySection, links: LinkOptions = {}): string {
  return hastToHtml(sectionElement(section, { linkBase: document.metadata.linkBase, ...links }, 2));
}
