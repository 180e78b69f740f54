/**
 * `series`: turns the commits on the current branch since its base into a versioned, threaded, `git am`-clean
 * patch series with a cover letter that says what changes section by section, and remembers the version.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PolicyError, UsageError } from '../errors.ts';
import { git, gitText, resolveCommit } from '../git.ts';
import { checkPolicyOnly, checkSignOffs } from './checks.ts';
import { listSeriesCommits } from './commits.ts';
import { attachHtml, coverBody, declareUtf8, fillCoverTemplate, splitCoverText } from './cover-letter.ts';
import { writeFolderAtomically } from './output.ts';
import { rangeDiff, type PatchChange } from './range-diff.ts';
import { seriesRedline, type SeriesRedline } from './redline.ts';
import { mailinfo, verifySeries } from './verify.ts';
import { listSeriesVersions, recordSeriesVersion, type SeriesVersion } from './versions.ts';

/** What to make. */
export interface SeriesOptions {
  /** Any folder inside the repository. */
  cwd: string;
  /** The commit the series applies to; default: the previous version's base, else the upstream, else main. */
  base?: string;
  /** Version number; default: the last version + 1 (or the same one when the branch has not moved). */
  version?: number;
  to?: string[];
  cc?: string[];
  /** Output folder; default `outgoing/<branch>/v<N>` at the repository root. */
  outputDir?: string;
  /** File with the title (first paragraph) and blurb; default: the branch description. */
  coverFile?: string;
  /** Thread this version as a reply to the previous version's cover letter. */
  inReplyTo?: boolean;
  /** Refuse commits without the author's Signed-off-by (default true). */
  signoffCheck?: boolean;
}

/** What was made. */
export interface SeriesResult {
  branch: string;
  version: number;
  base: string;
  tip: string;
  title: string;
  /** Number of patches (the cover letter not counted). */
  total: number;
  dir: string;
  /** The message files, cover letter first, as paths inside `dir`. */
  files: string[];
  /** The whole thread in one mbox (cover letter first). */
  mbox: string;
  /** The patches only, for a plain `git am`. */
  amMbox: string;
  coverMessageId: string;
  inReplyTo?: string;
  previous?: { version: number; changes: PatchChange[] };
  /** The redline file written beside the patches, and whether the cover letter carries it as an attachment. */
  redlineFile?: string;
  redlineAttached: boolean;
  tag: string;
  /** The command that would send it; nothing is sent. */
  sendCommand: string;
  /** Policy files with changes that are not committed, so not in the series. */
  uncommitted: string[];
}

