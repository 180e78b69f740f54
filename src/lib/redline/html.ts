/** The redline as HTML: the page's own rendering with `<ins>`/`<del>` inside, inline or side by side. */
import type { Element, ElementContent, Root } from 'hast';
import { hastToHtml } from '../markdown/html.ts';
import type { PolicySection } from '../document.ts';
import type { LinkOptions } from '../markdown/links.ts';
import { leadBody, sectionBody, sectionElement } from '../markdown/policy-tree.ts';
import { fastBody } from './chunks.ts';
import { contentOf, isContainer, marksOf, splitUnits, type Unit } from './blocks.ts';
import { acceptAll, BLOCK_TAGS, element, hasChange, isAnchorMark, rejectAll, sideOf, text, textOf } from './hast.ts';
import { foldUnchanged } from './fold.ts';
import { joinItems, type Item } from './join.ts';
import { detailRuns, METADATA_FIELDS, METADATA_LABELS } from './metadata.ts';
import { countsText, summaryLine } from './summary.ts';
import { unwrapRuns } from './render-ops.ts';
import type { BlockRedline, LayoutNode, Redline, SectionRedline } from './types.ts';
import { appendAll } from '../append.ts';

/** How to render the redline on a page. */
export interface RedlineHtmlOptions {
  view: 'inline' | 'side-by-side';
  /** Href for a same-document anchor in the policy text (as in renderPolicyHtml). */
  anchorHref?: (fragment: string) => string;
  /** Href of a section from the summary; `#<id>` when absent. */
  sectionHref?: (id: string) => string;
  /** What the two columns of the side-by-side view are called; by default the versions and dates of the documents. */
  columnLabels?: ColumnLabels;
}

/** Names of the old and new side, shown above the columns and, on a narrow screen, on each block. */
export interface ColumnLabels {
  old: string;
  new: string;
}

/** "Version 3.22, 2019-08-06" for each side; "Before"/"After" when both documents carry the same version and date. */
export function defaultColumnLabels(redline: Redline): ColumnLabels {
  const label = (metadata: Redline['old']['metadata']) => `Version ${metadata.version}, ${metadata.date}`;
  const old = label(redline.old.metadata);
  const current = label(redline.new.metadata);
  return old === current ? { old: `Before (${old})`, new: 'After' } : { old, new: current };
}

/** The redline as a fragment for a site page: summary, change navigation, and the body in `[data-redline-body]`. */
export function renderRedlineHtml(redline: Redline, options: RedlineHtmlOptions): string {
  const body = redlineBodyTree(redline, options);
  const view = options.view;
  // (a redline without changes stays the page itself, unfolded)
  if (redline.changes.length > 0) foldUnchanged(body, { sideBySide: view === 'side-by-side' });
  return [
    `<div class="redline" data-view="${view}">`,
    summaryHtml(redline, options),
    navigationHtml(redline),
    view === 'side-by-side' ? columnsHtml(options.columnLabels ?? defaultColumnLabels(redline)) : '',
    `<div class="redline-body" data-redline-body data-view="${view}">${hastToHtml(body)}</div>`,
    `<script>${NAVIGATION_SCRIPT}</script>`,
    `</div>`,
  ].join('\n');
}

/** The heads of the two columns, which stay in view while the reader scrolls through them. */
function columnsHtml(labels: ColumnLabels): string {
  return `<div class="redline-columns"><p class="redline-column-old">${escapeHtml(labels.old)}</p><p class="redline-column-new">${escapeHtml(labels.new)}</p></div>`;
}

/** The body of the redline as hast: in the inline view, with nothing changed, it is exactly `policyTree` of the new document. */
export function redlineBodyTree(redline: Redline, options: Pick<RedlineHtmlOptions, 'view' | 'anchorHref' | 'columnLabels'> = { view: 'inline' }): Root {
  const labels = options.columnLabels ?? defaultColumnLabels(redline);
  const byId = new Map(redline.sections.map((section) => [section.id, section]));
  const linkBase = redline.new.metadata.linkBase;
  const links = linkBase ? { linkBase } : {};
  const build = (node: LayoutNode): Element => {
    const section = byId.get(node.sectionId)!;
    const made = node.ghost
      ? ghostElement(section)
      : section.status === 'unchanged'
        ? section.lead
          ? leadElement(section, leadBody(section.newSection!.body, links))
          : unchangedElement(section.newSection!, links)
        : changedElement(section, links);
    if (options.view === 'side-by-side') toSideBySide(made, labels);
    appendAll(made.children, node.children.map(build));
    return made;
  };
  const root: Root = { type: 'root', children: redline.layout.map(build) };
  if (options.view === 'side-by-side') restoreOldSideIds(root.children as ElementContent[]);
  if (options.anchorHref) resolveAnchors(root.children, options.anchorHref);
  addMoveLinks(root.children, redline);
  return root;
}

