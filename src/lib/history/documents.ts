/** The policy at a release commit, and its rendered sections, cached by commit id and by content hash. */
import { headingLevel, type PolicyDocument, type PolicySection } from '../document.ts';
import { assemblePolicy } from '../load/parse.ts';
import { sectionElement } from '../markdown/policy-html.ts';
import { hastToHtml } from '../markdown/html.ts';
import type { LinkOptions } from '../markdown/links.ts';
import { contentHash, type JsonCache } from './cache.ts';
import { readPolicyFilesAt } from '../load/git-revision.ts';
import { readPolicyFilesAtCommits, type PolicyFiles } from './policy-files.ts';

const documentNamespace = (codeVersion: string) => `document-${codeVersion}`;

/**
 * Loads the policy at each of `commits` (full ids), from the cache where possible. Those on the first-parent history
 * of `head` are read together with two git processes, however many there are; any other (a release tagged on a
 * merged branch) is read on its own.
 */
export async function loadDocumentsAtCommits(repo: string, head: string, commits: string[], cache: JsonCache, codeVersion: string): Promise<PolicyDocument[]> {
  const namespace = documentNamespace(codeVersion);
  const documents = commits.map((commit) => cache.peek<PolicyDocument>(namespace, commit));
  const missing = [...new Set(commits.filter((_, index) => documents[index] === undefined))];
  const files = missing.length > 0 ? await readPolicyFilesAtCommits(repo, head, missing) : new Map<string, PolicyFiles>();
  for (const commit of missing) if (!files.has(commit)) files.set(commit, await readPolicyFilesAt(repo, commit));
  const assembled = new Map<string, PolicyDocument>();
  for (const [commit, read] of files) {
    const document = assemblePolicy(read.metadataFile, read.sectionFiles);
    cache.put(namespace, commit, document);
    assembled.set(commit, document);
  }
  return commits.map((commit, index) => documents[index] ?? assembled.get(commit)!);
}

/**
 * The whole policy body as HTML, like renderPolicyHtml, but each section's own HTML is cached by a
 * hash of its content: across 100 releases, a section that never changed is rendered once.
 * `linksKey` must change whenever `links` would resolve differently.
 */
export async function renderPolicyHtmlCached(document: PolicyDocument, cache: JsonCache, codeVersion: string, links: LinkOptions, linksKey: string): Promise<string> {
  const linkOptions = { linkBase: document.metadata.linkBase, ...links };
  const parts = new Map<string, { open: string; close: string }>();
  for (const section of document.sections) {
    const key = contentHash(codeVersion, linksKey, linkOptions.linkBase ?? '', section.id, section.title, section.body, String(headingLevel(section)));
    parts.set(section.id, await cache.get('section-html', key, () => renderOpen(section, linkOptions)));
  }
  // Nest subsections inside their parent's <section>, as policyTree does.
  const childrenOf = new Map<string, PolicySection[]>();
  for (const section of document.sections) if (section.parent) childrenOf.set(section.parent, [...(childrenOf.get(section.parent) ?? []), section]);
  const render = (section: PolicySection): string => {
    const part = parts.get(section.id)!;
    return part.open + (childrenOf.get(section.id) ?? []).map(render).join('') + part.close;
  };
  return document.sections.filter((section) => !section.parent).map(render).join('');
}

/** One section's element as HTML, split before its closing tag so children can go in between. */
function renderOpen(section: PolicySection, links: LinkOptions): { open: string; close: string } {
  const html = hastToHtml(sectionElement(section, links));
  const close = '</section>';
  return { open: html.slice(0, html.length - close.length), close };
}
