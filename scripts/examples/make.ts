#!/usr/bin/env node
/**
 * Remakes the shipped example proposals (content/proposals/<slug>/) the way a contributor and a maintainer would:
 * commits on a branch at the base release, `policy series` for each version, `policy import --example` of each
 * series. All of it happens in a scratch clone; only the example folders of this repository are replaced, each whole.
 * Usage: npm run examples [-- --check]   (--check: compare with the shipped files, write nothing; exit 1 if they differ)
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { git, gitText } from '../../src/lib/git.ts';
import { findReleases } from '../../src/lib/history/releases.ts';
import { importSeries } from '../../src/lib/proposals/import.ts';
import { makeSeries } from '../../src/lib/series/index.ts';
import { siteUrl } from '../../src/lib/series/site-url.ts';
import { writeFolderAtomically } from '../../src/lib/series/output.ts';
import { EXAMPLE_AUTHOR, EXAMPLE_PROPOSALS, type ExampleCommit, type ExampleProposal, type ExampleReply } from './proposals.ts';

const PROPOSALS_DIR = path.join('content', 'proposals');

/** Runs `work` with git's identity and dates fixed, so commit ids and the series' dates are the same on every run. */
async function withGitDate<T>(date: string, work: () => Promise<T>): Promise<T> {
  const names = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE'] as const;
  const saved = names.map((name) => process.env[name]);
  Object.assign(process.env, {
    GIT_AUTHOR_NAME: EXAMPLE_AUTHOR.name,
    GIT_AUTHOR_EMAIL: EXAMPLE_AUTHOR.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: EXAMPLE_AUTHOR.name,
    GIT_COMMITTER_EMAIL: EXAMPLE_AUTHOR.email,
    GIT_COMMITTER_DATE: date,
  });
  try {
    return await work();
  } finally {
    names.forEach((name, index) => (saved[index] === undefined ? delete process.env[name] : (process.env[name] = saved[index])));
  }
}

/** Applies one commit's edits in `dir` and commits them, signed off; an edit whose text is not there exactly once stops everything. */
async function commit(dir: string, example: ExampleCommit): Promise<void> {
  for (const edit of example.edits) {
    const file = path.join(dir, edit.file);
    const text = await readFile(file, 'utf8');
    const count = text.split(edit.find).length - 1;
    if (count !== 1) throw new Error(`${edit.file}: the example edit expects ${JSON.stringify(edit.find)} once, found it ${count} times; update scripts/examples/proposals.ts`);
    await writeFile(file, text.replace(edit.find, () => edit.replace));
  }
  await withGitDate(example.date, () => git(['commit', '--quiet', '--all', '--signoff', '--no-verify', '-m', example.message], { cwd: dir }));
}

