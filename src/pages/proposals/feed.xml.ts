/** The Atom feed of proposals only: one entry per version, dated as sent, linking to its redline against its base. */
import type { APIRoute } from 'astro';
import { sitePath } from '../../components/paths.ts';
import { currentPolicy } from '../../data/current-policy.ts';
import { siteIdentity } from '../../data/site.ts';
import { proposalEntries } from '../../data/feed.ts';
import { proposalsPath } from '../../data/proposals.ts';
import { atomDate, renderAtomFeed } from '../../lib/feed/atom.ts';

export const GET: APIRoute = async ({ site }) => {
  const policy = await currentPolicy();
  const identity = siteIdentity();
  const absolute = (path: string) => new URL(path, site).href;
  const body = renderAtomFeed({
    title: `${`${identity.organisation ?? ''} ${policy.metadata.title}`.trim()}: proposals`,
    subtitle: `Every version of every proposed change to the ${policy.metadata.title}, with its redline.`,
    id: absolute(proposalsPath()),
    self: absolute(sitePath('proposals/feed.xml')),
    alternate: absolute(proposalsPath()),
    author: identity.organisation ?? identity.name,
    fallbackUpdated: atomDate(policy.metadata.date),
    entries: await proposalEntries(absolute),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
