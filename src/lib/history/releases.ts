/**
 * Finds the releases of the policy in git history.
 *
 * A release is fixed when it is made. The release of version V is, in this order of precedence:
 * 1. the commit named for V in content/releases.yaml, the maintainer's record of repaired releases;
 * 2. the commit the tag `policy-v<V>` names (annotated tags peeled), when the policy there says V;
 * 3. the first commit on the first-parent history of the starting revision whose content/policy.yaml says
 *    `version: V` (the commit that set the version, whether made by `policy release`, a merge or a fast-forward).
 * Commits made after a release never change it: they belong to the next release and, until it is made, are the
 * unreleased changes. Where a tag's text disagrees with the first commit's, the tag wins and a warning names the fix.
 */
import type { PolicyMetadata } from '../document.ts';
import { formatProblem } from '../errors.ts';
import { git, gitText } from '../git.ts';
import { parseMetadataFile, POLICY_LAYOUT } from '../load/parse.ts';
import type { JsonCache } from './cache.ts';
import { readReleaseCorrections, RELEASE_CORRECTIONS_FILE } from './release-corrections.ts';
import { policyChanges } from './policy-files.ts';
import { resolveInFullHistory } from './shallow.ts';

/** The tag that names the release of `version`. */
export function releaseTag(version: string): string {
  return `policy-v${version}`;
}

/** One release: a version and the commit whose policy text is that release. */
export interface Release {
  version: string;
  /** Full id of the release commit. */
  commit: string;
  /** The policy's effective date at that commit (metadata `date`, ISO). */
  date: string;
  /** Subject line of the commit that set the version (`entry`). */
  subject: string;
  /** Commit date of the commit that set the version, ISO 8601, from git (never the build clock). */
  committed: string;
  /** The tag `policy-v<version>`, when it names this commit. */
  tag?: string;
  /** The first commit on the first-parent history whose metadata says this version: where the release entered it. */
  entry: string;
  /** Why `commit` is the release: it set the version, its tag names it, or the record of repaired releases does. */
  source: ReleaseSource;
  /** The reason the record of repaired releases gives, when it chose `commit` (source `correction`). */
  repairReason?: string;
}

/** Why a commit is a release (see the module comment for the precedence). */
export type ReleaseSource = 'first-commit' | 'tag' | 'correction';

/** The releases, newest first, and anything odd found on the way (e.g. a misplaced tag). */
export interface ReleaseList {
  /** The commit the releases were found from (the revision asked for, resolved). */
  head: string;
  releases: Release[];
  warnings: string[];
}

/** A commit that touches the policy files, as `git log` lists it. */
interface PolicyCommit {
  commit: string;
  committed: string;
  subject: string;
}

/** The first-parent commits up to `head` that change the policy files, oldest first. */
async function policyCommits(repo: string, head: string): Promise<PolicyCommit[]> {
  return (await policyChanges(repo, head)).filter((entry) => entry.changes.length > 0).map(({ commit, committed, subject }) => ({ commit, committed, subject }));
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

/** Maps each `policy-v*` tag to the commit it names (annotated tags peeled to their commit). */
async function releaseTags(repo: string): Promise<Map<string, string>> {
  const text = await gitText(['for-each-ref', '--format=%(refname:short)%00%(objectname)%00%(*objectname)', 'refs/tags/policy-v*'], { cwd: repo });
  const tags = new Map<string, string>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [name, object, peeled] = line.split('\0') as [string, string, string];
    tags.set(name, peeled || object);
  }
  return tags;
}

/** Options of findReleases. */
export interface FindReleasesOptions {
  /** Where to start walking; HEAD by default. */
  revision?: string;
  /** Keeps each commit's metadata, so a rebuild reads only new commits. */
  cache?: JsonCache;
}

/** The policy files, as paths for git; what a release's text is made of. */
export const POLICY_PATHS = [POLICY_LAYOUT.metadataFile, POLICY_LAYOUT.sectionsDir];

/** Finds every release reachable from `revision` by first parents, newest first; refuses a shallow clone. */
export async function findReleases(repo: string, options: FindReleasesOptions = {}): Promise<ReleaseList> {
  const head = await resolveInFullHistory(repo, options.revision ?? 'HEAD');
  const commits = await policyCommits(repo, head);
  const metadata = await cachedMetadata(repo, commits.map((entry) => entry.commit), options.cache);
  const warnings: string[] = [];
  // The first commit of each version, oldest first: where the version was set.
  const firsts = new Map<string, PolicyCommit>();
  let current: string | undefined;
  for (const entry of commits) {
    const meta = metadata.get(entry.commit);
    if (!meta || meta.version === current) continue;
    const known = firsts.get(meta.version);
    if (known) warnings.push(`version ${meta.version} is set again at ${short(entry.commit)}, after version ${current}; its release stays ${short(known.commit)}, where it was first set`);
    else firsts.set(meta.version, entry);
    current = meta.version;
  }
  const chosen = await chooseReleaseCommits(repo, head, firsts, metadata, options.cache, warnings);
  const releases = [...firsts].reverse().map(([version, first]): Release => {
    const choice = chosen.get(version)!;
    const release: Release = { version, commit: choice.commit, date: choice.metadata.date, subject: first.subject, committed: first.committed, entry: first.commit, source: choice.source };
    if (choice.tag) release.tag = choice.tag;
    if (choice.repairReason) release.repairReason = choice.repairReason;
    return release;
  });
  return { head, releases, warnings };
}

