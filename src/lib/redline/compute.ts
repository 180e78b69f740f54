/** computeRedline: aligns sections, then blocks, then words, and numbers every change in document order. */
import { diffArrays } from 'diff';
import type { ElementContent } from 'hast';
import { headingLevel, type PolicyDocument, type PolicySection } from '../document.ts';
import type { LinkOptions } from '../markdown/links.ts';
import { sectionHeading } from '../markdown/policy-tree.ts';
import { boundedDiff } from './bounded-diff.ts';
import { alignUnits, DEFAULT_BLOCK_LIMITS, fingerprint, isContainer, leafTag, plainText, similarity, splitUnits, type BlockLimits, type BlockOp, type Unit } from './blocks.ts';
import { ChangeLog, wrapChange, type PendingChange } from './changes.ts';
import { renderChunk, splitChunks, type Chunk } from './chunks.ts';
import { element, text } from './hast.ts';
import { DEFAULT_INLINE_LIMITS, diffInline, type InlineLimits } from './inline.ts';
import { metadataChanges } from './metadata.ts';
import { changeId } from '../page-ids.ts';
import { pairRenamedSections, renameSections } from './pairing.ts';
import { renderOps, type OpContext } from './render-ops.ts';
import { findSentenceMoves, type Located } from './sentence-moves.ts';
import { redlineSide } from './sides.ts';
import type { BlockRedline, Change, LayoutNode, Redline, Region, SectionCounts, SectionRedline, SectionStatus } from './types.ts';

/** Tuning of computeRedline; the defaults suit policy documents. */
export interface RedlineOptions {
  inline?: Partial<InlineLimits>;
  blocks?: Partial<BlockLimits>;
  /** Shortest text (characters) a deleted and an inserted block must share to be shown as a move. */
  minMoveLength?: number;
}

/** A changed stretch while it is being built. */
interface RegionWork {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
  ops: BlockOp[];
}

/**
 * Id of the redline's section for the text before the first heading (the lead, a preamble): diffed and counted like any
 * section, shown without a heading. A colon is in no slug and no folder id, so it never meets a real section's id.
 */
export const LEAD_SECTION_ID = ':lead';

/** How the redline names the text before the first heading. */
export const LEAD_SECTION_TITLE = 'Preamble';

/** A section while it is being built. */
interface SectionWork {
  id: string;
  /** Its id in the old document, when it was paired with a section of another id by content. */
  oldId?: string;
  old?: PolicySection;
  new?: PolicySection;
  oldIndex?: number;
  newIndex?: number;
  moved: boolean;
  regions: RegionWork[];
  /** The old body as deleted blocks, for a removed section or the old position of a moved one. */
  oldBody?: RegionWork;
}

