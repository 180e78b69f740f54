/**
 * Release names wherever a revision is accepted: `3.23`, `v3.23` and `policy-v3.23` name the release of 3.23, found
 * in the history by the same rule as the site (findReleases), so no tag is needed.
 */
import { UsageError } from '../errors.ts';
import { resolveCommit } from '../git.ts';
import { compareVersions } from '../lint/change-history.ts';
import { findReleases, type Release } from './releases.ts';

const RELEASE_NAME = /^(?:policy-v|v)?(\d+(?:\.\d+)*)$/;

/** The version a name such as `3.23`, `v3.23` or `policy-v3.23` stands for, or undefined for any other name. */
export function releaseNameVersion(name: string): string | undefined {
  return RELEASE_NAME.exec(name)?.[1];
}

/** The known releases as a phrase for an error message: "3.23, 3.22 and 3.21", or a sentence saying there are none. */
export function knownReleasesPhrase(releases: Release[]): string {
  if (releases.length === 0) return 'this repository has no release yet (no commit sets a version in content/policy.yaml)';
  const versions = releases.map((release) => release.version);
  const listed = versions.length > 12 ? [...versions.slice(0, 12), `${versions.length - 12} older`] : versions;
  return `known releases: ${listed.length > 1 ? `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}` : listed[0]}`;
}

/**
 * The release that `name` names in the repository at `repo`, reachable from HEAD; undefined when `name` is no release
 * name. Throws a UsageError listing the known releases when it looks like one but there is no such release.
 */
export async function findNamedRelease(repo: string, name: string): Promise<Release | undefined> {
  const version = releaseNameVersion(name);
  if (version === undefined) return undefined;
  const { releases } = await findReleases(repo);
  // As written, else the one release whose numbers are the same ("2019.3.4" for 2019.03.04, as a date is typed).
  const same = releases.filter((candidate) => compareVersions(candidate.version, version) === 0);
  const release = releases.find((candidate) => candidate.version === version) ?? (same.length === 1 ? same[0] : undefined);
  if (!release) throw new UsageError(`no release ${version} in the history of HEAD; ${knownReleasesPhrase(releases)}`);
  return release;
}

/** The known releases phrase for `repo`, or '' when the history cannot be read (not a repository, a shallow clone). */
export async function knownReleasesOf(repo: string): Promise<string> {
  try {
    return knownReleasesPhrase((await findReleases(repo)).releases);
  } catch {
    return '';
  }
}

/**
 * The commit `name` names in the repository at `repo`, and whether it named a release: a release by its name
 * (findNamedRelease) or any git revision (resolveCommit). The error for an unknown revision lists the known releases,
 * which may be what was meant.
 */
export async function resolvePolicyRevision(repo: string, name: string): Promise<{ commit: string; release: boolean }> {
  const release = await findNamedRelease(repo, name);
  if (release) return { commit: release.commit, release: true };
  try {
    return { commit: await resolveCommit(repo, name), release: false };
  } catch (error) {
    if (!(error instanceof UsageError) || !error.message.startsWith('unknown revision')) throw error;
    const known = await knownReleasesOf(repo);
    throw known ? new UsageError(`${error.message}; or name a release (${known})`) : error;
  }
}