/** Makes the series; throws PolicyError (exit 1) for a refusal and UsageError (exit 2) for a bad request. */
export async function makeSeries(options: SeriesOptions): Promise<SeriesResult> {
  const repo = await gitText(['rev-parse', '--show-toplevel'], { cwd: options.cwd });
  const branch = await currentBranch(repo);
  const tip = await resolveCommit(repo, 'HEAD');
  const versions = await listSeriesVersions(repo, branch);
  const version = chooseVersion(options.version, versions, tip);
  const sameVersion = versions.find((made) => made.version === version);
  const previous = versions.filter((made) => made.version < version).at(-1);
  const base = await chooseBase(repo, branch, tip, options.base, sameVersion ?? previous);

  const commits = await listSeriesCommits(repo, base, tip);
  if (commits.length === 0) throw new UsageError(`the branch "${branch}" has no commits since its base ${base.slice(0, 7)}; commit the change first, or name another base with --base REV`);
  const problems = [...(await checkPolicyOnly(repo, commits, base)), ...(options.signoffCheck === false ? [] : await checkSignOffs(repo, commits))];
  if (problems.length) throw new PolicyError(problems, 1);

  // Recipients as given, else those of the version made before (as b4 prep keeps them).
  const earlier = sameVersion ?? previous;
  const to = options.to?.length ? options.to : (earlier?.to ?? []);
  const cc = options.cc?.length ? options.cc : (earlier?.cc ?? []);
  const { title, blurb } = await coverText(repo, branch, options.coverFile, sameVersion?.title ?? previous?.title);
  if (options.inReplyTo && !previous?.coverMessageId) throw new UsageError(`--in-reply-to threads v${version} under the cover letter of the previous version, but this branch has no earlier version`);
  const changes = previous ? await rangeDiff(repo, `${previous.base}..${previous.tip}`, `${base}..${tip}`) : undefined;
  const previousTotal = changes ? changes.filter((change) => change.oldIndex !== undefined).length : 0;
  const redline = await seriesRedline(repo, base, tip, `${title} (v${version})`);
  const redlineFile = redline ? `redline-v${version}.html` : undefined;

  const dir = path.resolve(options.cwd, options.outputDir ?? path.join(repo, OUTGOING, branch.replace(/[^A-Za-z0-9._-]+/g, '-'), `v${version}`));
  if (options.outputDir === undefined) await ignoreOutgoing(repo);
  const knownCoverIds = new Set(versions.map((made) => made.coverMessageId).filter(Boolean));
  const made = await writeFolderAtomically(dir, async (temporary) => {
    let files = await formatPatch(repo, temporary, { base, tip, version, to, cc, options, ...(previous ? { previous } : {}) });
    // git names cover letters by the second; a version made within the same second as another would share its id.
    while (knownCoverIds.has(await messageIdOf(path.join(temporary, files[0]!)))) {
      await sleep(1000);
      files = await formatPatch(repo, temporary, { base, tip, version, to, cc, options, ...(previous ? { previous } : {}) });
    }
    const coverPath = path.join(temporary, files[0]!);
    const body = coverBody({
      title,
      blurb,
      version,
      total: commits.length,
      ...(redline ? { sections: redline.summary } : {}),
      ...(redlineFile ? { redlineFile } : {}),
      ...(previous && changes ? { previous: { version: previous.version, total: previousTotal, changes } } : {}),
    });
    const plain = declareUtf8(fillCoverTemplate(await readFile(coverPath, 'utf8'), title, body));
    const redlineAttached = redline && redlineFile ? await attachIfAccepted(repo, coverPath, plain, redlineFile, redline) : false;
    if (!redlineAttached) await writeFile(coverPath, plain);
    if (redline && redlineFile) await writeFile(path.join(temporary, redlineFile), redline.html);
    const texts = await Promise.all(files.map((file) => readFile(path.join(temporary, file), 'utf8')));
    const mbox = `v${version}.mbox`;
    const amMbox = `v${version}.am.mbox`;
    await writeFile(path.join(temporary, mbox), texts.join(''));
    await writeFile(path.join(temporary, amMbox), texts.slice(1).join(''));
    await verifySeries(repo, base, tip, path.join(temporary, mbox), `${branch} v${version}`);
    return { files, mbox, amMbox, redlineAttached, coverMessageId: await messageIdOf(coverPath) };
  });

  const tag = await recordSeriesVersion(repo, branch, { version, tip, base, coverMessageId: made.coverMessageId, title, to, cc });
  const inReplyTo = options.inReplyTo ? previous?.coverMessageId : undefined;
  return {
    branch,
    version,
    base,
    tip,
    title,
    total: commits.length,
    dir,
    files: made.files,
    mbox: made.mbox,
    amMbox: made.amMbox,
    coverMessageId: made.coverMessageId,
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(previous && changes ? { previous: { version: previous.version, changes } } : {}),
    ...(redlineFile ? { redlineFile } : {}),
    redlineAttached: made.redlineAttached,
    tag,
    sendCommand: sendEmailCommand(options.cwd, to, dir, made.files),
    uncommitted: await uncommittedPolicyFiles(repo),
  };
}

/** The default output folder, at the repository root. */
export const OUTGOING = 'outgoing';

/** Keeps the default output folder out of commits (`git add -A`) with a `.gitignore` of its own that ignores everything. */
async function ignoreOutgoing(repo: string): Promise<void> {
  await mkdir(path.join(repo, OUTGOING), { recursive: true });
  await writeFile(path.join(repo, OUTGOING, '.gitignore'), '# Written by policy series: patch series are sent, not committed.\n*\n', { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** Policy files changed in the working tree or the index: a series is made of commits, so these are left out. */
async function uncommittedPolicyFiles(repo: string): Promise<string[]> {
  const status = await gitText(['status', '--porcelain', '-z', '--untracked-files=all', '--', 'content'], { cwd: repo });
  return status
    .split('\0')
    .filter((entry) => entry.length > 3)
    .map((entry) => entry.slice(3));
}

/** The checked-out branch; a detached HEAD has no series to remember. */
async function currentBranch(repo: string): Promise<string> {
  const { stdout, code } = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repo, okCodes: [1] });
  if (code !== 0) throw new UsageError('HEAD is detached; check out the branch that holds the change ("git switch <branch>")');
  return stdout.toString('utf8').trim();
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

/** The base: as asked; else the one this series was based on; else the upstream's or main's merge base with the tip. */
async function chooseBase(repo: string, branch: string, tip: string, asked: string | undefined, earlier: SeriesVersion | undefined): Promise<string> {
  const isAncestor = async (commit: string) => (await git(['merge-base', '--is-ancestor', commit, tip], { cwd: repo, okCodes: [1] })).code === 0;
  if (asked !== undefined) {
    const base = await resolveCommit(repo, asked);
    if (!(await isAncestor(base))) throw new UsageError(`--base ${asked} is not an ancestor of "${branch}"; rebase the branch onto it, or name the commit the branch started from`);
    return base;
  }
  if (earlier && (await isAncestor(earlier.base))) return earlier.base;
  for (const candidate of [`${branch}@{upstream}`, 'main', 'master', 'origin/main', 'origin/master']) {
    const { stdout, code } = await git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], { cwd: repo, okCodes: [1, 128] });
    if (code !== 0) continue;
    const commit = stdout.toString('utf8').trim();
    if (commit === tip) continue;
    return gitText(['merge-base', commit, tip], { cwd: repo });
  }
  throw new UsageError(`cannot tell where "${branch}" starts; name its base with --base REV (e.g. --base main)`);
}

