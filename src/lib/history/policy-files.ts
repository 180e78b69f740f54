/**
 * The policy's files at many commits of one first-parent history, read with two git processes in all: one
 * `git log --raw` that lists what each commit changed in the policy files (shared with the release finder), and one
 * `git cat-file --batch` for every distinct blob. Reading commit by commit (ls-tree and cat-file each) cost two
 * processes per release.
 */
import { git, isFullCommitId, readBlobs } from '../git.ts';
import { decodeSourceFile, POLICY_LAYOUT, type SourceFile } from '../load/parse.ts';
import { memoPromise } from '../promise-memo.ts';

/** The policy's files at one commit, as readPolicyFilesAt gives them. */
export interface PolicyFiles {
  metadataFile?: SourceFile;
  sectionFiles: SourceFile[];
}

/** One file of the policy in a tree: its mode and blob id. */
interface TreeFile {
  mode: string;
  objectId: string;
}

/** A commit of the first-parent history and what it changed in the policy files against its first parent. */
export interface PolicyChange {
  commit: string;
  /** Commit date, ISO 8601. */
  committed: string;
  subject: string;
  /** Empty when the commit leaves the policy files as they were. */
  changes: { path: string; file?: TreeFile }[];
}

/** First-parent logs already read in this process, by repository and head commit: a commit's history never changes. */
const logs = new Map<string, Promise<PolicyChange[]>>();

/**
 * Every first-parent commit up to `head` with what it changed in the policy files, oldest first. One `git log` serves
 * both the release finder (the commits that change the policy) and the reader of files at many commits; read once
 * per process for a full commit id.
 */
export function policyChanges(repo: string, head: string): Promise<PolicyChange[]> {
  if (!isFullCommitId(head)) return readPolicyChanges(repo, head);
  return memoPromise(logs, `${repo}\0${head}`, () => readPolicyChanges(repo, head));
}

/** What policyChanges reads, with one `git log`. */
async function readPolicyChanges(repo: string, head: string): Promise<PolicyChange[]> {
  // --first-parent also diffs a merge against its first parent; --sparse lists the commits that leave the policy as it
  // was too, so any commit of the history can be asked for; --root shows what the first commit added.
  const { stdout } = await git(
    ['log', '--first-parent', '--sparse', '--root', '--no-renames', '--raw', '--no-abbrev', '-z', '--format=commit %H%x1f%cI%x1f%s', head, '--', POLICY_LAYOUT.metadataFile, POLICY_LAYOUT.sectionsDir],
    { cwd: repo },
  );
  const tokens = stdout.toString('utf8').split('\0');
  const commits: PolicyChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.replace(/^\n/, '');
    if (token.startsWith('commit ')) {
      const [commit = '', committed = '', subject = ''] = token.slice('commit '.length).split('\x1f');
      commits.push({ commit: commit.trim(), committed, subject, changes: [] });
    } else if (token.startsWith(':')) {
      // ":<old mode> <new mode> <old id> <new id> <status>", then the path as the next token.
      const [, newMode, , newId, status] = token.slice(1).split(' ') as [string, string, string, string, string];
      const path = tokens[++i]!;
      commits.at(-1)?.changes.push(status === 'D' ? { path } : { path, file: { mode: newMode, objectId: newId } });
    }
  }
  return commits.reverse();
}

/** Whether a file of the tree is one the loader reads: the metadata file, or a Markdown file directly in the sections folder. */
function isPolicyFile(path: string, file: TreeFile): boolean {
  if (file.mode === '160000') return false; // a submodule is no file
  if (path === POLICY_LAYOUT.metadataFile) return true;
  const prefix = `${POLICY_LAYOUT.sectionsDir}/`;
  return path.startsWith(prefix) && path.endsWith('.md') && !path.slice(prefix.length).includes('/');
}

/** Byte order of paths, as git lists a tree. */
function byPath(a: { path: string }, b: { path: string }): number {
  return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}

/**
 * Reads the policy's files at each of `commits`, all on the first-parent history of `head`, with two git
 * processes. A commit that is not on that history is missing from the result.
 */
export async function readPolicyFilesAtCommits(repo: string, head: string, commits: string[]): Promise<Map<string, PolicyFiles>> {
  const wanted = new Set(commits);
  const result = new Map<string, PolicyFiles>();
  if (wanted.size === 0) return result;
  const trees = new Map<string, { path: string; file: TreeFile }[]>();
  const tree = new Map<string, TreeFile>();
  for (const { commit, changes } of await policyChanges(repo, head)) {
    for (const change of changes) {
      if (change.file) tree.set(change.path, change.file);
      else tree.delete(change.path);
    }
    if (wanted.has(commit)) trees.set(commit, [...tree].filter(([path, file]) => isPolicyFile(path, file)).map(([path, file]) => ({ path, file })));
  }
  const blobs = await readBlobs(repo, [...trees.values()].flatMap((files) => files.map(({ file }) => file.objectId)));
  for (const [commit, files] of trees) {
    const sources = files.sort(byPath).map(({ path, file }): SourceFile => decodeSourceFile(path, blobs.get(file.objectId)!));
    const metadataFile = sources.find((source) => source.path === POLICY_LAYOUT.metadataFile);
    result.set(commit, { ...(metadataFile ? { metadataFile } : {}), sectionFiles: sources.filter((source) => source.path !== POLICY_LAYOUT.metadataFile) });
  }
  return result;
}
