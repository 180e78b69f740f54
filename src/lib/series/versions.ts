/**
 * Remembers each version of a series as b4 prep does: an annotated tag `policy-series/<branch>/v<N>` on the
 * branch tip, whose message carries the base commit and the cover letter's Message-Id as trailers.
 */
import { git, gitText } from '../git.ts';

/** Where the tags of a branch's series live. */
export const SERIES_TAG_PREFIX = 'policy-series';

/** A version made earlier. */
export interface SeriesVersion {
  version: number;
  tag: string;
  /** The branch tip the version was made from. */
  tip: string;
  base: string;
  coverMessageId?: string;
  title?: string;
  /** Recipients it was addressed to, so the next version goes to the same people. */
  to?: string[];
  cc?: string[];
}

/** The tag name of version `version` of `branch`'s series. */
export function seriesTag(branch: string, version: number): string {
  return `${SERIES_TAG_PREFIX}/${branch}/v${version}`;
}

/** Every version recorded for `branch`, oldest first. */
export async function listSeriesVersions(repo: string, branch: string): Promise<SeriesVersion[]> {
  const prefix = `refs/tags/${SERIES_TAG_PREFIX}/${branch}/`;
  const output = await gitText(['for-each-ref', '--format=%(refname)%00%(*objectname)%00%(contents:trailers:only,unfold)%00', prefix], { cwd: repo });
  const fields = output.split('\0');
  const versions: SeriesVersion[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const ref = fields[i]!.replace(/^\n/, '');
    const version = /\/v(\d+)$/.exec(ref)?.[1];
    if (!version || ref.slice(prefix.length) !== `v${version}`) continue;
    const all = readTrailers(fields[i + 2]!);
    const trailers = Object.fromEntries(Object.entries(all).map(([key, values]) => [key, values[0]!]));
    if (!trailers['base-commit']) continue;
    versions.push({
      version: Number(version),
      tag: ref.slice('refs/tags/'.length),
      tip: fields[i + 1]!,
      base: trailers['base-commit'],
      ...(trailers['cover-message-id'] ? { coverMessageId: trailers['cover-message-id'] } : {}),
      ...(trailers['series-title'] ? { title: trailers['series-title'] } : {}),
      ...(all['series-to'] ? { to: all['series-to'] } : {}),
      ...(all['series-cc'] ? { cc: all['series-cc'] } : {}),
    });
  }
  return versions.sort((a, b) => a.version - b.version);
}

/** Records a version: an annotated tag on `tip` (replacing an earlier tag of the same version). */
export async function recordSeriesVersion(repo: string, branch: string, made: Omit<SeriesVersion, 'tag'>): Promise<string> {
  const tag = seriesTag(branch, made.version);
  const message = [
    `policy series ${branch} v${made.version}`,
    '',
    `Series-Title: ${made.title ?? ''}`,
    `Base-Commit: ${made.base}`,
    ...(made.coverMessageId ? [`Cover-Message-Id: ${made.coverMessageId}`] : []),
    ...(made.to ?? []).map((address) => `Series-To: ${address}`),
    ...(made.cc ?? []).map((address) => `Series-Cc: ${address}`),
    '',
  ].join('\n');
  await git(['tag', '--annotate', '--force', '--file=-', tag, made.tip], { cwd: repo, input: message });
  return tag;
}

/** Trailers by lower-case key, each with all its values in order. */
function readTrailers(text: string): Record<string, string[]> {
  const trailers: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (match) (trailers[match[1]!.toLowerCase()] ??= []).push(match[2]!.trim());
  }
  return trailers;
}
