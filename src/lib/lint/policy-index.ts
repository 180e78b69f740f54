/** What the policy rules need to know about the whole policy: sections by file, ids and every anchor. */
import type { Element, Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import type { PolicyMetadata, PolicySection } from '../document.ts';
import { parseMarkdown } from '../markdown/parse.ts';
import { mdastToHast } from '../markdown/to-hast.ts';
import { parseMetadataFile, parseSectionFile, type SourceFile } from '../load/parse.ts';

/** The policy as lint sees it: whatever could be read, even when some files have problems. */
export interface PolicyIndex {
  metadataFile?: SourceFile;
  metadata?: PolicyMetadata;
  sectionFiles: SourceFile[];
  /** Sections that parsed, by repository-relative file path. */
  sectionsByFile: Map<string, PolicySection>;
  sectionIds: Set<string>;
  /** Every id a link can point at on the page: section ids, block anchors (`<id>-p<N>`), heading slugs. */
  anchors: Set<string>;
  /** Each section body's Markdown tree, by the body's text: parsed once here, read again by every body rule. */
  trees: Map<string, MdastRoot>;
}

/** Ids the renderer gives the body of `section` (paragraphs, list items, headings), as on the page; `body` is its parsed tree. */
export function sectionAnchors(section: PolicySection, body: MdastRoot = parseMarkdown(section.body)): string[] {
  const tree: Root = mdastToHast(body, { anchorPrefix: section.id });
  const ids: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (typeof node.properties.id === 'string') ids.push(node.properties.id);
  });
  return ids;
}

/** Builds the index from the policy's files. */
export function indexPolicy(metadataFile: SourceFile | undefined, sectionFiles: SourceFile[]): PolicyIndex {
  const sectionsByFile = new Map<string, PolicySection>();
  const sectionIds = new Set<string>();
  const anchors = new Set<string>();
  const trees = new Map<string, MdastRoot>();
  for (const file of sectionFiles) {
    const { section } = parseSectionFile(file);
    if (!section) continue;
    sectionsByFile.set(file.path, section);
    sectionIds.add(section.id);
    anchors.add(section.id);
    const tree = trees.get(section.body) ?? parseMarkdown(section.body);
    trees.set(section.body, tree);
    for (const id of sectionAnchors(section, tree)) anchors.add(id);
  }
  const metadata = metadataFile ? parseMetadataFile(metadataFile).metadata : undefined;
  return { ...(metadataFile ? { metadataFile } : {}), ...(metadata ? { metadata } : {}), sectionFiles, sectionsByFile, sectionIds, anchors, trees };
}
