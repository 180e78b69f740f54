/** A small SVG bar chart of releases and how much each changed, written at build time; numbers make it readable without colour. */
import type { PolicyDocument } from '../document.ts';

/** One bar: a release (or the unreleased changes) and its number of changes. */
export interface TimelinePoint {
  /** Short label under the bar ("3.23", "next"). */
  label: string;
  /** ISO date, for the accessible description. */
  date?: string;
  /** Number of changes; undefined for a release with nothing to compare to (the first). */
  changes?: number;
  /** Drawn dashed: not released yet. */
  pending?: boolean;
}

/**
 * The releases a section's chart shows: those that have the section (`id`), from the one that first had it; all of
 * them for the whole policy's chart (`id` undefined). Before its first release a section had no changes to count.
 */
export function releasesOfSection<T extends { document: PolicyDocument }>(releases: T[], id: string | undefined): T[] {
  return id === undefined ? releases : releases.filter((release) => release.document.sections.some((section) => section.id === id));
}

const BAR = 28;
const GAP = 18;
const TOP = 22;
const PLOT = 64;
const BOTTOM = 22;

/** The chart as an `<svg>` with a title and a description that say in words what the bars show. */
export function timelineSvg(points: TimelinePoint[], title: string): string {
  const most = Math.max(1, ...points.map((point) => point.changes ?? 0));
  const width = Math.max(points.length * (BAR + GAP) + GAP, 200);
  const height = TOP + PLOT + BOTTOM;
  const bars = points.map((point, index) => {
    const x = GAP + index * (BAR + GAP);
    const value = point.changes ?? 0;
    // Any change shows at least a sliver, so 1 is never mistaken for none.
    const barHeight = value === 0 ? 0 : Math.max(3, Math.round((value / most) * PLOT));
    const y = TOP + PLOT - barHeight;
    const count = point.changes === undefined ? '–' : String(value);
    const bar = barHeight
      ? `<rect class="timeline-bar${point.pending ? ' timeline-pending' : ''}" x="${x}" y="${y}" width="${BAR}" height="${barHeight}"/>`
      : '';
    return [
      bar,
      `<text class="timeline-count" x="${x + BAR / 2}" y="${y - 6}" text-anchor="middle">${count}</text>`,
      `<text class="timeline-label" x="${x + BAR / 2}" y="${TOP + PLOT + 16}" text-anchor="middle">${escapeXml(point.label)}</text>`,
    ].join('');
  });
  const description = points
    .map((point) => `${point.pending ? 'unreleased' : `version ${point.label}`}${point.date ? ` (${point.date})` : ''}: ${point.changes === undefined ? 'first release' : `${point.changes} ${point.changes === 1 ? 'change' : 'changes'}`}`)
    .join('; ');
  return [
    `<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="timeline-title">${escapeXml(title)}</title>`,
    `<desc id="timeline-desc">${escapeXml(description)}.</desc>`,
    `<line class="timeline-axis" x1="0" y1="${TOP + PLOT + 0.5}" x2="${width}" y2="${TOP + PLOT + 0.5}"/>`,
    ...bars,
    `</svg>`,
  ].join('');
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