/** A section's body as the page renders it: chunk by chunk with the shortcut when every chunk takes it, else by remark. */
function pageBody(section: PolicySection, links: LinkOptions, lead: boolean): ElementContent[] {
  if (lead) return leadBody(section.body, links);
  return fastBody(section.body, links, section.id) ?? sectionBody(section, links);
}

/** The text before the first heading: its blocks as the page's lead, in a section of its own without a heading. */
function leadElement(section: SectionRedline, children: ElementContent[]): Element {
  return element('section', { className: ['policy-lead'], id: section.id, dataSection: section.id, dataStatus: section.status }, children);
}

/** An unchanged section, exactly as `sectionElement` makes it. */
function unchangedElement(section: PolicySection, links: LinkOptions): Element {
  const body = fastBody(section.body, links, section.id);
  if (!body) return sectionElement(section, links);
  const made = sectionElement({ ...section, body: '' }, links);
  appendAll(made.children, body);
  return made;
}

/** A section with changes: its heading, unchanged blocks as the page renders them, changed stretches from the redline. */
function changedElement(section: SectionRedline, links: LinkOptions): Element {
  let items: Item[] = [];
  const blockItems = (blocks: BlockRedline[]): Item[] =>
    structuredClone(blocks).flatMap((block) => block.nodes.map((node, index): Item => ({ node, side: block.sides[index] ?? 'both' })));
  if (section.status === 'removed') {
    items = section.regions.flatMap((region) => blockItems(region.blocks));
  } else {
    const regions = [...section.regions].sort((a, b) => a.newStart - b.newStart);
    const trueBody = pageBody(section.newSection!, links, !!section.lead).filter((node) => node.type === 'element');
    let r = 0;
    let k = 0;
    while (k < trueBody.length || r < regions.length) {
      const node = trueBody[k];
      const offset = node?.position?.start.offset ?? Number.POSITIVE_INFINITY;
      const region = regions[r];
      if (region && (region.newStart <= offset || !node)) {
        const replaced: ElementContent[] = [];
        while (k < trueBody.length && (trueBody[k]!.position?.start.offset ?? -1) >= region.newStart && (trueBody[k]!.position?.start.offset ?? -1) < region.newEnd) replaced.push(trueBody[k++]!);
        const regionItems = blockItems(region.blocks);
        transplantIds(regionItems.map((item) => item.node), replaced);
        appendAll(items, regionItems);
        r++;
        continue;
      }
      items.push({ node: node!, side: 'both' });
      k++;
    }
  }
  if (section.moveChangeId) {
    // The whole section arrived here: what both documents share reads as moved in; what it lost here, as nothing.
    for (const item of items) wrapMoved(item.node, section.moveChangeId, section);
    items = items.map((item) => ({ node: item.node, side: item.side === 'both' || item.side === 'new' ? 'new' : 'none' }));
  }
  if (section.lead) {
    const body = unwrapRuns(joinItems(items));
    // (the lead's blocks keep the page's class, whether changed or not)
    for (const node of body) if (node.type === 'element' && !node.properties.className) node.properties.className = ['lead'];
    return leadElement(section, body);
  }
  const heading = structuredClone(section.heading);
  return element(
    'section',
    { className: ['policy-section'], ariaLabelledBy: [section.id], dataSection: section.id, dataStatus: section.status },
    [heading, ...unwrapRuns(joinItems(items))],
  );
}

/** Where a moved section left: its old heading and body, all deleted as a move. */
function ghostElement(section: SectionRedline): Element {
  const moved = section.movedFrom!;
  const items = structuredClone(moved.blocks).flatMap((block) => block.nodes.map((node, index): Item => ({ node, side: block.sides[index] ?? 'old' })));
  return element('section', { className: ['policy-section', 'redline-moved-from'], dataSection: section.id, dataStatus: 'moved-from' }, [
    structuredClone(moved.heading),
    ...unwrapRuns(joinItems(items)),
  ]);
}

