/** Decides what series to make, before anything is written: branch, version, base, commits (checked), recipients and cover text. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError, UsageError } from '../errors.ts';
import { checkedOutBranch, commitIdentity, git, gitText, resolveCommit } from '../git.ts';
import { checkPolicyOnly, checkSignOffs, checkWhitespace } from './checks.ts';
import { settleLater } from '../promise-memo.ts';
import { commonGitDir } from '../scratch-repository.ts';
import { DEFAULT_MAX_MAIL_BYTES } from './mail-checks.ts';
import { listSeriesCommits, type SeriesCommit } from './commits.ts';
import { splitCoverText } from './cover-letter.ts';
import { rangeDiff, type PatchChange } from './range-diff.ts';
import { siteUrl } from './site-url.ts';
import { listSeriesVersions, type SeriesVersion } from './versions.ts';
import { proposalSlug } from '../slug.ts';

/** What to make. */
export interface SeriesOptions {
  /** Any folder inside the repository. */
  cwd: string;
  /** The commit the series applies to; default: the previous version's base, else the upstream, else main. */
  base?: string;
  /** Version number; default: the last version + 1 (or the same one when the branch has not moved). */
  version?: number;
  /** Recipients; default: those of the previous version. */
  to?: string[];
  cc?: string[];
  /** The To of a first version made without `to` (the site's list). */
  defaultTo?: string[];
  /** Output folder; default `outgoing/<branch>/v<N>` at the repository root. */
  outputDir?: string;
  /** File with the title (first paragraph) and blurb; default: the branch description. */
  coverFile?: string;
  /** Thread this version as a reply to the previous version's cover letter. */
  inReplyTo?: boolean;
  /** Refuse commits without the author's Signed-off-by (default true). */
  signoffCheck?: boolean;
  /** Attach the HTML redline to the cover letter (default: link the site's proposal page instead). */
  attachRedline?: boolean;
  /** The largest mail the list accepts, in bytes (default 40 KB, Mailman's default). */
  maxMailBytes?: number;
  /** The published site's root, linked for the whole redline; default from SITE_URL or astro.config.mjs (site-url.ts). */
  siteUrl?: string;
  /** The proposal's slug on the site, as policy import will store it; default: from the title. */
  proposal?: string;
}

/** A series that passed its checks, ready to be written. */
export interface SeriesPlan {
  repo: string;
  /** The repository's common git folder, absolute (its object store is there). */
  commonDir: string;
  branch: string;
  tip: string;
  base: string;
  version: number;
  /** All versions made before, oldest first. */
  versions: SeriesVersion[];
  /** The latest version before this one, if any. */
  previous?: SeriesVersion;
  commits: SeriesCommit[];
  to: string[];
  cc: string[];
  title: string;
  blurb: string;
  /** The Message-Id to reply to (the previous cover letter), when asked. */
  inReplyTo?: string;
  /** From v2 on: the range-diff against the previous version, and its patch count. */
  changes?: { version: number; total: number; patches: PatchChange[] };
  attachRedline: boolean;
  maxMailBytes: number;
  /** The published site's root, when known. */
  siteUrl?: string;
  /** The proposal's slug on the site. */
  proposal: string;
}

/** Works out and checks the series; throws PolicyError (exit 2) for a refusal and UsageError (exit 2) for a bad request. */
export async function planSeries(options: SeriesOptions): Promise<SeriesPlan> {
  const { repo, commonDir, branch, tip } = await locateBranch(options.cwd);
  // What does not depend on the commits is asked of git while they are listed and checked (awaited in turn below, so
  // a refusal of the commits is still what is said first).
  const coverSource = settleLater(options.coverFile ? readCoverFile(options.coverFile) : branchDescription(repo, branch));
  // The cover letter is from the user, and the version is remembered in a tag of theirs: both need git to know them.
  const identity = settleLater(commitIdentity(repo));
  const versions = await listSeriesVersions(repo, branch);
  const version = chooseVersion(options.version, versions, tip);
  const previous = versions.filter((made) => made.version < version).at(-1);
  // What this version was made from before (when it is made again), else the version before it.
  const earlier = versions.find((made) => made.version === version) ?? previous;
  const base = await chooseBase(repo, branch, tip, options.base, earlier);

  const commits = await listSeriesCommits(repo, base, tip);
  if (commits.length === 0) throw new UsageError(`the branch "${branch}" has no commits since its base ${base.slice(0, 7)}; commit the change first, or name another base with --base REV`);
  const [paths, whitespace] = await Promise.all([checkPolicyOnly(repo, commits, base), checkWhitespace(repo, commits, base)]);
  const problems = [...paths, ...whitespace, ...(options.signoffCheck === false ? [] : checkSignOffs(commits))];
  if (problems.length) throw new PolicyError(problems);
  await identity;

  const patchesAsked = settleLater(previous ? rangeDiff(repo, `${previous.base}..${previous.tip}`, `${base}..${tip}`) : Promise.resolve(undefined));
  const { title, blurb } = coverText(await coverSource, branch, earlier?.title);
  if (options.inReplyTo && !previous?.coverMessageId) throw new UsageError(`--in-reply-to threads v${version} under the cover letter of the previous version, but this branch has no earlier version`);
  const site = options.siteUrl ?? (await siteUrl(repo));
  const patches = await patchesAsked;
  return {
    repo,
    commonDir,
    branch,
    tip,
    base,
    version,
    versions,
    ...(previous ? { previous } : {}),
    commits,
    // Recipients as given, else those of the version made before (as b4 prep keeps them).
    to: options.to?.length ? options.to : earlier?.to?.length ? earlier.to : (options.defaultTo ?? []),
    cc: options.cc?.length ? options.cc : (earlier?.cc ?? []),
    title,
    blurb,
    ...(options.inReplyTo && previous?.coverMessageId ? { inReplyTo: previous.coverMessageId } : {}),
    ...(previous && patches ? { changes: { version: previous.version, total: patches.filter((patch) => patch.oldIndex !== undefined).length, patches } } : {}),
    attachRedline: Boolean(options.attachRedline),
    maxMailBytes: options.maxMailBytes ?? DEFAULT_MAX_MAIL_BYTES,
    ...(site ? { siteUrl: site } : {}),
    proposal: options.proposal ?? proposalSlug(title),
  };
}

