/** What the policy rules need to know about the whole policy: sections by file, ids and every anchor. */
import type { Element, Root } from 'hast';
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
}

/** Ids the renderer gives the body of `section` (paragraphs, list items, headings), as on the page. */
export function sectionAnchors(section: PolicySection): string[] {
  const tree: Root = mdastToHast(parseMarkdown(section.body), { anchorPrefix: section.id });
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
  for (const file of sectionFiles) {
    const { section } = parseSectionFile(file);
    if (!section) continue;
    sectionsByFile.set(file.path, section);
    sectionIds.add(section.id);
    anchors.add(section.id);
    for (const id of sectionAnchors(section)) anchors.add(id);
  }
  const metadata = metadataFile ? parseMetadataFile(metadataFile).metadata : undefined;
  return { ...(metadataFile ? { metadataFile } : {}), ...(metadata ? { metadata } : {}), sectionFiles, sectionsByFile, sectionIds, anchors };
}
