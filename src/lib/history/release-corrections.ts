/**
 * The maintainer's record of releases whose text was repaired after they were made: `content/releases.yaml`.
 *
 * A release is fixed when it is made, so the only way to change what the site says about an earlier release is to
 * say so here, in a reviewed commit, with the reason. It exists for repairs of conversion damage (a reconstructed
 * history whose Markdown was broken), not for changes of policy, which belong in a new release.
 */
import { z } from 'zod';
import { readFileAtCommit } from '../git.ts';
import type { Problem } from '../errors.ts';
import { parseYamlSource, validateYaml } from '../yaml-source.ts';
import { versionSchema } from '../schema.ts';

/** Where the record lives in the repository. */
export const RELEASE_CORRECTIONS_FILE = 'content/releases.yaml';

/** One corrected release: the commit whose text is the release's text, and why. */
export interface ReleaseCorrection {
  version: string;
  /** A commit id (full or abbreviated) that the metadata at it says is `version`. */
  commit: string;
  reason: string;
}

const correctionsSchema = z.strictObject({
  corrections: z
    .record(
      versionSchema,
      z.strictObject({
        commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'must be a commit id, e.g. ea35c53696945f89'),
        reason: z.string().min(1, 'must say why the release text was repaired'),
      }),
    )
    .default({}),
});

/** Parses the text of the record; problems name the file and line. */
export function parseReleaseCorrections(text: string, file = RELEASE_CORRECTIONS_FILE): { corrections: ReleaseCorrection[]; problems: Problem[] } {
  const { value, problems } = validateYaml(parseYamlSource(text, file), correctionsSchema, file, 'the release corrections');
  const corrections = Object.entries(value?.corrections ?? {}).map(([version, entry]) => ({ version, ...entry }));
  return { corrections, problems };
}

/**
 * Reads the record at `commit`; none when the file is absent. Any other failure to read it (a missing object, say) is
 * thrown (readFileAtCommit): a build that went on without the record would publish the repaired releases at their
 * first commits.
 */
export async function readReleaseCorrections(repo: string, commit: string): Promise<{ corrections: ReleaseCorrection[]; problems: Problem[] }> {
  const text = await readFileAtCommit(repo, commit, RELEASE_CORRECTIONS_FILE);
  return text ? parseReleaseCorrections(text.toString('utf8')) : { corrections: [], problems: [] };
}