/** Computes the redline from `oldDoc` to `newDoc`. */
export function computeRedline(oldInput: PolicyDocument, newInput: PolicyDocument, options: RedlineOptions = {}): Redline {
  // The text before the first heading is the body of a section of its own, first on both sides.
  const withLead = oldInput.metadata.lead || newInput.metadata.lead;
  const leadOf = (document: PolicyDocument): PolicySection[] => (withLead ? [{ id: LEAD_SECTION_ID, title: LEAD_SECTION_TITLE, order: Number.NEGATIVE_INFINITY, body: document.metadata.lead ?? '' }] : []);
  // Sections whose ids differ but whose content says they are the same are paired: the old one takes the new id.
  const renamed = pairRenamedSections(oldInput.sections, newInput.sections);
  const oldIds = new Map([...renamed].map(([oldId, newId]) => [newId, oldId]));
  const oldDoc: PolicyDocument = { ...oldInput, sections: [...leadOf(oldInput), ...renameSections(oldInput.sections, renamed)] };
  const newDoc: PolicyDocument = { ...newInput, sections: [...leadOf(newInput), ...newInput.sections] };
  const inlineLimits = { ...DEFAULT_INLINE_LIMITS, ...options.inline };
  const blockLimits = { ...DEFAULT_BLOCK_LIMITS, ...options.blocks };
  const oldLinks: LinkOptions = oldDoc.metadata.linkBase ? { linkBase: oldDoc.metadata.linkBase } : {};
  const newLinks: LinkOptions = newDoc.metadata.linkBase ? { linkBase: newDoc.metadata.linkBase } : {};
  let coarse = false;

  // Layer 1: sections by id; those outside the longest common order are moved.
  const oldIndex = new Map(oldDoc.sections.map((section, index) => [section.id, index]));
  const newIndex = new Map(newDoc.sections.map((section, index) => [section.id, index]));
  const commonOld = oldDoc.sections.filter((section) => newIndex.has(section.id)).map((section) => section.id);
  const commonNew = newDoc.sections.filter((section) => oldIndex.has(section.id)).map((section) => section.id);
  const stable = new Set<string>();
  for (const part of diffArrays(commonOld, commonNew)) if (!part.added && !part.removed) for (const id of part.value) stable.add(id);

  const works = new Map<string, SectionWork>();
  // Only the new side gets block anchors (the old side's are never shown); both scope footnotes by the section id, so a
  // footnote reference that did not change renders the same on both sides.
  // (the lead has no anchors on the page)
  const unitsOf = (chunks: Chunk[], links: LinkOptions, sectionId: string, anchors: boolean): Unit[] =>
    chunks.flatMap((chunk) => splitUnits(renderChunk(chunk.text, links, anchors && sectionId !== LEAD_SECTION_ID ? sectionId : undefined, sectionId)).units);
  const wholeBody = (section: PolicySection, side: 'old' | 'new'): RegionWork => {
    const units = unitsOf(splitChunks(section.body), side === 'old' ? oldLinks : newLinks, section.id, side === 'new');
    return side === 'old'
      ? { oldStart: 0, oldEnd: section.body.length, newStart: 0, newEnd: 0, ops: units.map((old) => ({ type: 'delete', old })) }
      : { oldStart: 0, oldEnd: 0, newStart: 0, newEnd: section.body.length, ops: units.map((unit) => ({ type: 'insert', new: unit })) };
  };
  for (const section of newDoc.sections) {
    const old = oldDoc.sections[oldIndex.get(section.id) ?? -1];
    const work: SectionWork = { id: section.id, new: section, newIndex: newIndex.get(section.id)!, moved: !!old && !stable.has(section.id), regions: [] };
    if (oldIds.has(section.id)) work.oldId = oldIds.get(section.id)!;
    if (!old) work.regions.push(wholeBody(section, 'new'));
    else {
      work.old = old;
      work.oldIndex = oldIndex.get(section.id)!;
      // Never parse or diff a body whose bytes did not change.
      if (old.body !== section.body) {
        const result = bodyRegions(old, section, unitsOf, oldLinks, newLinks, blockLimits);
        work.regions = result.regions;
        coarse ||= result.coarse;
      }
      if (work.moved) work.oldBody = wholeBody(old, 'old');
    }
    works.set(section.id, work);
  }
  for (const section of oldDoc.sections) {
    if (newIndex.has(section.id)) continue;
    works.set(section.id, { id: section.id, old: section, oldIndex: oldIndex.get(section.id)!, moved: false, regions: [], oldBody: wholeBody(section, 'old') });
  }

  // Layer 2b: a block deleted in one place and inserted, the same, in another is a move.
  const log = new ChangeLog();
  const moves = findMoves(works, log, options.minMoveLength ?? 12);

  // Render every section's heading and changed blocks; changes are created in the process.
  const built = new Map<string, SectionRedline>();
  for (const work of works.values()) {
    const result = buildSection(work, log, moves, inlineLimits);
    coarse ||= result.coarse;
    built.set(work.id, result.section);
  }

  const layout = layoutOf(oldDoc, newDoc, works, stable);
  const changes = numberChanges(layout, built, log);
  const sections = flatten(layout).filter((node) => !node.ghost).map((node) => built.get(node.sectionId)!);
  for (const section of sections) {
    section.changeIds = changes.filter((change) => change.sectionId === section.id).map((change) => change.id);
    section.counts = countsOf(changes.filter((change) => change.sectionId === section.id));
    if (section.status === 'modified' && section.changeIds.length === 0) {
      section.status = 'unchanged';
      section.regions = [];
    }
  }
  const derived = new Set([...(oldDoc.derived ?? []), ...(newDoc.derived ?? [])]);
  return {
    schemaVersion: 1,
    old: redlineSide(oldDoc),
    new: redlineSide(newDoc),
    metadataChanges: metadataChanges(oldDoc.metadata, newDoc.metadata, derived),
    ...(derived.size ? { derived: [...derived] } : {}),
    sections,
    layout,
    changes,
    summary: {
      changes: changes.length,
      sectionsChanged: sections.filter((section) => section.status !== 'unchanged').length,
      sections: sections.map((section) => ({ id: section.id, title: section.title, status: section.status, changes: section.changeIds.length, ...section.counts })),
    },
    coarse,
  };
}

