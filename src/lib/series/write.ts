/** Writes a planned series into a folder: git format-patch, the filled cover letter with the redline, the mboxes; then proves it. */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { git } from '../git.ts';
import { attachHtml, coverBody, declareUtf8, fillCoverTemplate } from './cover-letter.ts';
import type { SeriesPlan } from './plan.ts';
import type { SeriesRedline } from './redline.ts';
import { mailinfo, verifySeries } from './verify.ts';

/** The files written, by name inside the folder. */
export interface SeriesFiles {
  /** The message files, cover letter first. */
  files: string[];
  /** The whole thread in one mbox (cover letter first). */
  mbox: string;
  /** The patches only, for a plain `git am`. */
  amMbox: string;
  redlineFile?: string;
  redlineAttached: boolean;
  coverMessageId: string;
}

/** Fills `dir` (an empty folder) with the series, and checks that it applies at its base to the tip's tree and lints clean. */
export async function writeSeries(plan: SeriesPlan, redline: SeriesRedline | undefined, dir: string): Promise<SeriesFiles> {
  let files = await formatPatch(plan, dir);
  // git names cover letters by the second; a version made within the same second as another would share its id.
  const knownCoverIds = new Set(plan.versions.map((made) => made.coverMessageId));
  while (knownCoverIds.has(await messageIdOf(path.join(dir, files[0]!)))) {
    await sleep(1000);
    files = await formatPatch(plan, dir);
  }
  const coverPath = path.join(dir, files[0]!);
  const redlineFile = redline ? `redline-v${plan.version}.html` : undefined;
  const body = coverBody({
    title: plan.title,
    blurb: plan.blurb,
    version: plan.version,
    total: plan.commits.length,
    ...(redline ? { sections: redline.summary } : {}),
    ...(redlineFile ? { redlineFile } : {}),
    ...(plan.changes ? { previous: { version: plan.changes.version, total: plan.changes.total, changes: plan.changes.patches } } : {}),
  });
  const plain = declareUtf8(fillCoverTemplate(await readFile(coverPath, 'utf8'), plan.title, body));
  let redlineAttached = false;
  if (redline && redlineFile) {
    await writeFile(path.join(dir, redlineFile), redline.html);
    redlineAttached = await attachIfAccepted(plan.repo, coverPath, plain, redlineFile, redline);
  }
  if (!redlineAttached) await writeFile(coverPath, plain);

  const texts = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
  const mbox = `v${plan.version}.mbox`;
  const amMbox = `v${plan.version}.am.mbox`;
  await writeFile(path.join(dir, mbox), texts.join(''));
  await writeFile(path.join(dir, amMbox), texts.slice(1).join(''));
  await verifySeries(plan.repo, plan.base, plan.tip, path.join(dir, mbox), `${plan.branch} v${plan.version}`);
  return { files, mbox, amMbox, ...(redlineFile ? { redlineFile } : {}), redlineAttached, coverMessageId: await messageIdOf(coverPath) };
}

/** Runs git format-patch into `dir`: numbered, "PATCH vN", threaded under a cover letter, with base-commit; returns the file names in order. */
async function formatPatch(plan: SeriesPlan, dir: string): Promise<string[]> {
  for (const file of await readdir(dir)) if (file.endsWith('.patch')) await rm(path.join(dir, file));
  const { previous } = plan;
  await git(
    [
      // Patches git am can apply whatever the user's diff settings: a/ and b/ prefixes, paths from the top.
      ...['-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', '-c', 'diff.relative=false'],
      'format-patch',
      '--quiet',
      '--numbered',
      `--subject-prefix=PATCH v${plan.version}`,
      '--thread=shallow',
      '--cover-letter',
      '--cover-from-description=none',
      '--no-attach',
      `--base=${plan.base}`,
      ...plan.to.map((address) => `--to=${address}`),
      ...plan.cc.map((address) => `--cc=${address}`),
      ...(plan.inReplyTo ? [`--in-reply-to=${plan.inReplyTo}`] : []),
      ...(previous ? [`--range-diff=${previous.base}..${previous.tip}`] : []),
      '-o',
      dir,
      `${plan.base}..${plan.tip}`,
    ],
    { cwd: plan.repo },
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
