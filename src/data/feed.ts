/** The site's feed entries: each release with what changed, and each version of each proposal. */
import type { AtomEntry } from '../lib/feed/atom.ts';
import { atomDate } from '../lib/feed/atom.ts';
import { releaseChangesPath, releasePath, releaseSummaryText, siteHistory } from './history.ts';
import { proposalFeedEntries } from './proposals.ts';

/** Makes a site path absolute against the site's URL. */
type Absolute = (path: string) => string;

/** One entry per release: it stands for the release page and opens its redline against the release before. */
export async function releaseEntries(absolute: Absolute): Promise<AtomEntry[]> {
  const history = await siteHistory();
  return Promise.all(
    history.releases.map(async (release) => ({
      title: `Version ${release.version}: ${release.summary}`,
      id: absolute(releasePath(release.version)),
      link: absolute(release.previous ? releaseChangesPath(release.version) : releasePath(release.version)),
      updated: atomDate(release.date),
      summary: await releaseSummaryText(release),
      category: { term: 'release', label: 'Release' },
    })),
  );
}

/** One entry per version of each proposal, dated as sent, opening its redline against its base. */
export async function proposalEntries(absolute: Absolute): Promise<AtomEntry[]> {
  return (await proposalFeedEntries()).map((entry) => ({
    title: entry.title,
    id: absolute(entry.path),
    link: absolute(entry.path),
    updated: entry.updated,
    summary: entry.summary,
    category: { term: 'proposal', label: 'Proposal' },
  }));
}
