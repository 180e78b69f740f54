/** An Atom 1.0 feed (RFC 4287) as text: the feed's head and its entries, escaped, newest first, never dated by the clock. */
import { xmlSafe } from '../unsafe-text.ts';

/** One entry of a feed. */
export interface AtomEntry {
  title: string;
  /** Permanent id: the absolute URL of the page the entry stands for. */
  id: string;
  /** Absolute URL a reader opens. */
  link: string;
  /** RFC 3339 timestamp. */
  updated: string;
  summary: string;
  /** What kind of entry this is (`release`, `proposal`), so a reader can filter. */
  category?: { term: string; label: string };
}

/** The feed itself. */
export interface AtomFeed {
  title: string;
  subtitle: string;
  /** Permanent id: the absolute URL of the page that lists what the feed lists. */
  id: string;
  /** Absolute URL of the feed. */
  self: string;
  /** Absolute URL of the page that lists what the feed lists. */
  alternate: string;
  author: string;
  rights?: string;
  /** When there are no entries: the feed's date (entries date it otherwise). */
  fallbackUpdated: string;
  entries: AtomEntry[];
}

/** Escapes text for XML content and attributes; a character XML cannot hold at all becomes U+FFFD, so the feed stays well-formed. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An ISO date (YYYY-MM-DD) as an Atom timestamp at midnight UTC. */
export function atomDate(isoDate: string): string {
  return `${isoDate}T00:00:00Z`;
}

/** Sorts newest first; equal times keep their order, so a build gives the same bytes every time. */
function newestFirst(entries: AtomEntry[]): AtomEntry[] {
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.updated) }))
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Renders the feed: its `updated` is the newest entry's, so it changes only when an entry does. */
export function renderAtomFeed(feed: AtomFeed): string {
  const entries = newestFirst(feed.entries);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternate)}"/>`,
    `  <updated>${escapeXml(entries[0]?.updated ?? feed.fallbackUpdated)}</updated>`,
    `  <author><name>${escapeXml(feed.author)}</name></author>`,
    ...(feed.rights ? [`  <rights>${escapeXml(feed.rights)}</rights>`] : []),
    ...entries.flatMap((entry) => [
      '  <entry>',
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.link)}"/>`,
      `    <updated>${escapeXml(entry.updated)}</updated>`,
      ...(entry.category ? [`    <category term="${escapeXml(entry.category.term)}" label="${escapeXml(entry.category.label)}"/>`] : []),
      `    <summary>${escapeXml(entry.summary)}</summary>`,
      '  </entry>',
    ]),
    '</feed>',
    '',
  ];
  return lines.join('\n');
}