/** Layer 2: the chunks of two bodies aligned by bytes; only the differing chunks are rendered and their blocks aligned. */
function bodyRegions(
  old: PolicySection,
  current: PolicySection,
  unitsOf: (chunks: Chunk[], links: LinkOptions, sectionId: string, anchors: boolean) => Unit[],
  oldLinks: LinkOptions,
  newLinks: LinkOptions,
  limits: BlockLimits,
): { regions: RegionWork[]; coarse: boolean } {
  const oldChunks = splitChunks(old.body);
  const newChunks = splitChunks(current.body);
  const diff = boundedDiff(oldChunks.map((chunk) => chunk.text), newChunks.map((chunk) => chunk.text), 2000) ?? [
    { value: oldChunks.map((chunk) => chunk.text), removed: true, added: false, count: oldChunks.length },
    { value: newChunks.map((chunk) => chunk.text), removed: false, added: true, count: newChunks.length },
  ];
  const regions: RegionWork[] = [];
  let coarse = false;
  let i = 0;
  let j = 0;
  for (let k = 0; k < diff.length; k++) {
    const part = diff[k]!;
    if (!part.added && !part.removed) {
      i += part.value.length;
      j += part.value.length;
      continue;
    }
    const removed = part.removed ? oldChunks.slice(i, (i += part.value.length)) : [];
    let added = part.added ? newChunks.slice(j, (j += part.value.length)) : [];
    const next = diff[k + 1];
    if (part.removed && next?.added) {
      added = newChunks.slice(j, (j += next.value.length));
      k++;
    }
    const at = newChunks[j]?.start ?? current.body.length;
    const aligned = alignUnits(unitsOf(removed, oldLinks, old.id, false), unitsOf(added, newLinks, current.id, true), limits);
    coarse ||= aligned.coarse;
    regions.push({
      oldStart: removed[0]?.start ?? oldChunks[i]?.start ?? old.body.length,
      oldEnd: removed.at(-1)?.end ?? oldChunks[i]?.start ?? old.body.length,
      newStart: added[0]?.start ?? at,
      newEnd: added.at(-1)?.end ?? at,
      ops: aligned.ops,
    });
  }
  return { regions, coarse };
}

