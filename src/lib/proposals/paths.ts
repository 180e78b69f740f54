/**
 * Checks which files a patch touches, before anything is applied: only policy content may change, with
 * ordinary file modes and text diffs. Paths and modes come from git's own reading of the patch
 * (`git apply --numstat -z`, forwards and reversed so renames show both names, and `--summary`).
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

/** Paths a patch touches, as `git apply --numstat -z` lists them; `binary` for those without line counts. */
async function numstat(cwd: string, patch: string, reverse: boolean): Promise<{ file: string; binary: boolean }[]> {
  const { stdout } = await git(['apply', '--numstat', '-z', ...(reverse ? ['-R'] : []), '-'], { cwd, input: patch });
  const fields = stdout.toString('utf8').split('\0');
  const entries: { file: string; binary: boolean }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (!field) continue;
    const [added, deleted, ...rest] = field.split('\t');
    // With -z a rename's names would follow in their own fields; git apply prints one name, but read both forms.
    const names = rest.join('\t') ? [rest.join('\t')] : [fields[++i] ?? '', fields[++i] ?? ''];
    for (const file of names.filter(Boolean)) entries.push({ file, binary: added === '-' || deleted === '-' });
  }
  return entries;
}

/** Refusals for file modes: anything but a regular, non-executable file (100644), and any mode change. */
async function modeRefusals(cwd: string, patch: string): Promise<PathRefusal[]> {
  const { stdout } = await git(['apply', '--summary', '-'], { cwd, input: patch });
  const refusals: PathRefusal[] = [];
  for (const line of stdout.toString('utf8').split('\n')) {
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
  for (const reverse of [false, true]) {
    for (const { file, binary } of await numstat(cwd, patch, reverse)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const reason = refusePath(file);
      if (reason) refusals.push({ file, reason });
      else if (binary) refusals.push({ file, reason: 'is a binary patch; a series may change policy text only' });
    }
  }
  refusals.push(...(await modeRefusals(cwd, patch)));
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
  const refusals: CommitRefusal[] = [];
  let commit: string | undefined;
  const fields = stdout.toString('utf8').split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    // Each commit's changes follow its id; each change is its ":modes ids status" field, then its path.
    if (!field.startsWith(':')) {
      if (commits.has(field)) commit = field;
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
