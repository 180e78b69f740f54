/**
 * `policy init`: a new policy site in a new folder, from an existing Markdown policy and, with a git repository,
 * from its whole history: each revision a commit with its original author, date and message, releases tagged.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { PolicyDocument } from '../document.ts';
import { PolicyError, UsageError } from '../errors.ts';
import { commitIdentity, git } from '../git.ts';
import type { LintResult } from '../lint/index.ts';
import { FRONT_MATTER_FIELDS, parseMarkdownPolicy } from '../load/markdown-file.ts';
import { splitFrontMatter } from '../load/parse.ts';
import { readFileHistory, type FileRevision } from './file-history.ts';
import { findMetadata, type FoundMetadata } from './found-metadata.ts';
import { withoutMetadataLines } from './lead-lines.ts';
import { fitLintConfig, type RuleTurnedOff } from './lint-config.ts';
import { planReleases } from './plan.ts';
import { policyFiles } from './policy-files.ts';
import { copySite, projectReadme, siteYaml, TOOL_ROOT } from './scaffold.ts';
import { withIdsOf, withUnnumberedIds } from './section-ids.ts';
import { withoutShortcodeLines, type ShortcodeLines } from './shortcodes.ts';
import { writeHistory } from './write-history.ts';

/** What to start from. */
export interface InitOptions {
  /** The new folder; it must not exist, or be empty. */
  dir: string;
  /** The Markdown policy: a file, or with `git` a path in that repository. */
  from: string;
  /** A git repository (a bare one too) whose history of `from` is imported. */
  git?: string;
  /** Where this project's site is copied from (default: this project). */
  toolRoot?: string;
}

/** One imported revision in the report. */
export interface InitRevision {
  source?: string;
  commit: string;
  version: string;
  date: string;
  release: boolean;
  versionFrom: string;
  note?: string;
}

/** A line of the lead that init read the version or date from and took out of the text. */
export interface LeadLineRemoved {
  field: 'version' | 'date';
  line: string;
  revisions: number;
}

/** What init did, for the command to say. */
export interface InitReport {
  dir: string;
  title: string;
  sections: number;
  revisions: InitRevision[];
  mode: 'versions' | 'dates';
  /** Revisions left out, and why. */
  skipped: string[];
  /** Metadata that was not found in the text and was made up; the user should check it. */
  derived: string[];
  /** Front matter fields of the newest revision that the policy has no place for (a site generator's). */
  unusedFrontMatter: string[];
  /** Lines of the lead the version or date was read from, taken out of it (the newest as written), and in how many revisions. */
  leadLines: LeadLineRemoved[];
  /** Lines that held only a Hugo shortcode, taken out: the newest revision's, and in how many revisions; one left inside text. */
  shortcodeLines: { lines: string[]; revisions: number; inline?: string };
  /** Lint rules the imported text breaks, turned off in the new project's configuration. */
  rulesOff: RuleTurnedOff[];
  /** Findings lint still reports (should be none). */
  lint: LintResult[];
}

