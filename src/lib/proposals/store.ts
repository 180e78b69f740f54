/** The proposals stored in a repository: each folder under content/proposals with its metadata and mbox files. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError } from '../errors.ts';
import { PROPOSAL_FILE, PROPOSALS_DIR, proposalSlugSchema, readProposalMetadata, type ProposalMetadata, type ProposalVersion } from './metadata.ts';

/** A stored proposal: its slug (the folder name) and metadata. */
export interface StoredProposal extends ProposalMetadata {
  slug: string;
}

/** Lists the proposals of `repo`, sorted by the date of their latest version, newest first. */
export async function listStoredProposals(repo: string): Promise<StoredProposal[]> {
  let names: string[];
  try {
    names = (await readdir(path.join(repo, PROPOSALS_DIR), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const proposals: StoredProposal[] = [];
  for (const slug of names.sort()) {
    const display = path.posix.join(PROPOSALS_DIR, slug, PROPOSAL_FILE);
    if (!proposalSlugSchema.safeParse(slug).success) {
      throw new PolicyError({ file: path.posix.join(PROPOSALS_DIR, slug), rule: 'proposal', message: 'is not a lowercase slug; rename the folder' });
    }
    const metadata = await readProposalMetadata(path.join(repo, PROPOSALS_DIR, slug, PROPOSAL_FILE), display);
    if (!metadata) throw new PolicyError({ file: display, rule: 'proposal', message: 'is missing; every proposal folder needs its metadata file (policy import writes it)' });
    proposals.push({ slug, ...metadata });
  }
  const latest = (proposal: StoredProposal) => proposal.versions.at(-1)!.date;
  return proposals.sort((a, b) => latest(b).localeCompare(latest(a)) || a.slug.localeCompare(b.slug));
}

/** The stored mbox of one version, as received. */
export function readVersionMbox(repo: string, slug: string, version: ProposalVersion): Promise<Buffer> {
  return readFile(path.join(repo, PROPOSALS_DIR, slug, version.file));
}