/** Gives the redline's blocks the anchors the page gives the same blocks (they were rendered apart, numbered from 1). */
function transplantIds(nodes: ElementContent[], trueNodes: ElementContent[]): void {
  const ours = anchored(nodes);
  const theirs = anchored(trueNodes);
  if (ours.length !== theirs.length) return;
  ours.forEach((node, index) => {
    const from = `#${node.properties.id as string}`;
    const to = theirs[index]!.properties.id as string;
    node.properties.id = to;
    // The block's self-link sits in it, or in its leading paragraph (a loose list item).
    const candidates = [node, ...node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'p')];
    for (const holder of candidates) {
      for (const child of holder.children) {
        if (child.type === 'element' && isAnchorMark(child) && child.properties.href === from) child.properties.href = `#${to}`;
      }
    }
  });
}

/** Elements carrying the page's block anchors (not change anchors), in document order. */
function anchored(nodes: ElementContent[]): Element[] {
  const out: Element[] = [];
  const walk = (list: ElementContent[]) => {
    for (const node of list) {
      if (node.type !== 'element') continue;
      if (typeof node.properties.id === 'string' && node.properties.dataChange === undefined) out.push(node);
      walk(node.children);
    }
  };
  walk(nodes);
  return out;
}

/**
 * Wraps every leaf's content of a moved section in `<ins data-move>`, so the whole section reads as arrived. The white
 * space between a container's blocks goes into the `<ins>` of the block after it (or before it, at the end), where it
 * was not already carried into one: rejecting all then leaves no text of the section here at all.
 */
function wrapMoved(node: ElementContent, changeId: string, section: SectionRedline): void {
  if (node.type !== 'element' || fullyMarked(node)) return;
  if (node.tagName === 'template') {
    // A stretch of blocks shown together (words aligned across a change of structure): each block, and the white
    // space between them, on its own.
    node.children = node.children.map((child) => (child.type === 'text' ? moveIns(changeId, section, [child]) : child));
    for (const child of node.children) if (child.type === 'element' && child.tagName !== 'ins' && child.tagName !== 'del') wrapMoved(child, changeId, section);
    return;
  }
  const unit: Unit = { lead: [], element: node, nodes: [node] };
  if (isContainer(unit)) {
    const { units, tail } = splitUnits(node.children);
    const out: ElementContent[] = [];
    let pending = '';
    let lastWithIns: ElementContent[] | undefined;
    for (const child of units) {
      pending += child.lead.map((space) => (space.type === 'text' ? space.value : '')).join('');
      let nodes: ElementContent[];
      if (child.element) {
        wrapMoved(child.element, changeId, section);
        nodes = [child.element];
      } else {
        nodes = [moveIns(changeId, section, contentOf(child)), ...marksOf(child)];
      }
      const first = firstIns(nodes, 'leading');
      if (first) {
        if (pending) first.children.unshift(text(pending));
        pending = '';
        lastWithIns = nodes;
      }
      // (a block holding only deleted text passes its white space on to the next block that shows)
      appendAll(out, nodes);
    }
    pending += tail.map((space) => (space.type === 'text' ? space.value : '')).join('');
    if (pending) {
      const last = lastWithIns && firstIns(lastWithIns, 'trailing');
      if (last) last.children.push(text(pending));
      else out.push(text(pending));
    }
    node.children = out;
    return;
  }
  const content = contentOf(unit);
  if (content.length === 0) return;
  node.children = [moveIns(changeId, section, content), ...marksOf(unit)];
}

/** The first (or last) `<ins>` in nodes, in document order. */
function firstIns(nodes: ElementContent[], where: 'leading' | 'trailing'): Element | undefined {
  const list = where === 'leading' ? nodes : [...nodes].reverse();
  for (const node of list) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'ins') return node;
    if (node.tagName === 'del') continue;
    const found = firstIns(node.children, where);
    if (found) return found;
  }
  return undefined;
}

/** Is every text of this block (whitespace too) already inside an `<ins>` (a block moved or inserted whole)? A `<del>` still needs wrapping. */
function fullyMarked(node: Element): boolean {
  let marked = false;
  const walk = (list: ElementContent[]): boolean =>
    list.every((child) => {
      if (child.type === 'text') return false;
      if (child.type !== 'element') return true;
      if (child.tagName === 'ins') return (marked = true);
      if (child.tagName === 'del') return false;
      return walk(child.children);
    });
  return walk(node.children) && marked;
}