/** Pairs deleted and inserted blocks with the same rendering anywhere in the document as moves. */
function findMoves(works: Map<string, SectionWork>, log: ChangeLog, minLength: number): Map<string, PendingChange> {
  const inserted = new Map<string, { op: Extract<BlockOp, { type: 'insert' }>; sectionId: string }[]>();
  const deleted: { op: Extract<BlockOp, { type: 'delete' }>; sectionId: string }[] = [];
  const modified: Located<Extract<BlockOp, { type: 'modify' }>>[] = [];
  const visit = (ops: BlockOp[], sectionId: string) => {
    for (const op of ops) {
      if (op.type === 'modify' && !op.children) modified.push({ op, sectionId });
      if (op.type === 'insert' && plainText(op.new).length >= minLength) {
        const list = inserted.get(fingerprint(op.new)) ?? [];
        list.push({ op, sectionId });
        inserted.set(fingerprint(op.new), list);
      } else if (op.type === 'delete' && plainText(op.old).length >= minLength) deleted.push({ op, sectionId });
      else if (op.type === 'modify' && op.children) visit(op.children.ops, sectionId);
    }
  };
  for (const work of works.values()) {
    for (const region of work.regions) visit(region.ops, work.id);
    if (work.oldBody && !work.moved) visit(work.oldBody.ops, work.id);
  }
  const moves = new Map<string, PendingChange>();
  const register = (from: PendingChange, to: PendingChange) => {
    moves.set(from.key, from);
    moves.set(to.key, to);
  };
  const pairMove = (from: (typeof deleted)[number], to: { op: Extract<BlockOp, { type: 'insert' }>; sectionId: string }, edited: boolean) => {
    const moveFrom = log.create('move-from', from.sectionId, leafTag(from.op.old));
    const moveTo = log.create('move-to', to.sectionId, leafTag(to.op.new));
    moveFrom.partner = moveTo;
    moveTo.partner = moveFrom;
    moveFrom.oldText = plainText(from.op.old);
    moveTo.newText = plainText(to.op.new);
    from.op.move = { changeKey: moveFrom.key };
    to.op.move = { changeKey: moveTo.key, ...(edited ? { from: from.op.old } : {}) };
    register(moveFrom, moveTo);
  };
  const unmatched: typeof deleted = [];
  for (const from of deleted) {
    const to = inserted.get(fingerprint(from.op.old))?.shift();
    if (to) pairMove(from, to, false);
    else unmatched.push(from);
  }
  // Moved and edited: a paragraph-sized leaf that left one place and arrived, mostly the same, in another.
  const isLeaf = (unit: Unit) => !isContainer(unit);
  const candidates = [...inserted.values()].flat().filter(({ op }) => isLeaf(op.new) && plainText(op.new).length >= minMovedEditLength);
  const sources = unmatched.filter(({ op }) => isLeaf(op.old) && plainText(op.old).length >= minMovedEditLength);
  if (candidates.length * sources.length <= 40_000) {
    const used = new Set<object>();
    for (const from of sources) {
      let best: (typeof candidates)[number] | undefined;
      let bestScore = 0.75;
      for (const to of candidates) {
        if (used.has(to) || leafTag(to.op.new) !== leafTag(from.op.old)) continue;
        const score = similarity(from.op.old, to.op.new);
        if (score > bestScore) {
          best = to;
          bestScore = score;
        }
      }
      if (best) {
        used.add(best);
        pairMove(from, best, true);
      }
    }
  }
  // A sentence split off a changed paragraph that landed elsewhere, or a paragraph merged into one from afar.
  findSentenceMoves(modified, [...inserted.values()].flat(), unmatched, log, register);
  return moves;
}

/** Shortest text of a block that can count as moved and edited at once (shorter ones are too easily alike). */
const minMovedEditLength = 40;

