/**
 * Checks which files a patch touches, before anything is applied: only policy content may change, with
 * ordinary file modes and text diffs. Paths and modes come from git's own reading of the patch
 * (`git apply --numstat -z`, forwards with `--summary` and reversed, so renames show both names).
 */
import { git, GitError } from '../git.ts';
import { POLICY_LAYOUT } from '../load/parse.ts';

/** Why a path is refused, or undefined when a series may change it. */
export function refusePath(file: string): string | undefined {
  const parts = file.split('/');
  if (file.startsWith('/') || parts.includes('..') || parts.includes('.')) return 'leaves the repository (an absolute path or a ".." or "." component)';
  if (parts.some((part) => part.toLowerCase() === '.git')) return 'is inside .git';
  if (file === POLICY_LAYOUT.metadataFile) return undefined;
  const sectionsDir = `${POLICY_LAYOUT.sectionsDir}/`;
  if (file.startsWith(sectionsDir) && file.endsWith('.md') && !file.slice(sectionsDir.length).includes('/')) return undefined;
  return `is outside the policy content (only ${POLICY_LAYOUT.sectionsDir}/*.md and ${POLICY_LAYOUT.metadataFile} may change)`;
}

/** One refusal: the file (as git names it) and why. */
export interface PathRefusal {
  file: string;
  reason: string;
}

/** What `git apply` reads in a patch: the paths it touches (`binary` for those without line counts) and its summary lines. */
interface PatchReading {
  files: { file: string; binary: boolean }[];
  summary: string;
}

/**
 * Reads a patch with `git apply --numstat -z` (reversed with `reverse`, which names a renamed file by its old name)
 * and, going forwards, `--summary` in the same process: the NUL-separated counts come first, the summary's lines after.
 */
async function readPatch(cwd: string, patch: string, reverse: boolean): Promise<PatchReading> {
  const { stdout } = await git(['apply', '--numstat', '-z', ...(reverse ? ['-R'] : ['--summary']), '-'], { cwd, input: patch });
  const text = stdout.toString('utf8');
  // A path never holds a NUL, so the last one ends the counts.
  const end = text.lastIndexOf('\0') + 1;
  const fields = text.slice(0, end).split('\0');
  const files: { file: string; binary: boolean }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (!field) continue;
    const [added, deleted, ...rest] = field.split('\t');
    // With -z a rename's names would follow in their own fields; git apply prints one name, but read both forms.
    const names = rest.join('\t') ? [rest.join('\t')] : [fields[++i] ?? '', fields[++i] ?? ''];
    for (const file of names.filter(Boolean)) files.push({ file, binary: added === '-' || deleted === '-' });
  }
  return { files, summary: text.slice(end) };
}

/** Refusals for file modes, from `git apply --summary`: anything but a regular, non-executable file (100644), and any mode change. */
function modeRefusals(summary: string): PathRefusal[] {
  const refusals: PathRefusal[] = [];
  for (const line of summary.split('\n')) {
    const created = /^ (create|delete) mode (\d+) (.*)$/.exec(line);
    if (created && created[2] !== '100644') {
      const kind = created[2] === '120000' ? 'a symbolic link' : created[2] === '160000' ? 'a submodule' : `a file with mode ${created[2]}`;
      refusals.push({ file: created[3]!, reason: `would ${created[1]} ${kind}; only regular files (mode 100644) may change` });
    }
    const changed = /^ mode change (\d+) => (\d+)(?: (.*))?$/.exec(line);
    if (changed) refusals.push({ file: changed[3] ?? '(renamed file)', reason: `changes the file mode ${changed[1]} => ${changed[2]}; a series may not change file modes` });
  }
  return refusals;
}