function moveIns(changeId: string, section: SectionRedline, children: ElementContent[]): Element {
  const pair = section.heading.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ins')?.properties.dataMovePair;
  return element('ins', { dataChange: changeId, dataKind: 'move-to', dataMove: true, ...(pair ? { dataMovePair: pair } : {}) }, children);
}

/** After the first mark of each half of a move, an empty link to the other half, named by aria-label, its arrow from CSS. */
function addMoveLinks(nodes: ElementContent[] | Root['children'], redline: Redline): void {
  const changes = new Map(redline.changes.map((change) => [change.id, change]));
  // (the other half of a move "from" is where the text was: the section under its old title there)
  const titles = new Map(redline.sections.map((section) => [section.id, section.title]));
  const oldTitles = new Map(redline.sections.map((section) => [section.id, section.oldTitle ?? section.title]));
  const walk = (list: ElementContent[]) => {
    for (let k = 0; k < list.length; k++) {
      const node = list[k]!;
      if (node.type !== 'element') continue;
      const pair = node.properties.dataMovePair;
      if ((node.tagName === 'ins' || node.tagName === 'del') && typeof node.properties.id === 'string' && typeof pair === 'string' && changes.has(pair)) {
        const other = changes.get(pair)!;
        const direction = node.tagName === 'del' ? 'to' : 'from';
        const label = `Moved ${direction} ${(direction === 'from' ? oldTitles : titles).get(other.sectionId) ?? other.sectionId} (${other.id})`;
        list.splice(k + 1, 0, element('a', { className: ['redline-move-link'], href: `#${pair}`, ariaLabel: label, title: label, dataDirection: direction }, []));
        k++;
      }
      walk(node.children);
    }
  };
  walk(nodes as ElementContent[]);
}

/** Applies anchorHref to same-document links of the policy text (not to the page's own self-links). */
function resolveAnchors(nodes: ElementContent[] | Root['children'], anchorHref: (fragment: string) => string): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    if (node.tagName === 'a' && !isAnchorMark(node) && typeof node.properties.href === 'string' && node.properties.href.startsWith('#')) {
      node.properties.href = anchorHref(node.properties.href.slice(1));
    }
    resolveAnchors(node.children, anchorHref);
  }
}

/** Side by side: each top-level block becomes a row, the old version (reject all) left and the new (accept all) right. */
function toSideBySide(section: Element, labels: ColumnLabels): void {
  const rows: ElementContent[] = [];
  for (const child of section.children) {
    if (child.type !== 'element') continue;
    // (white space between blocks that only one side has is no row of its own)
    if ((child.tagName === 'ins' || child.tagName === 'del') && !textOf([child]).trim()) continue;
    const changed = hasChange(child);
    const left = changed ? keepSide(child, 'del') : withoutIds(child);
    const right = changed ? keepSide(child, 'ins') : [child];
    // (each side names its version, shown where the columns stack on a narrow screen)
    rows.push(
      element('div', { className: ['redline-row'], ...(changed ? { dataChanged: true } : {}) }, [
        element('div', { className: ['redline-old'], dataLabel: labels.old }, left),
        element('div', { className: ['redline-new'], dataLabel: labels.new }, right),
      ]),
    );
  }
  section.children = rows.flatMap((row, index) => (index ? [text('\n'), row] : [row]));
}


/**
 * One side of a changed block: the other side's marks dropped; the old side loses its page anchors (the new side has
 * them). A block only the other side has is left out (no empty bullet opposite an added list), except a table row,
 * which leaves an invisible copy of itself so the rows of both columns stay level.
 */
function keepSide(node: Element, keep: 'ins' | 'del'): ElementContent[] {
  const drop = keep === 'ins' ? 'del' : 'ins';
  const strip = (list: ElementContent[]): ElementContent[] =>
    list.flatMap((child): ElementContent[] => {
      if (child.type !== 'element') return [child];
      if (child.tagName === drop) return [];
      if (BLOCK_TAGS.has(child.tagName) && sideOf(child) === drop) return child.tagName === 'tr' ? [spacer(child, drop)] : [];
      const copy: Element = { ...child, properties: { ...child.properties }, children: strip(child.children) };
      if (keep === 'del' && child.properties.dataChange === undefined && copy.properties.id !== undefined) {
        // Kept aside: the new column has the anchor, unless only the old one has the element (a removed section).
        copy.properties.dataOldSideId = copy.properties.id;
        delete copy.properties.id;
      }
      if (keep === 'del') oldNumbering(copy);
      if (keep === 'del' && isAnchorMark(child)) return [];
      // A list item or paragraph whose whole text went to the other side leaves no empty bullet or gap on this one.
      if ((child.tagName === 'li' || child.tagName === 'p') && hasChange(child) && !visibleText(copy)) return [];
      return [copy];
    });
  return strip([node]);
}