/** Makes the new policy site; throws UsageError (exit 2) when it refuses, removing only what it made. */
export async function initPolicySite(options: InitOptions): Promise<InitReport> {
  const dir = path.resolve(options.dir);
  await refuseExisting(options.dir, dir);
  const revisions = options.git ? await readFileHistory(options.git, options.from) : [await readSingleFile(options.from)];
  const label = options.git ? `${options.from} in ${options.git}` : options.from;
  const parsed: { revision: FileRevision; document: PolicyDocument; text: string; shortcodes: ShortcodeLines }[] = [];
  const skipped: string[] = [];
  for (const revision of revisions) {
    const name = options.git ? `${revision.commit.slice(0, 12)}:${revision.path}` : revision.path;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(revision.bytes);
      const shortcodes = withoutShortcodeLines(text);
      parsed.push({ revision, document: parseMarkdownPolicy(shortcodes.text, name), text, shortcodes });
    } catch (error) {
      if (!(error instanceof PolicyError) && !(error instanceof TypeError)) throw error;
      const reason = error instanceof PolicyError ? error.problems[0]!.message : 'is not valid UTF-8';
      // The newest revision is the policy in effect: without it there is nothing to publish.
      if (revision === revisions.at(-1)) throw error instanceof PolicyError ? error : new PolicyError({ file: name, rule: 'encoding', message: 'is not valid UTF-8; save the file as UTF-8' });
      skipped.push(`${name} ${reason}; left out`);
    }
  }
  // The lines the version and date were read from are the metadata's now: taken out of the lead of every revision.
  // Section ids leave out heading numbers, so a renumbered section keeps its id and history.
  const stripped = parsed.map(({ document }) => {
    const found = findMetadata(document);
    return { found, ...withoutMetadataLines(withUnnumberedIds(document), found) };
  });
  // A section renamed between two revisions keeps its id, so its URL and history run on through the rename.
  for (let index = 1; index < stripped.length; index++) stripped[index]!.document = withIdsOf(stripped[index - 1]!.document, stripped[index]!.document);
  const { plan, mode } = planReleases(parsed.map(({ revision, document }, index) => ({ document, published: stripped[index]!.document, author: revision.author, tags: revision.tags })));
  const newest = parsed.at(-1)!.document;

  await mkdir(dir, { recursive: true });
  try {
    await git(['init', '--quiet', '--initial-branch=main'], { cwd: dir });
    // The last commit (the site) is the user's own: asked of the new repository, which reads no repository's own config.
    await commitIdentity(dir);
    const commits = await writeHistory(
      dir,
      'main',
      parsed.map(({ revision }, index) => ({
        files: policyFiles(stripped[index]!.document, plan[index]!.version, plan[index]!.date),
        author: revision.author,
        committer: revision.committer,
        message: revision.message,
        ...(plan[index]!.release ? { release: plan[index]!.version } : {}),
      })),
    );
    await git(['reset', '--quiet', '--hard', 'main'], { cwd: dir });
    await copySite(options.toolRoot ?? TOOL_ROOT, dir, packageName(dir));
    await writeFile(path.join(dir, 'site.yaml'), siteYaml({ name: newest.metadata.title, url: 'https://security-policy.example.org', base: '/', ...(newest.metadata.organisation ? { organisation: newest.metadata.organisation } : {}) }));
    await writeFile(path.join(dir, 'README.md'), projectReadme(newest.metadata.title, path.basename(options.from)));
    const { off, remaining } = await fitLintConfig(dir);
    await git(['add', '--all'], { cwd: dir });
    await git(['commit', '--quiet', '-m', `Site: publish the policy with policy-site\n\nMade with policy init from ${label}.`], { cwd: dir });
    return {
      dir,
      title: newest.metadata.title,
      sections: newest.sections.length,
      mode,
      revisions: parsed.map(({ revision }, index): InitRevision => ({ ...(options.git ? { source: revision.commit } : {}), commit: commits[index]!, ...plan[index]! })),
      skipped,
      derived: [...(newest.derived ?? []).filter((field) => field !== 'version'), ...(mode === 'dates' ? ['version (named by date)'] : [])],
      unusedFrontMatter: unusedFrontMatter(parsed.at(-1)!.text),
      leadLines: leadLinesRemoved(stripped),
      shortcodeLines: shortcodeReport(parsed.map((entry) => entry.shortcodes)),
      rulesOff: off,
      lint: remaining,
    };
  } catch (error) {
    // The folder is ours (it did not exist or was empty): leave nothing half made.
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The shortcode lines init took out: the newest revision's (or the last that had any), how many revisions had them, one left inside text. */
function shortcodeReport(all: ShortcodeLines[]): InitReport['shortcodeLines'] {
  const withLines = all.filter((entry) => entry.removed.length);
  const inline = all.at(-1)?.inline;
  return { lines: withLines.at(-1)?.removed ?? [], revisions: withLines.length, ...(inline ? { inline } : {}) };
}

/** Refuses a folder that exists and holds anything: init never overwrites. */
async function refuseExisting(given: string, dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    if (error.code === 'ENOTDIR') throw new UsageError(`"${given}" is a file; policy init makes a new folder, so name one that does not exist`);
    throw error;
  });
  if (entries.length) throw new UsageError(`"${given}" exists and is not empty; policy init never overwrites anything, so name a new folder`);
}

/** The policy file from disk as one revision, authored by whoever runs init, now. */
async function readSingleFile(file: string): Promise<FileRevision> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `--from "${file}" does not exist; give the Markdown file of the policy` : `--from "${file}" cannot be read (${error.code ?? error.message})`);
  });
  const ident = await commitIdentity(path.dirname(path.resolve(file)), 'author');
  return { commit: '', path: file, bytes, author: ident, committer: ident, message: `Policy: import ${path.basename(file)}\n`, tags: [] };
}

/** The front matter fields of `text` that the single-file loader does not read. */
function unusedFrontMatter(text: string): string[] {
  const { yaml } = splitFrontMatter(text);
  if (yaml === undefined) return [];
  try {
    const data: unknown = parseYaml(yaml);
    return data && typeof data === 'object' ? Object.keys(data).filter((key) => !FRONT_MATTER_FIELDS.includes(key as never)) : [];
  } catch {
    return [];
  }
}

/** Each field whose lead line was taken out, with the newest such line and how many revisions had one. */
function leadLinesRemoved(revisions: { found: FoundMetadata; removed: string[] }[]): LeadLineRemoved[] {
  return (['version', 'date'] as const).flatMap((field) => {
    const lines = revisions.flatMap(({ found, removed }) => (found[field]?.leadLine !== undefined && removed.includes(found[field].leadLine) ? [found[field].leadLine.trim()] : []));
    return lines.length ? [{ field, line: lines.at(-1)!, revisions: lines.length }] : [];
  });
}

/** An npm package name from the folder's name. */
function packageName(dir: string): string {
  return path.basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '') || 'policy-site';
}