/** The series' mbox with the replies appended, each answering its cover letter or patch as a mail client threads it. */
function withReplies(mbox: string, replies: ExampleReply[]): string {
  const mails = mbox.split(/(?=^From [0-9a-f]{40} )/m);
  const idOf = (mail: string) => /^Message-Id: <([^>]+)>/im.exec(mail)![1]!;
  const subjectOf = (mail: string) => /^Subject: (.*)$/m.exec(mail)![1]!;
  const cover = idOf(mails[0]!);
  const texts = replies.map((reply, index) => {
    const to = mails[reply.patch]!;
    return [
      'From mboxrd@z Thu Jan  1 00:00:00 1970',
      `From: ${reply.from}`,
      `Date: ${reply.date}`,
      `Subject: Re: ${subjectOf(to)}`,
      `Message-Id: <reply-${index + 1}.${idOf(to)}>`,
      `In-Reply-To: <${idOf(to)}>`,
      `References: ${[...new Set([cover, idOf(to)])].map((id) => `<${id}>`).join(' ')}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      reply.body,
      '',
    ].join('\n');
  });
  return `${mbox.replace(/\n*$/, '\n')}\n${texts.join('\n')}`;
}

/** Makes every version of one proposal in `clone` and imports each into the clone's content/proposals/<slug>/. */
async function makeProposal(clone: string, scratch: string, proposal: ExampleProposal): Promise<void> {
  const { releases } = await findReleases(clone);
  const base = releases.find((release) => release.version === proposal.baseVersion);
  if (!base) throw new Error(`${proposal.slug}: no release ${proposal.baseVersion} in this repository's history`);
  const work = path.join(scratch, `work-${proposal.slug}`);
  await git(['worktree', 'add', '--quiet', '-b', proposal.slug, work, base.commit], { cwd: clone });
  await rm(path.join(clone, PROPOSALS_DIR, proposal.slug), { recursive: true, force: true });
  for (const [index, version] of proposal.versions.entries()) {
    const number = index + 1;
    await git(['reset', '--quiet', '--hard', base.commit], { cwd: work });
    for (const example of version.commits) await commit(work, example);
    const cover = path.join(scratch, `${proposal.slug}-v${number}.cover`);
    await writeFile(cover, `${version.cover}\n`);
    const out = path.join(scratch, `${proposal.slug}-v${number}`);
    // The site's address as the repository configures it, whatever the deployment's SITE_URL: the examples never vary.
    const site = await siteUrl(clone, {});
    const series = await withGitDate(version.sent, () => makeSeries({ cwd: work, base: base.commit, version: number, coverFile: cover, outputDir: out, proposal: proposal.slug, ...(site ? { siteUrl: site } : {}) }));
    const mbox = path.join(out, series.mbox);
    if (version.replies?.length) await writeFile(mbox, withReplies(await readFile(mbox, 'utf8'), version.replies));
    await importSeries(clone, mbox, { proposal: proposal.slug, example: true, archiveUrl: '' });
  }
}

/** The files of a folder, by name. */
async function filesOf(dir: string): Promise<Map<string, string>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return new Map(await Promise.all(names.sort().map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as [string, string])));
}

/** Message-Ids and the MIME boundary carry the clock time git format-patch ran at: the only bytes a replay may change. */
export function withoutClock(text: string): string {
  return text.replace(/\.\d{9,}\.git\./g, '.<time>.git.').replace(/policy-series-[0-9a-f]{24}/g, 'policy-series-<boundary>');
}

/**
 * Clones the repository `repo` is in to `clone`, for a remake that is thrown away. A local clone copies or links the
 * object files (--no-local packed the whole history anew, over a second of processor time), the loose ones too: with
 * enough of them, every commit and git am in the clone would start git's automatic maintenance, which packs them in
 * the background, into a folder the remake then removes under it (ENOTEMPTY). It is off in the clone.
 */
export async function scratchClone(repo: string, clone: string): Promise<void> {
  const top = await gitText(['rev-parse', '--show-toplevel'], { cwd: repo });
  await git(['clone', '--quiet', '--config', 'gc.auto=0', '--config', 'maintenance.auto=false', top, clone], { cwd: path.dirname(clone) });
}

/** Remakes the examples from `repo` into a scratch clone; returns each example folder's files, and removes the clone. */
export async function remakeExamples(repo: string): Promise<Map<string, Map<string, string>>> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'policy-examples-'));
  try {
    const clone = path.join(scratch, 'clone');
    await scratchClone(repo, clone);
    const made = new Map<string, Map<string, string>>();
    for (const proposal of EXAMPLE_PROPOSALS) {
      await makeProposal(clone, scratch, proposal);
      made.set(proposal.slug, await filesOf(path.join(clone, PROPOSALS_DIR, proposal.slug)));
    }
    return made;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The names of shipped files that differ from the remade ones (clock bytes aside). */
export async function staleExamples(repo: string, made: Map<string, Map<string, string>>): Promise<string[]> {
  const stale: string[] = [];
  for (const [slug, files] of made) {
    const shipped = await filesOf(path.join(repo, PROPOSALS_DIR, slug));
    for (const name of new Set([...files.keys(), ...shipped.keys()])) {
      const a = files.get(name);
      const b = shipped.get(name);
      if (a === undefined || b === undefined || withoutClock(a) !== withoutClock(b)) stale.push(path.join(PROPOSALS_DIR, slug, name));
    }
  }
  return stale.sort();
}

/** The command: remake, then write (or, with --check, only compare). */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean' } } });
  const repo = process.cwd();
  const made = await remakeExamples(repo);
  const stale = await staleExamples(repo, made);
  if (values.check) {
    console.log(stale.length ? `out of date (run npm run examples):\n${stale.map((file) => `  ${file}`).join('\n')}` : 'the shipped examples are what the recipe makes');
    return stale.length ? 1 : 0;
  }
  for (const [slug, files] of made) {
    // A folder that differs only in clock bytes stays as it is, so a replay changes no more than it must.
    if (!stale.some((file) => file.startsWith(path.join(PROPOSALS_DIR, slug, path.sep)))) continue;
    await writeFolderAtomically(path.join(repo, PROPOSALS_DIR, slug), async (dir) => {
      for (const [name, text] of files) await writeFile(path.join(dir, name), text);
    });
  }
  console.log(stale.length ? `rewrote ${stale.length} files:\n${stale.map((file) => `  ${file}`).join('\n')}` : 'nothing changed');
  return 0;
}

if (import.meta.main) process.exitCode = await main();
