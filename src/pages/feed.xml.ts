/** The site's Atom feed, linked from every page: every release and every proposal version, newest first. */
import type { APIRoute } from 'astro';
import { sitePath } from '../components/paths.ts';
import { currentPolicy } from '../data/current-policy.ts';
import { siteIdentity } from '../data/site.ts';
import { proposalEntries, releaseEntries } from '../data/feed.ts';
import { historyPath } from '../data/history.ts';
import { atomDate, renderAtomFeed } from '../lib/feed/atom.ts';

export const GET: APIRoute = async ({ site }) => {
  const policy = await currentPolicy();
  const identity = siteIdentity();
  const absolute = (path: string) => new URL(path, site).href;
  const [releases, proposals] = await Promise.all([releaseEntries(absolute), proposalEntries(absolute)]);
  const body = renderAtomFeed({
    title: `${`${identity.organisation ?? ''} ${policy.metadata.title}`.trim()}: releases and proposals`,
    subtitle: `Every release of the ${policy.metadata.title}, with what changed, and every version of every proposed change, with its redline.`,
    // The id the feed had when it listed releases only: feed readers keep their subscription.
    id: absolute(historyPath()),
    self: absolute(sitePath('feed.xml')),
    alternate: absolute(historyPath()),
    author: identity.organisation ?? identity.name,
    ...(identity.licence ? { rights: identity.licence.name } : {}),
    fallbackUpdated: atomDate(policy.metadata.date),
    entries: [...releases, ...proposals],
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
