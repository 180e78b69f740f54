/** The site's feed entries: each release with what changed, and each version of each proposal. */
import type { AtomEntry } from '../lib/feed/atom.ts';
import { atomDate } from '../lib/feed/atom.ts';
import { releaseChangesPath, releasePath, releaseSummaryText, siteHistory } from './history.ts';
import { allProposalVersions, baseLabel, outcomeText, proposalBase, proposalRedline, proposalVersionPath, siteProposalOutcome, siteProposalVersion } from './proposals.ts';

/** Makes a site path absolute against the site's URL. */
type Absolute = (path: string) => string;

/** One entry per release (renderAtomFeed orders all entries): it stands for the release page and opens its redline against the release before. */
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
  const entries: AtomEntry[] = [];
  for (const { slug, version } of await allProposalVersions()) {
    const entry = await siteProposalVersion(slug, version);
    const { summary } = await proposalRedline(entry, { against: 'base' });
    const sections = summary.sections.filter((section) => section.status !== 'unchanged').map((section) => section.title);
    const link = absolute(proposalVersionPath(slug, version));
    entries.push({
      title: `Proposal: ${entry.proposal.title} (v${version}, ${version < entry.latest.version ? `superseded by v${entry.latest.version}` : outcomeText(await siteProposalOutcome(slug))})`,
      id: link,
      link,
      updated: entry.meta.date,
      summary: `${entry.meta.author} proposes ${summary.changes} ${summary.changes === 1 ? 'change' : 'changes'} to ${baseLabel(await proposalBase(entry))}${sections.length ? ` in ${sections.join(', ')}` : ''}, in ${entry.meta.patches} ${entry.meta.patches === 1 ? 'patch' : 'patches'}.`,
      category: { term: 'proposal', label: 'Proposal' },
    });
    const review = entry.meta.review;
    if (review?.replies.length) {
      // A proposal gains a review: one entry per version reviewed, dated by its latest reply.
      const latest = review.replies.map((reply) => reply.date).sort().at(-1)!;
      const counts = ['Acked-by', 'Reviewed-by', 'Tested-by', 'Nacked-by'].map((kind) => [kind, review.trailers.filter((trailer) => trailer.kind === kind).length] as const).filter(([, count]) => count > 0);
      entries.push({
        title: `Review: ${entry.proposal.title} (v${version}), ${review.replies.length} ${review.replies.length === 1 ? 'reply' : 'replies'}`,
        id: `${link}#review-title`,
        link: `${link}#review-title`,
        updated: latest,
        summary: `${[...new Set(review.replies.map((reply) => reply.author || reply.email))].join(', ')} replied on the list${counts.length ? `: ${counts.map(([kind, count]) => `${count} ${kind}`).join(', ')}` : ''}.`,
        category: { term: 'review', label: 'Review' },
      });
    }
  }
  return entries;
}
