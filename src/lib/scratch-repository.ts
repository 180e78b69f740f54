/**
 * A throwaway repository in which a series is applied with `git am` at a commit of the user's repository, cheaply and
 * without touching it: it reads the user's objects (as alternates) and writes its own in the temporary folder, has
 * HEAD, index and config of its own, and checks out only the files at the top and under content/ (the policy, and the
 * config files lint reads), not the whole project as a linked worktree would. Nothing is registered in the user's
 * repository, so nothing is left there to prune; the folder itself, with every object `git am` wrote, goes whatever
 * ends the run (withTempFolder): what a caller needs of the applied commits it reads inside `use`.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import path from 'node:path';
import { git, gitText, setScratchRepository, type GitOptions } from './git.ts';
import { POLICY_LAYOUT } from './load/parse.ts';
import { memoPromise } from './promise-memo.ts';
import { withTempFolder } from './temp-folder.ts';

/** Name prefix of every scratch repository's temporary folder; the creating process id follows (see withTempFolder). */
export const SCRATCH_PREFIX = 'policy-scratch-';

/** No hooks, no signing, no automatic gc: the scratch repository must not run the user's hooks (core.hooksPath may be global), ask for a key or pack. */
const QUIET_GIT = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', '-c', 'gc.auto=0', '-c', 'maintenance.auto=false'];

/** The committer of every commit made in a scratch repository (git am's): a fixed one, not the user's. */
const SCRATCH_COMMITTER = { GIT_COMMITTER_NAME: 'policy scratch', GIT_COMMITTER_EMAIL: 'scratch@policy.invalid' };

/** Runs git in a scratch repository. */
export type ScratchGit = (args: string[], options?: Omit<GitOptions, 'cwd'>) => ReturnType<typeof git>;

/** A scratch repository at work: its work tree, a git runner for it, and a folder beside it for the caller's own files. */
export interface ScratchRepository {
  /** The work tree (top-level files and content/); every git run in it, through `run` or not, uses the scratch repository. */
  dir: string;
  run: ScratchGit;
  /** A private folder outside the work tree, removed with it (for the mails to apply, say). */
  spare: string;
}

/** The top-level folder of the policy's files (content/), which the scratch checkout holds with the files at the top. */
const CONTENT_DIR = POLICY_LAYOUT.sectionsDir.split('/')[0]!;

/** Per repository, its common git folder, found once per process. */
const commonDirs = new Map<string, Promise<string>>();

/** The common git folder of `repo` (where its objects are), absolute: its .git folder when it has one, else asked of git (a linked worktree). */
export function commonGitDir(repo: string): Promise<string> {
  return memoPromise(commonDirs, repo, async () => {
    const dotGit = path.join(repo, '.git');
    // A .git folder is a main repository's own; a linked worktree or a submodule has a .git file naming another.
    if (statSync(dotGit, { throwIfNoEntry: false })?.isDirectory()) return dotGit;
    return path.resolve(repo, await gitText(['rev-parse', '--git-common-dir'], { cwd: repo }));
  });
}

/** The scratch repository's config: a sparse checkout, in the object format of the commit ids (SHA-256 ones are 64 digits). */
function scratchConfig(commit: string): string {
  const sha256 = commit.length === 64;
  return `[core]\n\trepositoryformatversion = ${sha256 ? 1 : 0}\n\tbare = false\n\tsparseCheckout = true\n\tsparseCheckoutCone = false\n${sha256 ? '[extensions]\n\tobjectFormat = sha256\n' : ''}`;
}

/**
 * Runs `use` in a new scratch repository at `commit` (a full commit id) of the repository whose common git folder is
 * `commonDir` (see commonGitDir), and removes it afterwards whatever happens.
 */
export async function withScratchRepository<T>(commonDir: string, commit: string, use: (scratch: ScratchRepository) => Promise<T>): Promise<T> {
  return withTempFolder(SCRATCH_PREFIX, async (folder) => {
    const dir = path.join(folder, 'tree');
    const gitDir = path.join(folder, 'git');
    const spare = path.join(folder, 'spare');
    await Promise.all(['objects', 'refs', 'info'].map((sub) => mkdir(path.join(gitDir, sub), { recursive: true })));
    await Promise.all([
      writeFile(path.join(gitDir, 'HEAD'), `${commit}\n`),
      writeFile(path.join(gitDir, 'config'), scratchConfig(commit)),
      // The files at the top (site.yaml, .markdownlint-cli2.jsonc), not the folders, and content/ whole.
      writeFile(path.join(gitDir, 'info', 'sparse-checkout'), `/*\n!/*/\n/${CONTENT_DIR}/\n`),
      // A shallow clone's history ends where its shallow file says: without it, git would look for the missing parents.
      copyFile(path.join(commonDir, 'shallow'), path.join(gitDir, 'shallow')).catch(() => undefined),
      mkdir(dir),
      mkdir(spare),
    ]);
    // Named for every git run in the work tree, so no GIT_DIR or GIT_INDEX_FILE of the caller (a hook's) leaks in,
    // and the callers' own readers (given only the folder) read the scratch repository too.
    setScratchRepository(dir, {
      GIT_DIR: gitDir,
      GIT_WORK_TREE: dir,
      GIT_INDEX_FILE: path.join(gitDir, 'index'),
      GIT_OBJECT_DIRECTORY: path.join(gitDir, 'objects'),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(commonDir, 'objects'),
      // Its commits are thrown away with it, so they need no one's name: without one, git am failed (and the series was
      // said not to apply) for a user whose identity is in the repository's own config, which the scratch one does not read.
      ...SCRATCH_COMMITTER,
    });
    try {
      const run: ScratchGit = (args, options = {}) => git([...QUIET_GIT, ...args], { ...options, cwd: dir });
      await run(['reset', '--quiet', '--hard', commit]);
      return await use({ dir, run, spare });
    } finally {
      setScratchRepository(dir);
    }
  });
}
