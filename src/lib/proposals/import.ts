/**
 * Imports a received series: checks it, applies it at its base in a temporary worktree, and on success
 * stores the mbox as received with its metadata under content/proposals/<slug>/, all or nothing (store.ts).
 * Nothing else in the repository changes: not the working tree, the index, HEAD or any ref.
 */
import path from 'node:path';
import { slug as slugify } from 'github-slugger';
import { PolicyError, UsageError } from '../errors.ts';
import { gitText } from '../git.ts';
import { loadPolicyFolder } from '../load/folder.ts';
import { checkPolicyAtRevision } from '../load/git-revision.ts';
import { pruneStaleWorktrees } from '../worktree.ts';
import { withAppliedSeries } from './apply.ts';
import { checkSeries } from './check.ts';
import { readMboxFile, type MailMessage } from './mbox.ts';
import { MAX_PROPOSAL_VERSION, PROPOSAL_FILE, PROPOSALS_DIR, proposalMetadataSchema, proposalSlugSchema, readProposalMetadata, type ProposalMetadata, type ProposalVersion } from './metadata.ts';
import { patchLabel } from './series.ts';
import { removeInterruptedImports, storeVersion, type StoreStep } from './store.ts';

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
  /** Called after each step of storing (tests stop the process there). */
  onStep?: (step: StoreStep) => void;
}

/** What an import stored. */
export interface ImportResult {
  slug: string;
  title: string;
  version: ProposalVersion;
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
    throw new PolicyError({ file, rule: 'import-series', message: `message ${mail.position} "${mail.subject}" has an unreadable Date header "${mail.date}"; the proposal is dated by it, so ask the sender to send the series again with git send-email` });
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

/** Imports the mbox at `mboxPath` into the repository that contains `cwd`. */
export async function importSeries(cwd: string, mboxPath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const repo = await gitText(['rev-parse', '--show-toplevel'], { cwd }).catch(() => {
    throw new UsageError('run policy import inside the policy\'s git repository (a working tree, not a bare repository)');
  });
  checkArchivePattern(options.archiveUrl ?? DEFAULT_ARCHIVE_URL);
  await pruneStaleWorktrees(repo);
  await removeInterruptedImports(repo);
  const file = mboxPath;
  const bytes = await readMboxFile(path.resolve(cwd, mboxPath), file);
  const { series, base } = await checkSeries(repo, bytes, file, options.base);
  if (!Number.isSafeInteger(series.version) || series.version < 1 || series.version > MAX_PROPOSAL_VERSION) {
    const lead = series.cover ?? series.patches[0]!.message;
    throw new PolicyError({ file, rule: 'import-version', message: `message ${lead.position} "${lead.subject}" numbers its round outside v1 to v${MAX_PROPOSAL_VERSION}; ask the sender to number it with git format-patch -v N` });
  }
  const slug = options.proposal ?? slugify(series.title);
  if (!proposalSlugSchema.safeParse(slug).success) {
    throw new UsageError(`"${slug}" cannot name a proposal; give --proposal with a lowercase slug such as "fix-spelling-mistakes"`);
  }
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

  const folder = path.join(repo, PROPOSALS_DIR, slug);
  const metadataPath = path.join(folder, PROPOSAL_FILE);
  const existing = await readProposalMetadata(metadataPath, path.join(PROPOSALS_DIR, slug, PROPOSAL_FILE));
  if (existing?.versions.some((version) => version.version === series.version)) {
    throw new PolicyError({ file, rule: 'import-version', message: `is v${series.version} of proposal "${slug}", which already has a v${series.version}; send the next round as v${series.version + 1}` });
  }
  const lead = series.cover ?? series.patches[0]!.message;
  const discussion = discussionUrl(options.archiveUrl ?? DEFAULT_ARCHIVE_URL, lead.messageId);
  const version: ProposalVersion = {
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
  };
  const metadata: ProposalMetadata = {
    title: series.title,
    status: existing?.status ?? 'open',
    ...(existing?.example || options.example ? { example: true } : {}),
    versions: [...(existing?.versions ?? []), version].sort((a, b) => a.version - b.version),
  };
  // What the site reads back must pass the site's own schema: refuse here rather than break every later build.
  const stored = proposalMetadataSchema.safeParse(metadata);
  if (!stored.success) {
    throw new PolicyError(stored.error.issues.map((issue) => ({ file, rule: 'import-metadata', message: `would store ${issue.path.join('.')} = ${JSON.stringify(valueAt(metadata, issue.path))}, which the site refuses: ${issue.message}` })));
  }
  const written = await storeVersion(repo, { slug, version, mbox: bytes, metadata, existing, ...(options.onStep ? { onStep: options.onStep } : {}) });
  return { slug, title: metadata.title, version, written };
}
