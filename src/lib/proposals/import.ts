/**
 * Imports a received series: checks it, applies it at its base in a scratch repository, and on success
 * stores the mbox as received with its metadata under content/proposals/<slug>/, all or nothing (store.ts).
 * Nothing else in the repository changes: not the working tree, the index, HEAD or any ref.
 */
import path from 'node:path';
import { PolicyError, UsageError } from '../errors.ts';
import { gitText } from '../git.ts';
import { loadPolicyFolder } from '../load/folder.ts';
import { checkPolicyAtRevision } from '../load/git-revision.ts';
import { SCRATCH_PREFIX } from '../scratch-repository.ts';
import { removeStaleTempFolders } from '../temp-folder.ts';
import { withAppliedSeries } from './apply.ts';
import { checkSeriesFiles, resolveSeriesBase } from './check.ts';
import { mailName, mailPlace, readMbox, readMboxFile, type MailMessage } from './mbox.ts';
import { MAX_PROPOSAL_VERSION, PROPOSAL_FILE, PROPOSALS_DIR, proposalMetadataSchema, proposalSlugSchema, readProposalMetadata, type ProposalMetadata, type ProposalVersion } from './metadata.ts';
import { assembleSeries, patchLabel, type PatchSeries } from './series.ts';
import { splitThread, type ThreadVersion } from './thread.ts';
import { removeInterruptedImports, storeVersion, type StoreStep } from './store.ts';
import { proposalSlug } from '../slug.ts';

/** The default mail archive link for a Message-Id: lore's redirector finds the thread on any list it archives. */
export const DEFAULT_ARCHIVE_URL = 'https://lore.kernel.org/r/{messageId}';

/** Options of one import. */
export interface ImportOptions {
  /** Slug of the proposal; default: from the cover letter's title. */
  proposal?: string;
  /** The commit to apply to when the series names none, or one this repository lacks. */
  base?: string;
  /** Archive link pattern with `{messageId}`; empty for none. */
  archiveUrl?: string;
  /** Marks the proposal as an example of the workflow, not one under discussion. */
  example?: boolean;
  /** Of a thread holding several versions, import only this one. */
  version?: number;
  /** Called after each step of storing (tests stop the process there). */
  onStep?: (step: StoreStep) => void;
  /** The repository's top, when the caller has found it already; else found from `cwd`. */
  repo?: string;
}

/** What an import stored. */
export interface ImportResult {
  slug: string;
  title: string;
  /** The newest version stored. */
  version: ProposalVersion;
  /** Every version stored, oldest first. */
  versions: ProposalVersion[];
  /** Repository-relative paths written. */
  written: string[];
}

/** Refuses an archive link pattern that is not an http(s) address with `{messageId}` in it, before any mail is read. */
export function checkArchivePattern(pattern: string): void {
  if (!pattern) return;
  const sample = pattern.replaceAll('{messageId}', 'message-id@example.org');
  let url: URL | undefined;
  try {
    url = new URL(sample);
  } catch {
    url = undefined;
  }
  if (!/^https?:\/\/[^/{}]/.test(pattern) || !url || !pattern.includes('{messageId}')) {
    throw new UsageError(`--archive-url "${pattern}" must be an http:// or https:// address holding {messageId}, such as ${DEFAULT_ARCHIVE_URL}; give "" for no discussion links`);
  }
}

