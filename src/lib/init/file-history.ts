/** Reads one file's history from a git repository (a bare one too) with plumbing: each revision's text, commit and tags. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { git, gitText, readBlobs } from '../git.ts';
import { UsageError } from '../errors.ts';
import { fileFate, holdsFile } from './moved-file.ts';

/** One revision of the file: the commit that made it, as git stores it, and the file's bytes there. */
export interface FileRevision {
  commit: string;
  /** The file's path at that commit (it may have been renamed since). */
  path: string;
  bytes: Buffer;
  /** `Name <email> <seconds> <zone>`, as in the commit object (and as git fast-import takes it). */
  author: string;
  committer: string;
  /** The full commit message. */
  message: string;
  /** Tags that name this commit. */
  tags: string[];
}

/**
 * Every revision of `file` on HEAD's first-parent line in `repo` (its main line), oldest first, following renames.
 * A merge that changed the file is one revision, the text as merged: the commits of a branch, read in date order
 * among the main line's, would give states of the file that never existed, and lose what the merge itself did when
 * both sides changed it.
 */
export async function readFileHistory(given: string, file: string): Promise<FileRevision[]> {
  const check = await git(['rev-parse', '--git-dir'], { cwd: given, okCodes: [128] }).catch(() => undefined);
  if (!check || check.code !== 0) throw new UsageError(`--git "${given}" is not a git repository; give the folder of a clone (a bare one will do)`);
  const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: given, okCodes: [1] });
  if (head.code !== 0) throw new UsageError(`the repository "${given}" has no commits on HEAD; check out the branch that holds the policy`);
  // Paths are the repository's, from its top: a folder inside it given as --git reads the same history.
  const top = await git(['rev-parse', '--show-toplevel'], { cwd: given, okCodes: [128] });
  const root = top.code === 0 ? top.stdout.toString('utf8').trim() : '';
  const repo = root || given;
  const wanted = pathInRepository(root, file);
  await refuseAbsent(repo, given, wanted);
  const log = await gitText(['-c', 'core.quotePath=false', 'log', '--first-parent', '--follow', '-M', '--diff-filter=d', '--format=%x1e%H', '--name-only', 'HEAD', '--', wanted], { cwd: repo });
  const entries = log
    .split('\x1e')
    .map((chunk) => chunk.split('\n').filter(Boolean))
    .filter((lines) => lines.length >= 2)
    .map(([commit, ...paths]) => ({ commit: commit!, path: paths.at(-1)! }))
    .reverse();
  if (entries.length === 0) {
    throw new UsageError(`"${wanted}" has no history in "${given}"; give its path from the repository's root (list them with "git -C ${given} ls-tree -r --full-tree --name-only HEAD")`);
  }
  const objects = await readBlobs(repo, entries.flatMap(({ commit, path }) => [commit, `${commit}:${path}`]));
  const tags = await tagsByCommit(repo);
  return entries.map(({ commit, path }) => ({ commit, path, bytes: objects.get(`${commit}:${path}`)!, tags: tags.get(commit) ?? [], ...parseCommit(objects.get(commit)!) }));
}

/**
 * Refuses a path HEAD of `repo` does not hold: its history would end at a rename or deletion, and the policy there is
 * stale. `given` is the repository as the user named it, for the message.
 */
async function refuseAbsent(repo: string, given: string, file: string): Promise<void> {
  if (await holdsFile(repo, 'HEAD', file)) return;
  const fate = await fileFate(repo, 'HEAD', file);
  if (fate && 'renamed' in fate) {
    throw new UsageError(`"${file}" is not at HEAD of "${given}": ${file} was renamed to ${fate.renamed} in ${fate.commit}; use --from ${fate.renamed}`);
  }
  if (fate) throw new UsageError(`"${file}" is not at HEAD of "${given}": it was deleted in ${fate.deleted}; give the file that holds the policy now`);
  throw new UsageError(`"${file}" is not at HEAD of "${given}"; give its path from the repository's root (list them with "git -C ${given} ls-tree -r --full-tree --name-only HEAD")`);
}

/**
 * The file's path from the repository's root (`root`, the top of its working tree; empty for a bare repository): as
 * given, or, when it names a file of that working tree from here (../website/SECURITY.md), made relative to it.
 */
function pathInRepository(root: string, file: string): string {
  const resolved = path.resolve(file);
  if (root && existsSync(resolved) && !path.relative(root, resolved).startsWith('..')) return path.relative(root, resolved).split(path.sep).join('/');
  return file.replace(/^\.\//, '');
}

/** The author, committer and message of a raw commit object. */
function parseCommit(raw: Buffer): { author: string; committer: string; message: string } {
  const text = raw.toString('utf8');
  const end = text.indexOf('\n\n');
  const headers = (end < 0 ? text : text.slice(0, end)).split('\n');
  const header = (name: string) => headers.find((line) => line.startsWith(`${name} `))?.slice(name.length + 1) ?? '';
  return { author: header('author'), committer: header('committer'), message: end < 0 ? '' : text.slice(end + 2) };
}

/** Every tag of the repository by the commit it names (annotated tags peeled). */
async function tagsByCommit(repo: string): Promise<Map<string, string[]>> {
  const text = await gitText(['for-each-ref', '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)', 'refs/tags'], { cwd: repo });
  const byCommit = new Map<string, string[]>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [name, object, peeled] = line.split('\0') as [string, string, string];
    const commit = peeled || object;
    byCommit.set(commit, [...(byCommit.get(commit) ?? []), name]);
  }
  return byCommit;
}
