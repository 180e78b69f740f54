/**
 * `series`: turns the commits on the current branch since its base into a versioned, threaded, `git am`-clean
 * patch series with a cover letter that says what changes section by section, and remembers the version.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gitText } from '../git.ts';
import { settleLater } from '../promise-memo.ts';
import { writeFolderAtomically } from './output.ts';
import { planSeries, type SeriesOptions } from './plan.ts';
import type { PatchChange } from './range-diff.ts';
import { seriesRedline } from './redline.ts';
import { recordSeriesVersion } from './versions.ts';
import { writeSeries, type SeriesFiles } from './write.ts';

export type { SeriesOptions } from './plan.ts';

/** What was made. */
export interface SeriesResult extends SeriesFiles {
  branch: string;
  version: number;
  base: string;
  tip: string;
  title: string;
  /** Number of patches (the cover letter not counted). */
  total: number;
  dir: string;
  inReplyTo?: string;
  previous?: { version: number; changes: PatchChange[] };
  tag: string;
  /** The command that would send it; nothing is sent. */
  sendCommand: string;
  /** Whether --attach-redline asked for the redline in the cover letter. */
  attachAsked: boolean;
  /** Policy files with changes that are not committed, so not in the series. */
  uncommitted: string[];
}

/** The default output folder, at the repository root. */
export const OUTGOING = 'outgoing';

/** Makes the series; throws PolicyError (exit 2) for a refusal and UsageError (exit 2) for a bad request. */
export async function makeSeries(options: SeriesOptions): Promise<SeriesResult> {
  const plan = await planSeries(options);
  // The redline is computed while git writes the patches (writeSeries awaits it), and git status asked meanwhile.
  const uncommitted = settleLater(uncommittedPolicyFiles(plan.repo));
  const redline = settleLater(seriesRedline(plan.repo, plan.base, plan.tip, `${plan.title} (v${plan.version})`, plan.changes ? plan.previous?.tip : undefined, plan.attachRedline));
  const dir = path.resolve(options.cwd, options.outputDir ?? path.join(plan.repo, OUTGOING, plan.branch.replace(/[^A-Za-z0-9._-]+/g, '-'), `v${plan.version}`));
  if (options.outputDir === undefined) await ignoreOutgoing(plan.repo);
  const written = await writeFolderAtomically(dir, (temporary) => writeSeries(plan, redline, temporary));
  const tag = await recordSeriesVersion(plan.repo, plan.branch, {
    version: plan.version,
    tip: plan.tip,
    base: plan.base,
    coverMessageId: written.coverMessageId,
    title: plan.title,
    to: plan.to,
    cc: plan.cc,
  });
  return {
    ...written,
    branch: plan.branch,
    version: plan.version,
    base: plan.base,
    tip: plan.tip,
    title: plan.title,
    total: plan.commits.length,
    dir,
    ...(plan.inReplyTo ? { inReplyTo: plan.inReplyTo } : {}),
    ...(plan.changes ? { previous: { version: plan.changes.version, changes: plan.changes.patches } } : {}),
    tag,
    attachAsked: plan.attachRedline,
    sendCommand: sendEmailCommand(options.cwd, plan.to, dir, written.files),
    uncommitted: await uncommitted,
  };
}

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

/** The `git send-email` command for the files, relative to where the user is. */
function sendEmailCommand(cwd: string, to: string[], dir: string, files: string[]): string {
  const quote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);
  const relative = path.relative(path.resolve(cwd), dir) || '.';
  // The To: and Cc: headers are in the files already; without them, git send-email needs a --to.
  const addTo = to.length ? [] : ['--to=<list address>'];
  return ['git', 'send-email', ...addTo, ...files.map((file) => quote(path.join(relative, file)))].join(' ');
}