/** Where the series is made: the repository's top and common git folder, the checked-out branch and its tip. */
async function locateBranch(cwd: string): Promise<{ repo: string; commonDir: string; branch: string; tip: string }> {
  // One git process when all is as expected; anything else (no repository, a detached or unborn HEAD) is asked
  // again step by step, for the step's own message.
  const { stdout, code } = await git(['rev-parse', '--show-toplevel', '--git-common-dir', 'HEAD', '--symbolic-full-name', 'HEAD'], { cwd, okCodes: [128] });
  const [repo, commonDir, tip, ref] = stdout.toString('utf8').split('\n');
  if (code === 0 && repo && commonDir && tip && ref?.startsWith('refs/heads/')) return { repo, commonDir: path.resolve(cwd, commonDir), branch: ref.slice('refs/heads/'.length), tip };
  const top = await gitText(['rev-parse', '--show-toplevel'], { cwd });
  const branch = await currentBranch(top);
  // The tip first: an unborn branch is refused by it before any other question is asked of git.
  const head = await resolveCommit(top, 'HEAD');
  return { repo: top, commonDir: await commonGitDir(top), branch, tip: head };
}

/** The checked-out branch; a detached HEAD has no series to remember. */
async function currentBranch(repo: string): Promise<string> {
  const branch = await checkedOutBranch(repo);
  if (branch === undefined) throw new UsageError('HEAD is detached; check out the branch that holds the change ("git switch <branch>")');
  return branch;
}

/** The version asked for; else the last one again if the branch has not moved since, else the next. */
function chooseVersion(asked: number | undefined, versions: SeriesVersion[], tip: string): number {
  if (asked !== undefined) {
    if (!Number.isInteger(asked) || asked < 1) throw new UsageError(`-v takes a version number (1, 2, ...), not "${asked}"`);
    return asked;
  }
  const last = versions.at(-1);
  if (!last) return 1;
  return last.tip === tip ? last.version : last.version + 1;
}

/** The branches a change is based on, and never sent from. */
const BASE_BRANCHES = ['main', 'master'];

/** The refusal on a branch series are based on: the fix is a branch of the change's own. */
function onBaseBranch(branch: string): string {
  return `"${branch}" is the branch series are based on, not one to send from; commit your change on a branch of its own ("git switch -c my-change", commit, then run policy series there), or name the commit your change starts from with --base REV`;
}

/** The base: as asked; else the one this series was based on; else the upstream's or main's merge base with the tip. */
async function chooseBase(repo: string, branch: string, tip: string, asked: string | undefined, earlier: SeriesVersion | undefined): Promise<string> {
  const isAncestor = async (commit: string) => (await git(['merge-base', '--is-ancestor', commit, tip], { cwd: repo, okCodes: [1] })).code === 0;
  if (asked !== undefined) {
    const base = await resolveCommit(repo, asked);
    if (!(await isAncestor(base))) throw new UsageError(`--base ${asked} is not an ancestor of "${branch}"; rebase the branch onto it, or name the commit the branch started from`);
    return base;
  }
  if (earlier && (await isAncestor(earlier.base))) return earlier.base;
  // On main itself the base would be its upstream, and the series every commit not yet pushed (a maintainer's release,
  // stored proposals): refused one by one, where the fix is a branch, not --base main.
  if (BASE_BRANCHES.includes(branch)) throw new UsageError(onBaseBranch(branch));
  let sameAs: string | undefined;
  for (const candidate of [`${branch}@{upstream}`, ...BASE_BRANCHES, 'origin/main', 'origin/master']) {
    const { stdout, code } = await git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], { cwd: repo, okCodes: [1, 128] });
    if (code !== 0) continue;
    const commit = stdout.toString('utf8').trim();
    if (commit === tip) {
      sameAs ??= candidate;
      continue;
    }
    return gitText(['merge-base', commit, tip], { cwd: repo });
  }
  if (sameAs) throw new UsageError(`"${branch}" has no commits beyond ${sameAs}; commit your change first, then run policy series again`);
  throw new UsageError(`cannot tell where "${branch}" starts; name the commit it starts from with --base REV (e.g. --base origin/main)`);
}

/** The text of --cover FILE. */
async function readCoverFile(coverFile: string): Promise<string> {
  return readFile(coverFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read --cover ${coverFile}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
}

/** The branch's description (`git branch --edit-description`), empty when it has none. */
async function branchDescription(repo: string, branch: string): Promise<string> {
  const { stdout } = await git(['config', '--get', `branch.${branch}.description`], { cwd: repo, okCodes: [1] });
  return stdout.toString('utf8');
}

/** Title and blurb: from `text` (--cover FILE, else the branch description), else the earlier version's title. */
function coverText(text: string, branch: string, earlierTitle: string | undefined): { title: string; blurb: string } {
  const cover = splitCoverText(text);
  if (cover.title) return cover;
  if (earlierTitle) return { title: earlierTitle, blurb: cover.blurb };
  throw new UsageError(`the series needs a title and a blurb: write them with "git branch --edit-description ${branch}" (first paragraph: the title), or pass --cover FILE`);
}