/** Text a reader sees in a node, white space aside. */
function visibleText(node: ElementContent): boolean {
  if (node.type === 'text') return node.value.trim() !== '';
  return node.type === 'element' && node.children.some(visibleText);
}

/** In the old column, a renumbered list numbers as it did (its old `start`, no struck old numbers on its items). */
function oldNumbering(copy: Element): void {
  const { dataWasStart, dataWasNumber: _was, dataNumber: _now, ...rest } = copy.properties;
  if (dataWasStart === undefined && _was === undefined) return;
  copy.properties = rest;
  if (dataWasStart !== undefined) {
    if (Number(dataWasStart) === 1) delete copy.properties.start;
    else copy.properties.start = Number(dataWasStart);
  }
}

/**
 * An invisible stand-in for a table row the other column has: a cell for each of its cells, holding that cell's text
 * only as an attribute CSS lays out (so the row is as tall, and the column's text stays its own document's).
 */
function spacer(row: Element, side: 'ins' | 'del'): Element {
  const cells = row.children.filter((child): child is Element => child.type === 'element');
  const shown = (cell: Element) => textOf(keepSide(cell, side)).replace(/\s+/g, ' ').trim();
  return element('tr', { className: ['redline-spacer'], ariaHidden: 'true' }, cells.map((cell) => element(cell.tagName === 'th' ? 'th' : 'td', { dataSpacerText: shown(cell) }, [])));
}

/**
 * Gives back, in the old column, the anchors only the old column has (a removed section's, its paragraphs'), so the
 * summary's links and the change keys land in side by side as they do inline; the others stay the new column's.
 */
function restoreOldSideIds(nodes: ElementContent[]): void {
  const ids = new Set<string>();
  const collect = (list: ElementContent[]) => {
    for (const node of list) {
      if (node.type !== 'element') continue;
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      collect(node.children);
    }
  };
  collect(nodes);
  const restore = (list: ElementContent[]) => {
    for (const node of list) {
      if (node.type !== 'element') continue;
      const old = node.properties.dataOldSideId;
      if (old !== undefined) {
        delete node.properties.dataOldSideId;
        if (!ids.has(String(old))) {
          node.properties.id = String(old);
          ids.add(String(old));
        }
      }
      restore(node.children);
    }
  };
  restore(nodes);
}

function withoutIds(node: Element): ElementContent[] {
  return keepSide(node, 'del');
}