/** Builds a section's heading and blocks, and decides its status. */
function buildSection(work: SectionWork, log: ChangeLog, moves: Map<string, PendingChange>, limits: InlineLimits): { section: SectionRedline; coarse: boolean } {
  const context = (forced?: PendingChange): OpContext => ({ log, sectionId: work.id, moves, limits, coarse: false, ...(forced ? { forced } : {}) });
  const blocksOf = (ops: BlockOp[], ctx: OpContext): BlockRedline[] =>
    renderOps(ops, ctx).map((items, k) => ({
      status: blockStatus(ops[k]!),
      tag: tagOf(items[0]?.node),
      changeIds: [],
      nodes: items.map((item) => item.node),
      sides: items.map((item) => item.side),
    }));
  const regionOf = (region: RegionWork, ctx: OpContext): Region => ({
    oldStart: region.oldStart,
    oldEnd: region.oldEnd,
    newStart: region.newStart,
    newEnd: region.newEnd,
    blocks: blocksOf(region.ops, ctx),
  });
  let coarse = false;
  const base = { id: work.id, ...(work.oldId !== undefined ? { oldId: work.oldId } : {}), ...(work.id === LEAD_SECTION_ID ? { lead: true as const } : {}), changeIds: [], counts: { insertions: 0, deletions: 0, replacements: 0, moves: 0, formatting: 0 } };

  if (!work.new) {
    const old = work.old!;
    const change = log.create('deletion', work.id, `h${headingLevel(old)}`);
    change.oldText = old.title;
    const ctx = context(change);
    const heading = element(`h${headingLevel(old)}`, { id: old.id }, [wrapChange('del', change, [text(old.title)])]);
    const region = regionOf(work.oldBody!, ctx);
    return {
      section: { ...base, title: old.title, status: 'removed', level: headingLevel(old), ...(old.parent ? { parent: old.parent } : {}), oldIndex: work.oldIndex!, heading, regions: [region], oldSection: old },
      coarse: ctx.coarse,
    };
  }

  const current = work.new;
  const level = headingLevel(current);
  const heading = sectionHeading(current);
  const titleNodes = (): { nodes: ElementContent[]; changed: boolean } => {
    if (!work.old) return { nodes: [text(current.title)], changed: false };
    const oldLevel = headingLevel(work.old);
    if (oldLevel !== level) {
      // The title once, the heading saying what it was (as a block of another kind does), an empty mark the anchor.
      const change = log.create('formatting', work.id, `h${level}`);
      change.oldText = work.old.title;
      change.newText = current.title;
      heading.properties.dataWasBlock = `heading ${oldLevel}`;
      const title = work.old.title === current.title ? [text(current.title)] : diffInline([text(work.old.title)], [text(current.title)], { log, sectionId: work.id, block: `h${level}` }).nodes;
      return { nodes: [wrapChange('ins', change, []), ...title], changed: true };
    }
    if (work.old.title === current.title) return { nodes: [text(current.title)], changed: false };
    return { nodes: diffInline([text(work.old.title)], [text(current.title)], { log, sectionId: work.id, block: `h${level}` }).nodes, changed: true };
  };

  let status: SectionStatus;
  let forced: PendingChange | undefined;
  let moveChange: PendingChange | undefined;
  let movedFrom: SectionRedline['movedFrom'];
  if (!work.old) {
    status = 'added';
    forced = log.create('insertion', work.id, `h${level}`);
    forced.newText = current.title;
    heading.children[0] = wrapChange('ins', forced, [text(current.title)]);
  } else if (work.moved) {
    status = 'moved';
    const from = log.create('move-from', work.id, `h${headingLevel(work.old)}`);
    moveChange = log.create('move-to', work.id, `h${level}`);
    from.partner = moveChange;
    moveChange.partner = from;
    from.oldText = work.old.title;
    moveChange.newText = current.title;
    heading.children.splice(0, 1, wrapChange('ins', moveChange, titleNodes().nodes));
    const ghostContext = context(from);
    movedFrom = {
      heading: element(`h${headingLevel(work.old)}`, {}, [wrapChange('del', from, [text(work.old.title)])]),
      blocks: blocksOf(work.oldBody!.ops, ghostContext),
    };
    coarse ||= ghostContext.coarse;
  } else {
    const title = titleNodes();
    heading.children = [...title.nodes, ...heading.children.slice(1)];
    status = work.old.title !== current.title ? 'renamed' : 'modified';
  }
  const ctx = context(forced);
  const regions = work.regions.map((region) => regionOf(region, ctx));
  coarse ||= ctx.coarse;
  return {
    section: {
      ...base,
      title: current.title,
      status,
      ...(work.old && work.old.title !== current.title ? { oldTitle: work.old.title } : {}),
      level,
      ...(current.parent ? { parent: current.parent } : {}),
      ...(work.oldIndex !== undefined ? { oldIndex: work.oldIndex } : {}),
      newIndex: work.newIndex!,
      heading,
      regions,
      ...(moveChange ? { moveChangeId: moveChange.key } : {}),
      ...(movedFrom ? { movedFrom } : {}),
      ...(work.old ? { oldSection: work.old } : {}),
      newSection: current,
    },
    coarse,
  };
}

