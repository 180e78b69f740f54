/**
 * Cuts a release: sets the metadata's version and date, adds the Change History entry, commits
 * with a Signed-off-by and tags `policy-v<version>`. Every check runs before anything is written;
 * files are replaced atomically and put back, with HEAD, if a later step fails.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PolicyError, UsageError, type Problem } from '../errors.ts';
import { commitIdentity, git, gitText } from '../git.ts';
import { writeFileAtomically } from '../write-atomically.ts';
import { compareVersions } from '../lint/change-history.ts';
import { lintPolicy } from '../lint/index.ts';
import { checkPolicyFolder } from '../load/folder.ts';
import { POLICY_LAYOUT, splitFrontMatter } from '../load/parse.ts';
import { isoDateSchema, versionSchema } from '../schema.ts';
import { addChangeHistoryEntry, CHANGE_HISTORY_ID } from './change-history.ts';
import { releasePlan, type ReleasePlan } from './release-plan.ts';
import { releaseTag } from './releases.ts';

/** What to release. */
export interface ReleaseRequest {
  /** The new version, dotted numbers, greater than the current one. */
  version: string;
  /** One line for the Change History and the commit subject. */
  summary: string;
  /** Effective date, ISO; today (UTC) by default. */
  date?: string;
}

/** What was made. */
export interface ReleaseResult {
  commit: string;
  tag: string;
  previousVersion: string;
  files: string[];
  /** What the release carries: the commits and sections since the release before. */
  plan: ReleasePlan;
}

/** A check on the policy before a release; returns its problems (empty when it passes). */
export type PolicyCheck = (root: string) => Promise<Problem[]>;

/** A check that the policy loads without problems (schema, ids, order). */
export const loadCheck: PolicyCheck = async (root) => (await checkPolicyFolder(root)).problems;

/** The default check: the policy loads, and `policy lint` (markdownlint and the policy rules) finds no error. */
export const lintCheck: PolicyCheck = async (root) => {
  const loading = await loadCheck(root);
  if (loading.length) return loading;
  const report = await lintPolicy(root);
  return report.results
    .filter((result) => result.severity !== 'warning')
    .map((result) => ({
      file: result.fileName,
      line: result.lineNumber,
      ...(result.errorRange?.[0] ? { column: result.errorRange[0] } : {}),
      rule: result.ruleNames.join('/'),
      message: [result.ruleDescription, result.errorDetail].filter(Boolean).join(': '),
    }));
};

/** Today's date in UTC, ISO. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Options of cutRelease. */
export interface CutReleaseOptions {
  /** Checks the policy before and after the release edit; lint by default. */
  check?: PolicyCheck;
  /** Told what the release will carry, once every check has passed and before anything is written. */
  onPlan?: (plan: ReleasePlan) => void;
}

/** Cuts the release described by `request` in the repository at `repo`; throws UsageError/PolicyError with the reason it refused. */
export async function cutRelease(repo: string, request: ReleaseRequest, options: CutReleaseOptions | PolicyCheck = {}): Promise<ReleaseResult> {
  const { check = lintCheck, onPlan } = typeof options === 'function' ? { check: options } : options;
  const version = request.version.replace(/^v/, '');
  const date = request.date ?? todayIso();
  const summary = request.summary.trim();
  if (!versionSchema.safeParse(version).success) throw new UsageError(`"${request.version}" is not a version; give dotted numbers, e.g. 3.24`);
  if (!isoDateSchema.safeParse(date).success) throw new UsageError(`"${date}" is not a date; give --date as YYYY-MM-DD, e.g. 2026-11-27`);
  if (!summary) throw new UsageError('the summary is empty; say in one line what changed, e.g. --summary "Added Example Ltd"');
  if (/[\r\n]/.test(summary)) throw new UsageError('the summary spans lines; the Change History takes one line per release');

  await refuseOperationInProgress(repo);
  await refuseDirtyTree(repo);
  await commitIdentity(repo);
  const problems = await check(repo);
  if (problems.length) throw new PolicyError([...problems, { file: POLICY_LAYOUT.metadataFile, rule: 'release', message: 'the policy does not pass lint (above); fix it before releasing' }]);

  const loaded = (await checkPolicyFolder(repo)).document!;
  const previousVersion = loaded.metadata.version;
  if (compareVersions(version, previousVersion) <= 0) {
    throw new UsageError(`version ${version} does not increase on the current version ${previousVersion}; give a greater version, e.g. ${nextVersion(previousVersion)}`);
  }
  if (date < loaded.metadata.date) throw new UsageError(`date ${date} is before the current version's date ${loaded.metadata.date}; give a later --date`);
  const tag = releaseTag(version);
  const existing = await git(['rev-parse', '--verify', '--quiet', `refs/tags/${tag}`], { cwd: repo, okCodes: [1] });
  if (existing.code === 0) throw new UsageError(`tag ${tag} exists already; that version was released before, choose a greater version`);
  const history = loaded.sections.find((section) => section.id === CHANGE_HISTORY_ID);
  // A policy without a Change History (many adopted with policy init have none) is released all the same: the version
  // and date in the metadata, the summary in the commit message and the tag.
  const historyPath = history?.source?.file;

  const plan = await releasePlan(repo, loaded);
  onPlan?.(plan);

  const metadataPath = POLICY_LAYOUT.metadataFile;
  const originals = new Map<string, string>();
  for (const file of [metadataPath, ...(historyPath ? [historyPath] : [])]) originals.set(file, await readFile(path.join(repo, file), 'utf8'));
  const updated = new Map<string, string>([[metadataPath, setMetadataFields(originals.get(metadataPath)!, { version, date })]]);
  if (historyPath) updated.set(historyPath, addEntryToFile(originals.get(historyPath)!, version, date, summary));

  const head = await gitText(['rev-parse', 'HEAD'], { cwd: repo });
  let committed = false;
  try {
    for (const [file, text] of updated) await writeFileAtomically(path.join(repo, file), text);
    const after = await check(repo);
    if (after.length) throw new PolicyError([...after, { file: metadataPath, rule: 'release', message: 'the release edit would break the policy (above); nothing was changed' }]);
    const files = [...updated.keys()];
    await git(['commit', '--quiet', '--signoff', '--only', '-m', `Policy v${version}: ${summary}`, '--', ...files], { cwd: repo });
    committed = true;
    await git(['tag', '--annotate', '-m', `Policy v${version}: ${summary}`, tag, 'HEAD'], { cwd: repo });
    return { commit: await gitText(['rev-parse', 'HEAD'], { cwd: repo }), tag, previousVersion, files, plan };
  } catch (error) {
    // Put everything back: HEAD (and the index) to where it was, then the files' bytes.
    if (committed) await git(['reset', '--quiet', '--mixed', head], { cwd: repo }).catch(() => {});
    for (const [file, text] of originals) await writeFileAtomically(path.join(repo, file), text).catch(() => {});
    throw error;
  }
}