/** The changed details as HTML: "Version <del>3.22</del> → <ins>3.23</ins>", each a sentence a screen reader can read. */
function metadataHtml(redline: Redline): string {
  const byField = new Map(redline.metadataChanges.map((change) => [change.field, change]));
  // (a version made up from a file name is the sides' label, shown in the header, not a detail of the text)
  if (!byField.has('version') && !redline.derived?.includes('version')) byField.set('version', { field: 'version', old: redline.old.metadata.version, new: redline.new.metadata.version });
  const parts = METADATA_FIELDS.filter((field) => byField.has(field)).map((field) => {
    const change = byField.get(field)!;
    const label = METADATA_LABELS[field];
    if (change.old === change.new) return `<span class="redline-detail" data-field="${field}">${label} stays ${escapeHtml(change.new ?? '')}</span>`;
    const runs = detailRuns(change);
    if (runs.some((run) => run.kind === 'same')) {
      const marked = runs.map((run) => (run.kind === 'same' ? escapeHtml(run.text) : `<${run.kind}>${escapeHtml(run.text)}</${run.kind}>`)).join('');
      return `<span class="redline-detail" data-field="${field}" data-changed>${label} changed: ${marked}</span>`;
    }
    const old = change.old !== undefined ? `<del>${escapeHtml(change.old)}</del>` : '<span>none</span>';
    const current = change.new !== undefined ? `<ins>${escapeHtml(change.new)}</ins>` : '<span>none</span>';
    return `<span class="redline-detail" data-field="${field}" data-changed>${label} changed from ${old} to ${current}</span>`;
  });
  return parts.length ? `<p class="redline-details">${parts.join('; ')}.</p>` : '';
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The summary on top: the line, then each changed section with its counts, linked. */
function summaryHtml(redline: Redline, options: RedlineHtmlOptions): string {
  const href = options.sectionHref ?? ((id: string) => `#${id}`);
  const items = redline.summary.sections
    .filter((section) => section.status !== 'unchanged')
    .map((section) => {
      const status = section.status === 'modified' ? '' : ` <span class="redline-status" data-status="${section.status}">${section.status}</span>`;
      const link = changeLinks(redline.changes.filter((change) => change.sectionId === section.id).map((change) => change.id));
      return `<li><a href="${escapeHtml(href(section.id))}">${escapeHtml(section.title)}</a>${status} — <span class="redline-counts">${countsText(section, 'no text changes')}</span>${link}</li>`;
    });
  return [
    `<nav class="redline-summary" aria-label="Summary of changes">`,
    `<p class="redline-summary-line"><strong>${escapeHtml(summaryLine(redline))}</strong></p>`,
    metadataHtml(redline),
    items.length ? `<ul>${items.join('')}</ul>` : '',
    `</nav>`,
  ].join('');
}

/** A link to each change of a section ("changes 3 4 5"), the first few and the last when there are many. */
function changeLinks(ids: string[]): string {
  if (ids.length === 0) return '';
  const number = (id: string) => id.slice(id.lastIndexOf('-') + 1);
  const link = (id: string) => `<a href="#${id}" aria-label="Change ${number(id)}">${number(id)}</a>`;
  const shown = ids.length > 12 ? [...ids.slice(0, 10).map(link), '…', link(ids.at(-1)!)] : ids.map(link);
  return ` <span class="redline-first-change">${ids.length === 1 ? 'change' : 'changes'} ${shown.join(' ')}</span>`;
}

/** Links to the first and last change, and keys n/p (or j/k) to step through them. */
function navigationHtml(redline: Redline): string {
  if (redline.changes.length === 0) return '';
  return [
    `<p class="redline-nav">`,
    `<a href="#${redline.changes[0]!.id}" data-redline-step="first">First change</a> · `,
    `<a href="#${redline.changes.at(-1)!.id}" data-redline-step="last">Last change</a>`,
    ` <span class="redline-keys">Keys: <kbd>n</kbd>/<kbd>j</kbd> next change, <kbd>p</kbd>/<kbd>k</kbd> previous.</span>`,
    `</p>`,
  ].join('');
}

/** Steps through the changes' own anchors (an `<ins>` or `<del>` with its change id) with n/j and p/k; reading works without it. */
const NAVIGATION_SCRIPT = `(() => {
  const anchors = () => Array.from(document.querySelectorAll('[data-redline-body] :is(ins, del)[data-change][id]')).filter((node) => node.id === node.dataset.change);
  let current = -1;
  const go = (step) => {
    const list = anchors();
    if (!list.length) return;
    const hash = decodeURIComponent(location.hash.slice(1));
    const at = list.findIndex((node) => node.id === hash);
    if (at >= 0) current = at;
    current = Math.max(0, Math.min(list.length - 1, current + step));
    const target = list[current];
    history.replaceState(null, '', '#' + target.id);
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  };
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === 'n' || event.key === 'j') { go(1); event.preventDefault(); }
    else if (event.key === 'p' || event.key === 'k') { go(-1); event.preventDefault(); }
  });
})();`;

/**
 * The CSP source of the navigation script, the only script a redline carries: pages and files allow exactly this one.
 * Written out rather than computed, because this module also runs in the browser (the compare page), where node:crypto
 * does not exist; test/redline/style.test.ts holds it to the script's SHA-256.
 */
export const REDLINE_SCRIPT_HASH: `sha256-${string}` = 'sha256-8kB+XFNdzsrJwU8r72xkB1OSlqpmrq+2+wCsNGRz9pc=';

/** The navigation script itself, for the test of its hash. */
export const REDLINE_SCRIPT = NAVIGATION_SCRIPT;


/** Re-exported for tests: what "accept all" and "reject all" leave of a body. */
export { acceptAll, rejectAll };