/** The tag of a rendered block; a run of blocks (a restructured stretch) goes by its first. */
function tagOf(node: ElementContent | undefined): string {
  if (node?.type !== 'element') return 'p';
  if (node.tagName !== 'template') return node.tagName;
  const first = node.children.find((child) => child.type === 'element' && child.tagName !== 'ins' && child.tagName !== 'del');
  return first?.type === 'element' ? first.tagName : 'p';
}

function blockStatus(op: BlockOp): BlockRedline['status'] {
  if (op.type === 'equal') return 'equal';
  if (op.type === 'modify' || op.type === 'restructure') return 'modified';
  if (op.type === 'delete') return op.move ? 'moved-from' : 'deleted';
  return op.move ? 'moved-to' : 'inserted';
}

/**
 * The page's section tree: the new order, removed sections and moved sections' old places where they were. Between two
 * sections kept in place, what only the old document has comes before what only the new one has, so that neither
 * document's order is broken when subsections nest (an old heading never lands after its own subsections).
 */
function layoutOf(oldDoc: PolicyDocument, newDoc: PolicyDocument, works: Map<string, SectionWork>, stable: Set<string>): LayoutNode[] {
  const entries: { node: LayoutNode; parent?: string }[] = [];
  let nextOld = 0;
  const flushOld = (until: number) => {
    for (; nextOld < until; nextOld++) {
      const section = oldDoc.sections[nextOld]!;
      const work = works.get(section.id)!;
      if (!work.new) entries.push({ node: { sectionId: section.id, children: [] }, ...(section.parent ? { parent: section.parent } : {}) });
      else if (work.moved) entries.push({ node: { sectionId: section.id, ghost: true, children: [] }, ...(section.parent ? { parent: section.parent } : {}) });
    }
  };
  // For each new position, the old position of the next section kept in place (where the old document's gap ends).
  const gapEnds: number[] = [];
  for (let k = newDoc.sections.length - 1, end = oldDoc.sections.length; k >= 0; k--) {
    const section = newDoc.sections[k]!;
    if (stable.has(section.id)) end = works.get(section.id)!.oldIndex!;
    gapEnds[k] = end;
  }
  newDoc.sections.forEach((section, k) => {
    const work = works.get(section.id)!;
    flushOld(gapEnds[k]!);
    if (stable.has(section.id)) nextOld = work.oldIndex! + 1;
    entries.push({ node: { sectionId: section.id, children: [] }, ...(section.parent ? { parent: section.parent } : {}) });
  });
  flushOld(oldDoc.sections.length);
  // Nest as policyTree does: a subsection goes into its parent when the parent is already on the page.
  const roots: LayoutNode[] = [];
  const placed = new Map<string, LayoutNode>();
  for (const { node, parent } of entries) {
    const container = parent ? placed.get(parent) : undefined;
    (container ? container.children : roots).push(node);
    if (!node.ghost && !placed.has(node.sectionId)) placed.set(node.sectionId, node);
  }
  // Nesting moves a subsection ahead of what was placed after its parent; where that would break the order of either
  // document (a subsection moved under another parent, beside removed sections), the sections stay side by side.
  const flat = entries.map(({ node }) => ({ ...node, children: [] }));
  const holds = (layout: LayoutNode[]) => {
    const nodes = flatten(layout);
    const oldOrder = nodes.filter((node) => node.ghost || (works.get(node.sectionId)!.old && !works.get(node.sectionId)!.moved)).map((node) => node.sectionId);
    const newOrder = nodes.filter((node) => !node.ghost && works.get(node.sectionId)!.new).map((node) => node.sectionId);
    return sameList(oldOrder, pageOrder(oldDoc)) && sameList(newOrder, pageOrder(newDoc));
  };
  return holds(roots) || !holds(flat) ? roots : flat;
}