/** Everything wrong with the files a patch touches; empty when it only edits policy text. Throws GitError for a patch git cannot read. */
export async function checkPatchFiles(cwd: string, patch: string): Promise<PathRefusal[]> {
  const refusals: PathRefusal[] = [];
  const seen = new Set<string>();
  const forwards = await readPatch(cwd, patch, false);
  const backwards = await readPatch(cwd, patch, true);
  for (const { file, binary } of [...forwards.files, ...backwards.files]) {
    if (seen.has(file)) continue;
    seen.add(file);
    const reason = refusePath(file);
    if (reason) refusals.push({ file, reason });
    else if (binary) refusals.push({ file, reason: 'is a binary patch; a series may change policy text only' });
  }
  refusals.push(...modeRefusals(forwards.summary));
  return refusals;
}

/** Git's complaint about an unreadable patch, in one line. */
export function unreadablePatchReason(error: unknown): string | undefined {
  if (!(error instanceof GitError)) return undefined;
  return error.stderr.split('\n').find((line) => line.trim())?.replace(/^(error|fatal): /, '') ?? 'git cannot read it';
}

/** A file a commit changes that a series may not: the commit, the file and why. */
export interface CommitRefusal {
  commit: string;
  file: string;
  reason: string;
}

/**
 * The files each commit changes outside the policy content or with a mode other than a regular file, from one
 * `git diff-tree --stdin` over "<commit> <parent>" pairs (git's own tree comparison, no renames).
 */
export async function refusedChanges(repo: string, pairs: [commit: string, parent: string][]): Promise<CommitRefusal[]> {
  const input = pairs.map(([commit, parent]) => `${commit} ${parent}\n`).join('');
  const { stdout } = await git(['diff-tree', '--stdin', '-r', '-z', '--no-renames', '--raw'], { cwd: repo, input });
  const commits = new Set(pairs.map(([commit]) => commit));
  return rawRefusals(stdout.toString('utf8').split('\0'), (field) => (commits.has(field) ? field : undefined));
}

/** A commit of `base..HEAD` and its parent. */
export interface CommitAndParent {
  commit: string;
  parent: string;
}

/**
 * The commits of `base..HEAD` in `repo`, oldest first with their parents, and what refusedChanges would refuse
 * among their changes, from one `git log --raw` (listing the commits and comparing their trees in one process).
 */
export async function commitsAndRefusalsSince(repo: string, base: string): Promise<{ commits: CommitAndParent[]; refusals: CommitRefusal[] }> {
  const { stdout } = await git(['log', '--reverse', '-r', '-z', '--no-renames', '--raw', '--format=commit %H %P', `${base}..HEAD`, '--'], { cwd: repo });
  const commits: CommitAndParent[] = [];
  const refusals = rawRefusals(stdout.toString('utf8').split('\0'), (field) => {
    const header = /^\n?commit ([0-9a-f]+) ?([0-9a-f]*)/.exec(field);
    if (!header) return undefined;
    commits.push({ commit: header[1]!, parent: header[2]! });
    return header[1];
  });
  return { commits, refusals };
}

/**
 * The refusals in git's `--raw -z` output: each commit's changes follow a field that `commitOf` turns into its id;
 * each change is its ":modes ids status" field, then its path.
 */
function rawRefusals(fields: string[], commitOf: (field: string) => string | undefined): CommitRefusal[] {
  const refusals: CommitRefusal[] = [];
  let commit: string | undefined;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!.replace(/^\n/, '');
    if (!field.startsWith(':')) {
      commit = commitOf(fields[i]!) ?? commit;
      continue;
    }
    const [oldMode = '', newMode = ''] = field.slice(1).split(' ');
    const file = fields[++i] ?? '';
    const reason = refusePath(file) ?? (REGULAR_MODES.has(oldMode) && REGULAR_MODES.has(newMode) ? undefined : `has mode ${newMode === '000000' ? oldMode : newMode}; only regular text files (mode 100644) may change`);
    if (reason && commit) refusals.push({ commit, file, reason });
  }
  return refusals;
}

/** A regular file's mode, and the absent side of an added or deleted file. */
const REGULAR_MODES = new Set(['100644', '000000']);