/** Title and blurb: from --cover FILE, else the branch description, else the earlier version's title. */
async function coverText(repo: string, branch: string, coverFile: string | undefined, earlierTitle: string | undefined): Promise<{ title: string; blurb: string }> {
  let text = '';
  if (coverFile) {
    text = await readFile(coverFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read --cover ${coverFile}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
  } else {
    const { stdout } = await git(['config', '--get', `branch.${branch}.description`], { cwd: repo, okCodes: [1] });
    text = stdout.toString('utf8');
  }
  const cover = splitCoverText(text);
  if (cover.title) return cover;
  if (earlierTitle) return { title: earlierTitle, blurb: cover.blurb };
  throw new UsageError(`the series needs a title and a blurb: write them with "git branch --edit-description ${branch}" (first paragraph: the title), or pass --cover FILE`);
}

/** Runs git format-patch into `dir`: numbered, "PATCH vN", threaded under a cover letter, with base-commit; returns the file names in order. */
async function formatPatch(
  repo: string,
  dir: string,
  run: { base: string; tip: string; version: number; to: string[]; cc: string[]; options: SeriesOptions; previous?: SeriesVersion },
): Promise<string[]> {
  for (const file of await readdir(dir)) if (file.endsWith('.patch')) await rm(path.join(dir, file));
  const { options, previous } = run;
  await git(
    [
      // Patches git am can apply whatever the user's diff settings: a/ and b/ prefixes, paths from the top.
      ...['-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', '-c', 'diff.relative=false'],
      'format-patch',
      '--quiet',
      '--numbered',
      `--subject-prefix=PATCH v${run.version}`,
      '--thread=shallow',
      '--cover-letter',
      '--cover-from-description=none',
      '--no-attach',
      `--base=${run.base}`,
      ...run.to.map((address) => `--to=${address}`),
      ...run.cc.map((address) => `--cc=${address}`),
      ...(options.inReplyTo && previous?.coverMessageId ? [`--in-reply-to=${previous.coverMessageId}`] : []),
      ...(previous ? [`--range-diff=${previous.base}..${previous.tip}`] : []),
      '-o',
      dir,
      `${run.base}..${run.tip}`,
    ],
    { cwd: repo },
  );
  return (await readdir(dir)).filter((file) => /^\d{4}-.*\.patch$/.test(file)).sort();
}

/** The Message-Id of a message file, without angle brackets. */
async function messageIdOf(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const id = /^Message-Id:\s*<([^>]+)>/im.exec(text.slice(0, text.indexOf('\n\n')))?.[1];
  if (!id) throw new Error(`git format-patch wrote ${path.basename(file)} without a Message-Id`);
  return id;
}

/** Attaches the redline to the cover letter if git mailinfo still reads it as a cover letter: a message without a patch. */
async function attachIfAccepted(repo: string, coverPath: string, plain: string, redlineFile: string, redline: SeriesRedline): Promise<boolean> {
  const attached = attachHtml(plain, redlineFile, redline.html);
  const info = await mailinfo(repo, attached);
  if (info.patch.trim() !== '') return false;
  await writeFile(coverPath, attached);
  return true;
}

/** The `git send-email` command for the files, relative to where the user is. */
function sendEmailCommand(cwd: string, to: string[], dir: string, files: string[]): string {
  const quote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  const relative = path.relative(path.resolve(cwd), dir) || '.';
  // The To: and Cc: headers are in the files already; without them, git send-email needs a --to.
  const addTo = to.length ? [] : ['--to=<list address>'];
  return ['git', 'send-email', ...addTo, ...files.map((file) => quote(path.join(relative, file)))].join(' ');
}