/** The archive link of a message, from a pattern such as `https://lore.kernel.org/r/{messageId}`. */
export function discussionUrl(pattern: string, messageId: string): string | undefined {
  if (!pattern || !messageId) return undefined;
  // `@` stays as it is, as archives write it; characters that would end the path are escaped.
  return pattern.replaceAll('{messageId}', encodeURI(messageId).replace(/[?#]/g, encodeURIComponent));
}

/** The value at a path of an object, for naming what a schema refused. */
function valueAt(value: unknown, at: PropertyKey[]): unknown {
  return at.reduce<unknown>((inner, key) => (inner && typeof inner === 'object' ? (inner as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/** A mail's Date header as ISO 8601, or a PolicyError naming the mail and the header. */
function isoDate(mail: MailMessage, file: string): string {
  const time = Date.parse(mail.date);
  if (Number.isNaN(time)) {
    throw new PolicyError({ ...mailPlace(file, mail), rule: 'import-series', message: `${mailName(mail)} has an unreadable Date header "${mail.date}"; the proposal is dated by it, so ask the sender to send the series again with git send-email` });
  }
  return new Date(time).toISOString();
}

/**
 * The index of the patch after which the policy stays invalid up to the last one (the first of the final
 * run of commits that do not load), so a refusal names the patch to fix; undefined when git cannot tell.
 */
async function firstBreakingPatch(dir: string, commits: string[]): Promise<number | undefined> {
  let culprit: number | undefined;
  for (let index = commits.length - 1; index >= 0; index--) {
    const { problems } = await checkPolicyAtRevision(dir, commits[index]!).catch(() => ({ problems: [] }));
    if (problems.length === 0) break;
    culprit = index;
  }
  return culprit;
}

/** A version checked and applied, ready to store. */
interface CheckedVersion {
  series: PatchSeries;
  base: string;
  thread: ThreadVersion;
}

/** The mbox bytes stored for one version: its own mails and the replies to it, as received, in mbox order. */
function versionMbox(thread: ThreadVersion): Buffer {
  const mails = [...thread.mails, ...thread.replies.map((reply) => reply.message)].sort((a, b) => a.position - b.position);
  return Buffer.concat(mails.map((mail) => mail.raw));
}

/** The review of one version as the metadata keeps it: replies (author, date, first lines, link) and trailers. */
function reviewOf(thread: ThreadVersion, archiveUrl: string, file: string): ProposalVersion['review'] {
  if (!thread.replies.length) return undefined;
  return {
    replies: thread.replies.map(({ message, patch, excerpt }) => {
      const link = discussionUrl(archiveUrl, message.messageId);
      return { messageId: message.messageId, author: message.author, email: message.email, date: isoDate(message, file), subject: message.subject, patch, excerpt, ...(link ? { link } : {}) };
    }),
    trailers: thread.replies.flatMap((reply) => reply.trailers),
  };
}

/** Checks one version of the thread: a complete series, policy files only, a known base, and it applies to a valid policy. */
async function checkVersion(repo: string, thread: ThreadVersion, file: string, baseOption: string | undefined): Promise<CheckedVersion> {
  const series = assembleSeries(thread.mails, file);
  if (!Number.isSafeInteger(series.version) || series.version < 1 || series.version > MAX_PROPOSAL_VERSION) {
    const lead = series.cover ?? series.patches[0]!.message;
    throw new PolicyError({ ...mailPlace(file, lead), rule: 'import-version', message: `${mailName(lead)} numbers its round outside v1 to v${MAX_PROPOSAL_VERSION}; ask the sender to number it with git format-patch -v N` });
  }
  await checkSeriesFiles(repo, series, file);
  const base = await resolveSeriesBase(repo, series, file, baseOption);
  await withAppliedSeries(repo, base, series, file, async ({ dir, commits }) => {
    try {
      await loadPolicyFolder(dir);
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      const culprit = await firstBreakingPatch(dir, commits);
      const where = culprit === undefined ? `the series ${file}` : `${patchLabel(series.patches[culprit]!, series.total)} of ${file}`;
      throw new PolicyError(error.problems.map((problem) => ({ ...problem, message: `${problem.message} (after applying ${where})` })));
    }
  });
  return { series, base, thread };
}

/**
 * Imports the mbox at `mboxPath` into the repository that contains `cwd`: one series, or a whole thread with every
 * version it holds (or only `options.version`) and the replies to each. Every version is checked and applied before
 * any is stored, so a refusal leaves the repository as it was.
 */
export async function importSeries(cwd: string, mboxPath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const repo =
    options.repo ??
    (await gitText(['rev-parse', '--show-toplevel'], { cwd }).catch(() => {
      throw new UsageError('run policy import inside the policy\'s git repository (a working tree, not a bare repository)');
    }));
  checkArchivePattern(options.archiveUrl ?? DEFAULT_ARCHIVE_URL);
  // What an import killed while applying left (its scratch folder) goes now, even when this one is refused before applying.
  removeStaleTempFolders(SCRATCH_PREFIX);
  await removeInterruptedImports(repo);
  const file = mboxPath;
  const bytes = await readMboxFile(path.resolve(cwd, mboxPath), file);
  let threads = splitThread(await readMbox(bytes, file), file);
  if (threads.length === 0) assembleSeries([], file);
  if (options.version !== undefined) {
    const held = threads.map((thread) => `v${thread.version}`).join(', ');
    threads = threads.filter((thread) => thread.version === options.version);
    if (!threads.length) throw new UsageError(`${file} holds ${held}, not v${options.version}; give --version with one of those`);
  }
  const checked: CheckedVersion[] = [];
  for (const thread of threads) checked.push(await checkVersion(repo, thread, file, options.base));
  const title = checked.at(-1)!.series.title;
  const slug = options.proposal ?? proposalSlug(title);
  if (!proposalSlugSchema.safeParse(slug).success) {
    throw new UsageError(`"${slug}" cannot name a proposal; give --proposal with a lowercase slug such as "fix-spelling-mistakes"`);
  }

  const folder = path.join(repo, PROPOSALS_DIR, slug);
  const metadataPath = path.join(folder, PROPOSAL_FILE);
  let existing = await readProposalMetadata(metadataPath, path.join(PROPOSALS_DIR, slug, PROPOSAL_FILE));
  const archiveUrl = options.archiveUrl ?? DEFAULT_ARCHIVE_URL;
  const toStore: { version: ProposalVersion; mbox: Buffer }[] = [];
  for (const { series, base, thread } of checked) {
    const lead = series.cover ?? series.patches[0]!.message;
    const stored = existing?.versions.find((version) => version.version === series.version);
    // A thread exported again holds the versions already imported: those stay as they are.
    if (stored && checked.length > 1 && stored.messageId === lead.messageId) continue;
    if (stored && stored.messageId === lead.messageId) {
      // The same round again (a thread exported later, with the replies since): a stored version is kept as received.
      throw new PolicyError({ file, rule: 'import-version', message: `is v${series.version} of proposal "${slug}" as it was imported already (the same mail <${lead.messageId}>); a stored version is kept as it was received, so replies sent since are not added: read them in the list's archive` });
    }
    if (stored) {
      throw new PolicyError({ file, rule: 'import-version', message: `is v${series.version} of proposal "${slug}", which already has a different v${series.version}; send the next round as v${series.version + 1}` });
    }
    const discussion = discussionUrl(archiveUrl, lead.messageId);
    const review = reviewOf(thread, archiveUrl, file);
    toStore.push({
      version: {
        version: series.version,
        file: `v${series.version}.mbox`,
        subject: lead.subject,
        author: lead.author,
        email: lead.email,
        date: isoDate(lead, file),
        messageId: lead.messageId,
        baseCommit: base,
        patches: series.total,
        ...(discussion ? { discussion } : {}),
        ...(review ? { review } : {}),
      },
      mbox: threads.length > 1 ? versionMbox(thread) : bytes,
    });
  }
  if (!toStore.length) throw new PolicyError({ file, rule: 'import-version', message: `holds only versions proposal "${slug}" already has; nothing to import` });
  // Each stored version's metadata, built and checked against the site's own schema before anything is written.
  const steps: { version: ProposalVersion; mbox: Buffer; metadata: ProposalMetadata; existing: ProposalMetadata | undefined }[] = [];
  for (const { version, mbox } of toStore) {
    const metadata: ProposalMetadata = {
      title,
      status: existing?.status ?? 'open',
      ...(existing?.example || options.example ? { example: true } : {}),
      versions: [...(existing?.versions ?? []), version].sort((a, b) => a.version - b.version),
    };
    const valid = proposalMetadataSchema.safeParse(metadata);
    if (!valid.success) {
      throw new PolicyError(valid.error.issues.map((issue) => ({ file, rule: 'import-metadata', message: `would store ${issue.path.join('.')} = ${JSON.stringify(valueAt(metadata, issue.path))}, which the site refuses: ${issue.message}` })));
    }
    steps.push({ version, mbox, metadata, existing });
    existing = metadata;
  }
  const written: string[] = [];
  for (const step of steps) written.push(...(await storeVersion(repo, { slug, ...step, ...(options.onStep ? { onStep: options.onStep } : {}) })));
  return { slug, title, version: toStore.at(-1)!.version, versions: toStore.map((stored) => stored.version), written: [...new Set(written)] };
}
