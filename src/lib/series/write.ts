/** Writes a planned series into a folder: git format-patch, the filled cover letter with the redline in plain text, the mboxes; then checks and proves it. */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { git } from '../git.ts';
import { PolicyError } from '../errors.ts';
import { attachHtml, coverBody, fillCoverTemplate, type CoverContent } from './cover-letter.ts';
import { redlineText } from './cover-redline.ts';
import { checkSeriesMails, unfoldHeaders, withoutRepeatedHeaders } from './mail-checks.ts';
import type { SeriesPlan } from './plan.ts';
import type { SeriesRedline } from './redline.ts';
import { proposalPageUrl } from './site-url.ts';
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

/**
 * Fills `dir` (an empty folder) with the series, and checks that it applies at its base to the tip's tree and lints
 * clean; `redlineMade` (computed meanwhile) is awaited once git has written the patches.
 */
export async function writeSeries(plan: SeriesPlan, redlineMade: Promise<SeriesRedline | undefined>, dir: string): Promise<SeriesFiles> {
  let files = await formatPatch(plan, dir);
  // git names cover letters by the second; a version made within the same second as another would share its id.
  const knownCoverIds = new Set(plan.versions.map((made) => made.coverMessageId));
  while (knownCoverIds.has(await messageIdOf(path.join(dir, files[0]!)))) {
    await sleep(1000);
    files = await formatPatch(plan, dir);
  }
  const redline = await redlineMade;
  const coverPath = path.join(dir, files[0]!);
  // The HTML file only with --attach-redline: the site shows the redline once the series is imported, and
  // "policy redline <base> <tip> -o redline.html" makes the file on its own.
  const redlineFile = redline?.html !== undefined ? `redline-v${plan.version}.html` : undefined;
  const site = plan.attachRedline ? undefined : plan.siteUrl;
  const fullRedline = !redline ? undefined : redlineFile ? { where: `attached as ${redlineFile}` } : site ? { where: "on the proposal's page once the series is imported", url: proposalPageUrl(site, plan.proposal, plan.version) } : undefined;
  const template = await readFile(coverPath, 'utf8');
  const content: CoverContent = {
    title: plan.title,
    blurb: plan.blurb,
    version: plan.version,
    total: plan.commits.length,
    ...(fullRedline ? { fullRedline } : {}),
    ...(plan.changes ? { previous: { version: plan.changes.version, total: plan.changes.total, changes: plan.changes.patches } } : {}),
  };
  // The redline text gets what is left of the size limit once git's template, the blurb and an attachment are counted.
  const attachment = redline?.html !== undefined ? Math.ceil((Buffer.byteLength(redline.html) * 4) / 3) + 1024 : 0;
  let budget = plan.maxMailBytes - Buffer.byteLength(fillCoverTemplate(template, plan.title, coverBody(content))) - attachment - 1024;
  if (redline) {
    content.redline = redlineText(redline.redline, budget);
    budget -= Buffer.byteLength(content.redline.text);
    if (redline.since && content.previous) content.previous.redline = redlineText(redline.since, budget);
  }
  const plain = fillCoverTemplate(template, plan.title, coverBody(content));
  let redlineAttached = false;
  if (redline?.html !== undefined && redlineFile) {
    await writeFile(path.join(dir, redlineFile), redline.html);
    redlineAttached = await attachIfAccepted(plan.repo, coverPath, plain, redlineFile, redline.html);
  }
  if (!redlineAttached) await writeFile(coverPath, plain);

  const texts = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
  const problems = checkSeriesMails(
    texts.map((text, index) => ({ file: files[index]!, text, ...(index > 0 ? { commit: plan.commits[index - 1]! } : {}) })),
    plan.maxMailBytes,
  );
  if (problems.length) throw new PolicyError(problems);
  const mbox = `v${plan.version}.mbox`;
  const amMbox = `v${plan.version}.am.mbox`;
  await writeFile(path.join(dir, mbox), texts.join(''));
  await writeFile(path.join(dir, amMbox), texts.slice(1).join(''));
  await verifySeries(plan.repo, plan.commonDir, plan.base, plan.tip, path.join(dir, mbox), `${plan.branch} v${plan.version}`);
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
      // Every mail declares its charset and transfer encoding (git otherwise does only for non-ASCII ones), so
      // git send-email asks nothing and b4 applies it; git's own second set, for a non-ASCII mail, is dropped below.
      '--add-header=MIME-Version: 1.0',
      '--add-header=Content-Type: text/plain; charset=UTF-8',
      '--add-header=Content-Transfer-Encoding: 8bit',
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
  const files = (await readdir(dir)).filter((file) => /^\d{4}-.*\.patch$/.test(file)).sort();
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    const fixed = withoutRepeatedHeaders(unfoldHeaders(text));
    if (fixed !== text) await writeFile(path.join(dir, file), fixed);
  }
  return files;
}

/** The Message-Id of a message file, without angle brackets. */
async function messageIdOf(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const id = /^Message-Id:\s*<([^>]+)>/im.exec(text.slice(0, text.indexOf('\n\n')))?.[1];
  if (!id) throw new Error(`git format-patch wrote ${path.basename(file)} without a Message-Id`);
  return id;
}

/** Attaches the redline to the cover letter if git mailinfo still reads it as a cover letter: a message without a patch. */
async function attachIfAccepted(repo: string, coverPath: string, plain: string, redlineFile: string, html: string): Promise<boolean> {
  const attached = attachHtml(plain, redlineFile, html);
  const info = await mailinfo(repo, attached);
  if (info.patch.trim() !== '') return false;
  await writeFile(coverPath, attached);
  return true;
}