/** Section ids in the order the page shows them: each subsection inside its parent, as policyTree nests them. */
function pageOrder(document: PolicyDocument): string[] {
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const section of document.sections) {
    const list = section.parent !== undefined ? children.get(section.parent) : undefined;
    (list ?? roots).push(section.id);
    children.set(section.id, []);
  }
  const visit = (id: string): string[] => [id, ...children.get(id)!.flatMap(visit)];
  return roots.flatMap(visit);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** All layout nodes, depth first (the page order). */
export function flatten(layout: LayoutNode[]): LayoutNode[] {
  return layout.flatMap((node) => [node, ...flatten(node.children)]);
}

/** Numbers changes in page order (`change-1`, …), renames their keys in the markup, and gives each its anchor. */
function numberChanges(layout: LayoutNode[], built: Map<string, SectionRedline>, log: ChangeLog): Change[] {
  const order: PendingChange[] = [];
  const seen = new Set<string>();
  const trees: ElementContent[][] = [];
  for (const node of flatten(layout)) {
    const section = built.get(node.sectionId)!;
    if (node.ghost) trees.push([section.movedFrom!.heading, ...section.movedFrom!.blocks.flatMap((block) => block.nodes)]);
    else trees.push([section.heading, ...section.regions.flatMap((region) => region.blocks.flatMap((block) => block.nodes))]);
  }
  const collect = (nodes: ElementContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const key = node.properties.dataChange;
      if (typeof key === 'string' && !seen.has(key)) {
        seen.add(key);
        order.push(log.all.get(key)!);
      }
      collect(node.children);
    }
  };
  trees.forEach(collect);
  for (const change of log.all.values()) if (!seen.has(change.key)) order.push(change);
  const ids = new Map(order.map((change, index) => [change.key, changeId(index + 1)]));
  const anchored = new Set<string>();
  const rename = (nodes: ElementContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const key = node.properties.dataChange;
      if (typeof key === 'string' && ids.has(key)) {
        const id = ids.get(key)!;
        node.properties.dataChange = id;
        if (!anchored.has(id)) {
          anchored.add(id);
          node.properties.id = id;
        }
      }
      const pair = node.properties.dataMovePair;
      if (typeof pair === 'string' && ids.has(pair)) node.properties.dataMovePair = ids.get(pair)!;
      rename(node.children);
    }
  };
  trees.forEach(rename);
  for (const section of built.values()) if (section.moveChangeId) section.moveChangeId = ids.get(section.moveChangeId)!;
  return order.map((change) => ({
    id: ids.get(change.key)!,
    kind: change.kind,
    sectionId: change.sectionId,
    block: change.block,
    oldText: change.oldText,
    newText: change.newText,
    ...(change.partner ? { movePair: ids.get(change.partner.key)! } : {}),
  }));
}

/** A section's counts: a replacement is one insertion and one deletion (and one replacement), each half of a move one move. */
function countsOf(changes: Change[]): SectionCounts {
  const counts: SectionCounts = { insertions: 0, deletions: 0, replacements: 0, moves: 0, formatting: 0 };
  for (const change of changes) {
    if (change.kind === 'replacement') counts.replacements++;
    if (change.kind === 'insertion' || change.kind === 'replacement') counts.insertions++;
    if (change.kind === 'deletion' || change.kind === 'replacement') counts.deletions++;
    if (change.kind === 'move-from' || change.kind === 'move-to') counts.moves++;
    if (change.kind === 'formatting') counts.formatting++;
  }
  return counts;
}