/**
 * What git leaves in its folder while an operation is stopped half-way, with how to end it: a release made then would
 * tag whatever part of it is in place (a series half applied, a merge not yet committed).
 */
const OPERATIONS_IN_PROGRESS: { file: string; operation: string; end: string }[] = [
  { file: 'rebase-apply/applying', operation: 'git am', end: 'git am --continue, --skip or --abort' },
  { file: 'rebase-apply', operation: 'rebase', end: 'git rebase --continue or --abort' },
  { file: 'rebase-merge', operation: 'rebase', end: 'git rebase --continue or --abort' },
  { file: 'MERGE_HEAD', operation: 'merge', end: 'commit it, or git merge --abort' },
  { file: 'CHERRY_PICK_HEAD', operation: 'cherry-pick', end: 'git cherry-pick --continue or --abort' },
  { file: 'REVERT_HEAD', operation: 'revert', end: 'git revert --continue or --abort' },
];

/** Refuses to release while a git am, rebase, merge, cherry-pick or revert is stopped half-way in the repository. */
async function refuseOperationInProgress(repo: string): Promise<void> {
  const gitDir = await gitText(['rev-parse', '--absolute-git-dir'], { cwd: repo });
  const stopped = OPERATIONS_IN_PROGRESS.find(({ file }) => existsSync(path.join(gitDir, file)));
  if (stopped) throw new UsageError(`a ${stopped.operation} is stopped half-way in this repository; end it (${stopped.end}), then release`);
}

/**
 * Refuses uncommitted changes, naming a few of them: any change to a tracked file, and untracked files under
 * content/ (lint would read them but the release would not commit them). Other untracked files do not matter.
 */
async function refuseDirtyTree(repo: string): Promise<void> {
  const status = await gitText(['status', '--porcelain=v1', '--untracked-files=all'], { cwd: repo });
  const lines = status.split('\n').filter((line) => line && (!line.startsWith('??') || line.slice(3).startsWith('content/')));
  if (lines.length === 0) return;
  const named = lines.slice(0, 5).map((line) => line.slice(3)).join(', ');
  throw new UsageError(`the working tree has uncommitted changes (${named}${lines.length > 5 ? `, and ${lines.length - 5} more` : ''}); commit or stash them, then release from a clean tree`);
}

/** Replaces the `version:` and `date:` lines of the metadata YAML, keeping its comments and layout. */
export function setMetadataFields(yaml: string, fields: { version: string; date: string }): string {
  let text = yaml;
  for (const [name, value] of Object.entries(fields)) {
    const line = new RegExp(`^${name}:[ \\t]*.*$`, 'm');
    if (!line.test(text)) throw new UsageError(`${POLICY_LAYOUT.metadataFile} has no top-level "${name}:" line to update`);
    text = text.replace(line, `${name}: "${value}"`);
  }
  return text;
}

/** Adds the Change History entry to the body of the section file, front matter untouched. */
function addEntryToFile(text: string, version: string, date: string, summary: string): string {
  const { body } = splitFrontMatter(text);
  const head = text.slice(0, text.length - body.length);
  return head + addChangeHistoryEntry(body, version, date, summary);
}

/** The next minor version: 3.23 → 3.24. */
function nextVersion(version: string): string {
  const parts = version.split('.').map(Number);
  parts[parts.length - 1]! += 1;
  return parts.join('.');
}