/** A commit id as people read it. */
function short(commit: string): string {
  return commit.slice(0, 12);
}

/** The commit chosen as a version's release, and why. */
interface ReleaseChoice {
  version: string;
  commit: string;
  metadata: PolicyMetadata;
  source: ReleaseSource;
  tag?: string;
  /** The record's reason, when it chose the commit. */
  repairReason?: string;
}

/** Applies the record of repaired releases and the tags over the first commits; warns where they disagree. */
async function chooseReleaseCommits(
  repo: string,
  head: string,
  firsts: Map<string, PolicyCommit>,
  metadata: Map<string, PolicyMetadata | undefined>,
  cache: JsonCache | undefined,
  warnings: string[],
): Promise<Map<string, ReleaseChoice>> {
  const tags = await releaseTags(repo);
  const { corrections, problems } = await readReleaseCorrections(repo, head);
  for (const problem of problems) warnings.push(`${formatProblem(problem)}; the record is ignored`);
  // Tags name full commit ids already; a recorded id may be abbreviated.
  const resolved = new Map<string, string>([...tags.values()].map((commit) => [commit, commit]));
  for (const { commit: name } of corrections) {
    const commit = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], { cwd: repo, okCodes: [1] });
    if (commit.code === 0) resolved.set(name, commit.stdout.toString('utf8').trim());
  }
  const named = [...new Set(resolved.values())].filter((commit) => !metadata.has(commit));
  const otherMetadata = new Map([...metadata, ...(await cachedMetadata(repo, named, cache))]);
  const choices = new Map<string, ReleaseChoice>();
  for (const [version, first] of firsts) {
    const firstChoice: ReleaseChoice = { version, commit: first.commit, metadata: otherMetadata.get(first.commit)!, source: 'first-commit' };
    /** Whether `commit` can stand for `version`: in the history, and the policy there says that version; else a warning ending in `fix`. */
    const valid = async (commit: string | undefined, what: string, fix: string): Promise<PolicyMetadata | undefined> => {
      let problem: string | undefined;
      const meta = commit ? otherMetadata.get(commit) : undefined;
      if (!commit) problem = 'no commit of this repository';
      else if (meta?.version !== version) problem = `${short(commit)}, where the policy says version ${meta?.version ?? '(none)'}, not ${version}`;
      else if ((await git(['merge-base', '--is-ancestor', commit, head], { cwd: repo, okCodes: [1] })).code !== 0) problem = `${short(commit)}, which is not in the history being published`;
      if (!problem) return meta;
      warnings.push(`${what} names ${problem}; it is ignored. ${fix}`);
      return undefined;
    };
    let choice = firstChoice;
    const correction = corrections.find((entry) => entry.version === version);
    if (correction) {
      const commit = resolved.get(correction.commit);
      const meta = await valid(commit, `${RELEASE_CORRECTIONS_FILE} for version ${version}`, `Name a commit of version ${version} there, or remove the entry.`);
      if (meta) choice = { version, commit: commit!, metadata: meta, source: 'correction', repairReason: correction.reason };
    }
    const tag = releaseTag(version);
    const tagged = tags.get(tag);
    if (tagged) {
      const commit = resolved.get(tagged);
      if (commit === choice.commit) choice = { ...choice, tag };
      else if (choice.source === 'first-commit') {
        const meta = await valid(commit, `tag ${tag}`, `Move the tag to the release: git tag -f ${tag} ${short(first.commit)}`);
        if (meta) {
          if (await samePolicy(repo, commit!, first.commit)) choice = { ...choice, tag };
          else {
            warnings.push(
              `tag ${tag} names ${short(commit!)}, but version ${version} was first set at ${short(first.commit)} and the policy text differs; ` +
                `the tag wins. If ${short(first.commit)} is the release, move the tag: git tag -f ${tag} ${short(first.commit)}`,
            );
            choice = { version, commit: commit!, metadata: meta, source: 'tag', tag };
          }
        }
      } else if (commit && !(await samePolicy(repo, commit, choice.commit))) {
        warnings.push(`tag ${tag} names ${short(commit)}, but ${RELEASE_CORRECTIONS_FILE} records ${short(choice.commit)} as release ${version}; the record wins. Move the tag: git tag -f ${tag} ${short(choice.commit)}`);
      }
    }
    choices.set(version, choice);
  }
  return choices;
}

/** Whether the policy files are the same at two commits. */
export async function samePolicy(repo: string, a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const diff = await git(['diff', '--quiet', a, b, '--', ...POLICY_PATHS], { cwd: repo, okCodes: [1] });
  return diff.code === 0;
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
