/** The metadata file of a proposal (`content/proposals/<slug>/proposal.yaml`): schema, reading and writing as YAML. */
import { stringify } from 'yaml';
import { z } from 'zod';
import { PolicyError } from '../errors.ts';
import { readFileIfPresent } from '../read-if-present.ts';
import { sectionIdSchema, titleSchema } from '../schema.ts';
import { firstUnsafeCharacter } from '../unsafe-text.ts';
import { parseYamlSource, validateYaml } from '../yaml-source.ts';

/** Where proposals live inside the repository. */
export const PROPOSALS_DIR = 'content/proposals';
/** Name of each proposal's metadata file. */
export const PROPOSAL_FILE = 'proposal.yaml';

/**
 * Where a proposal stands, as the maintainer records it: open, or withdrawn (by its author) or rejected. Whether it
 * was merged, and into which release, is found from the repository (see outcome.ts); "accepted" marks one accepted
 * but not yet found there.
 */
export const proposalStatusSchema = z.enum(['open', 'accepted', 'withdrawn', 'rejected']);

/** The highest round a series may be numbered (`[PATCH v999]`): far beyond any real review, and a short file name. */
export const MAX_PROPOSAL_VERSION = 999;

/** One received version of a series, as its cover letter (or single patch) describes it. */
export const proposalVersionSchema = z.strictObject({
  version: z.number().int().min(1).max(MAX_PROPOSAL_VERSION),
  /** The mbox as received, beside the metadata file. */
  file: z.string().regex(/^v\d+\.mbox$/, 'must be the stored mbox, e.g. "v2.mbox"'),
  /** Subject of the cover letter, prefix kept. */
  subject: titleSchema,
  author: z.string().refine((value) => !firstUnsafeCharacter(value), 'must hold no control or bidirectional control character'),
  email: z.string(),
  /** When it was sent, ISO 8601 with zone. */
  date: z.iso.datetime({ offset: true }),
  messageId: z.string(),
  baseCommit: z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'must be a full commit id'),
  patches: z.number().int().positive(),
  /** Link to the thread in a mail archive. */
  discussion: z.url({ protocol: /^https?$/ }).optional(),
  /** The review the thread holds: replies to this version, and their Acked-by, Reviewed-by, … trailers. */
  review: z
    .strictObject({
      replies: z.array(
        z.strictObject({
          messageId: z.string(),
          author: z.string(),
          email: z.string(),
          date: z.iso.datetime({ offset: true }),
          subject: z.string(),
          /** The patch it answers; 0 for the cover letter. */
          patch: z.number().int().nonnegative(),
          /** Its first lines of its own. */
          excerpt: z.string(),
          link: z.url({ protocol: /^https?$/ }).optional(),
        }),
      ),
      trailers: z.array(
        z.strictObject({
          kind: z.enum(['Acked-by', 'Reviewed-by', 'Tested-by', 'Nacked-by']),
          who: z.string(),
          /** The patch it is for; 0 for the cover letter (the whole series). */
          patch: z.number().int().nonnegative(),
          messageId: z.string(),
        }),
      ),
    })
    .optional(),
});

/** A proposal: its title, status, whether it only illustrates the workflow, and every version received. */
export const proposalMetadataSchema = z.strictObject({
  title: titleSchema,
  status: proposalStatusSchema,
  /** Marks a proposal shipped to show the workflow, not one under discussion. */
  example: z.boolean().optional(),
  versions: z.array(proposalVersionSchema).min(1),
});

export type ProposalStatus = z.infer<typeof proposalStatusSchema>;
export type ProposalVersion = z.infer<typeof proposalVersionSchema>;
export type ProposalMetadata = z.infer<typeof proposalMetadataSchema>;

/** A proposal slug: the same lowercase form as a section id, so it is a folder name and a URL segment. */
export const proposalSlugSchema = sectionIdSchema;

/** Reads and validates a proposal's metadata; undefined when the file does not exist; PolicyError with line numbers when invalid. */
export async function readProposalMetadata(file: string, displayPath = file): Promise<ProposalMetadata | undefined> {
  const bytes = await readFileIfPresent(file);
  if (!bytes) return undefined;
  const { value, problems } = validateYaml(parseYamlSource(bytes.toString('utf8'), displayPath), proposalMetadataSchema, displayPath, 'the proposal metadata');
  if (!value) throw new PolicyError(problems);
  return { ...value, versions: [...value.versions].sort((a, b) => a.version - b.version) };
}

/** The metadata as YAML, fields in schema order. */
export function formatProposalMetadata(metadata: ProposalMetadata): string {
  return stringify(metadata, { lineWidth: 0 });
}
