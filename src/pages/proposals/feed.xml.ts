/**
 * The Atom feed of proposals: one entry per version, dated as sent, linking to its redline against its base.
 * The site's main feed (src/pages/feed.xml.ts) lists releases; it can add these entries from proposalFeedEntries().
 */
import type { APIRoute } from 'astro';
import { currentPolicy } from '../../data/current-policy.ts';
import { proposalFeedEntries, proposalsPath } from '../../data/proposals.ts';
import { sitePath } from '../../components/paths.ts';

/** Escapes text for XML content and attributes. */
function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const GET: APIRoute = async ({ site }) => {
  const policy = await currentPolicy();
  const entries = await proposalFeedEntries();
  const absolute = (path: string) => new URL(path, site).href;
  const name = `${policy.metadata.organisation ?? ''} ${policy.metadata.title}`.trim();
  // Dated by the newest version sent (or the policy's own date when there is none), never the build clock.
  const updated = entries[0]?.updated ?? `${policy.metadata.date}T00:00:00Z`;
  const body = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(`${name}: proposals`)}</title>`,
    `  <subtitle>${xml(`Every version of every proposed change to the ${policy.metadata.title}, with its redline.`)}</subtitle>`,
    `  <id>${xml(absolute(proposalsPath()))}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(absolute(sitePath('proposals/feed.xml')))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(absolute(proposalsPath()))}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(policy.metadata.organisation ?? policy.metadata.title)}</name></author>`,
    ...entries.map((entry) =>
      [
        '  <entry>',
        `    <title>${xml(entry.title)}</title>`,
        `    <id>${xml(absolute(entry.path))}</id>`,
        `    <link rel="alternate" type="text/html" href="${xml(absolute(entry.path))}"/>`,
        `    <updated>${entry.updated}</updated>`,
        `    <summary>${xml(entry.summary)}</summary>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
