/**
 * Finds the releases of the policy in git history.
 *
 * A release of version V is the newest commit on the first-parent history of the starting revision
 * that touches the policy files (content/policy.yaml or content/policy/) while content/policy.yaml
 * says `version: V`. Commits that touch nothing of the policy (code, docs) never define a release,
 * so a release's commit stays the same however much code is committed after it. A tag
 * `policy-v<V>` may name the same commit; a tag that names another commit is reported, not obeyed.
 */
import type { PolicyMetadata } from '../document.ts';
import { git, gitText, resolveCommit } from '../git.ts';
import { parseMetadataFile, POLICY_LAYOUT } from '../load/parse.ts';
import type { JsonCache } from './cache.ts';
import { assertFullHistory } from './shallow.ts';

/** The tag that names the release of `version`. */
export function releaseTag(version: string): string {
  return `policy-v${version}`;
}

/** One release: a version and the commit that holds it. */
export interface Release {
  version: string;
  /** Full id of the release commit. */
  commit: string;
  /** The policy's effective date at that commit (metadata `date`, ISO). */
  date: string;
  /** Subject line of the release commit. */
  subject: string;
  /** Commit date of the release commit, ISO 8601, from git (never the build clock). */
  committed: string;
  /** The tag `policy-v<version>`, when it names this commit. */
  tag?: string;
}

/** The releases, newest first, and anything odd found on the way (e.g. a misplaced tag). */
export interface ReleaseList {
  releases: Release[];
  warnings: string[];
}

/** A commit that touches the policy files, as `git log` lists it. */
interface PolicyCommit {
  commit: string;
  committed: string;
  subject: string;
}

/** Lists the first-parent commits from `head` that touch the policy files, newest first. */
async function policyCommits(repo: string, head: string): Promise<PolicyCommit[]> {
  const { stdout } = await git(
    ['log', '--first-parent', '-z', '--format=%H%x1f%cI%x1f%s', head, '--', POLICY_LAYOUT.metadataFile, POLICY_LAYOUT.sectionsDir],
    { cwd: repo },
  );
  return stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const [commit, committed, subject] = record.replace(/^\n/, '').split('\x1f') as [string, string, string];
      return { commit, committed, subject };
    });
}

/** Reads `content/policy.yaml` at each commit in one `git cat-file --batch`; a commit without a valid file maps to undefined. */
async function metadataAt(repo: string, commits: string[]): Promise<Map<string, PolicyMetadata | undefined>> {
  const result = new Map<string, PolicyMetadata | undefined>();
  if (commits.length === 0) return result;
  const { stdout } = await git(['cat-file', '--batch'], { cwd: repo, input: commits.map((commit) => `${commit}:${POLICY_LAYOUT.metadataFile}\n`).join('') });
  let offset = 0;
  for (const commit of commits) {
    const newline = stdout.indexOf(0x0a, offset);
    const header = stdout.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    if (header.endsWith(' missing')) {
      result.set(commit, undefined);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const text = stdout.subarray(offset, offset + size).toString('utf8');
    offset += size + 1;
    result.set(commit, parseMetadataFile({ path: POLICY_LAYOUT.metadataFile, text }).metadata);
  }
  return result;
}

/** Maps each commit named by a `policy-v*` tag to that tag (annotated tags peeled to their commit). */
async function releaseTags(repo: string): Promise<Map<string, string[]>> {
  const text = await gitText(['for-each-ref', '--format=%(refname:short)%00%(objectname)%00%(*objectname)', 'refs/tags/policy-v*'], { cwd: repo });
  const byCommit = new Map<string, string[]>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [name, object, peeled] = line.split('\0') as [string, string, string];
    const commit = peeled || object;
    byCommit.set(commit, [...(byCommit.get(commit) ?? []), name]);
  }
  return byCommit;
}

/** Options of findReleases. */
export interface FindReleasesOptions {
  /** Where to start walking; HEAD by default. */
  revision?: string;
  /** Keeps each commit's metadata, so a rebuild reads only new commits. */
  cache?: JsonCache;
}

/** Finds every release reachable from `revision` by first parents, newest first; refuses a shallow clone. */
export async function findReleases(repo: string, options: FindReleasesOptions = {}): Promise<ReleaseList> {
  await assertFullHistory(repo);
  const head = await resolveCommit(repo, options.revision ?? 'HEAD');
  const commits = await policyCommits(repo, head);
  const metadata = await cachedMetadata(repo, commits.map((entry) => entry.commit), options.cache);
  const tags = await releaseTags(repo);
  const warnings: string[] = [];
  const releases: Release[] = [];
  const seen = new Map<string, Release>();
  let previousVersion: string | undefined;
  for (const entry of commits) {
    const meta = metadata.get(entry.commit);
    if (!meta) continue;
    const known = seen.get(meta.version);
    if (known) {
      if (previousVersion !== meta.version) {
        warnings.push(`version ${meta.version} appears again at ${entry.commit.slice(0, 12)}, before another version; the newer commit ${known.commit.slice(0, 12)} is its release`);
      }
    } else {
      const tag = releaseTag(meta.version);
      const release: Release = { version: meta.version, commit: entry.commit, date: meta.date, subject: entry.subject, committed: entry.committed };
      if (tags.get(entry.commit)?.includes(tag)) release.tag = tag;
      seen.set(meta.version, release);
      releases.push(release);
    }
    previousVersion = meta.version;
  }
  for (const [commit, names] of tags) {
    for (const name of names) {
      const release = seen.get(name.slice('policy-v'.length));
      if (release && release.commit !== commit) {
        warnings.push(`tag ${name} names ${commit.slice(0, 12)}, but the release of that version is ${release.commit.slice(0, 12)} (the last commit with that version); move the tag or ignore this`);
      }
    }
  }
  return { releases, warnings };
}

/** The metadata of each commit, from the cache where possible; one git process for the rest. */
async function cachedMetadata(repo: string, commits: string[], cache: JsonCache | undefined): Promise<Map<string, PolicyMetadata | undefined>> {
  if (!cache) return metadataAt(repo, commits);
  const result = new Map<string, PolicyMetadata | undefined>();
  const missing: string[] = [];
  for (const commit of commits) {
    const stored = cache.peek<{ metadata: PolicyMetadata | null }>('metadata', commit);
    if (stored) result.set(commit, stored.metadata ?? undefined);
    else missing.push(commit);
  }
  const read = await metadataAt(repo, missing);
  for (const [commit, meta] of read) {
    result.set(commit, meta);
    cache.put('metadata', commit, { metadata: meta ?? null });
  }
  return result;
}
