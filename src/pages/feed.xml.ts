/** The Atom feed of releases: one entry per release, dated from the policy's metadata, never the build clock. */
import type { APIRoute } from 'astro';
import { currentPolicy } from '../data/current-policy.ts';
import { sitePath } from '../components/paths.ts';
import { historyPath, releaseChangesPath, releasePath, releaseSummaryText, siteHistory } from '../data/history.ts';

/** Escapes text for XML content and attributes. */
function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An ISO date as an Atom timestamp at midnight UTC. */
function atomTime(isoDate: string): string {
  return `${isoDate}T00:00:00Z`;
}

export const GET: APIRoute = async ({ site }) => {
  const history = await siteHistory();
  const policy = await currentPolicy();
  const absolute = (path: string) => new URL(path, site).href;
  const name = `${policy.metadata.organisation ?? ''} ${policy.metadata.title}`.trim();
  const updated = history.releases[0] ? atomTime(history.releases[0].date) : atomTime(policy.metadata.date);
  const entries = await Promise.all(
    history.releases.map(async (release) => {
      const link = release.previous ? releaseChangesPath(release.version) : releasePath(release.version);
      return [
        '  <entry>',
        `    <title>${xml(`Version ${release.version}: ${release.summary}`)}</title>`,
        `    <id>${xml(absolute(releasePath(release.version)))}</id>`,
        `    <link rel="alternate" type="text/html" href="${xml(absolute(link))}"/>`,
        `    <updated>${atomTime(release.date)}</updated>`,
        `    <summary>${xml(await releaseSummaryText(release))}</summary>`,
        '  </entry>',
      ].join('\n');
    }),
  );
  const body = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(`${name}: releases`)}</title>`,
    `  <subtitle>${xml(`Every release of the ${policy.metadata.title}, with what changed.`)}</subtitle>`,
    `  <id>${xml(absolute(historyPath()))}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(absolute(sitePath('feed.xml')))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(absolute(historyPath()))}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${xml(policy.metadata.organisation ?? policy.metadata.title)}</name></author>`,
    ...(policy.metadata.license ? [`  <rights>${xml(policy.metadata.license)}</rights>`] : []),
    ...entries,
    '</feed>',
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
