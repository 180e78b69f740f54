/**
 * A throwaway repository in which `git am` can be tried at a commit of the user's repository, cheaply and without
 * touching it: it reads the user's objects (as alternates) and writes its own in the temporary folder, has HEAD,
 * index and config of its own, and checks out only the files at the top and under content/ (the policy, and the
 * config files lint reads), not the whole project as a linked worktree would. Nothing is registered in the user's
 * repository, so nothing is left there to prune; the folder itself goes whatever ends the run (withTempFolder).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { git, type GitOptions } from '../git.ts';
import { POLICY_LAYOUT } from '../load/parse.ts';
import { withTempFolder } from '../temp-folder.ts';

/** No hooks and no signing: the scratch repository must not run the user's hooks (core.hooksPath may be global) or ask for a key. */
const QUIET_GIT = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false'];

/** Runs git in a scratch repository; every run names its folders, so no GIT_DIR or GIT_INDEX_FILE of the caller (a hook's) leaks in. */
export type ScratchGit = (args: string[], options?: Omit<GitOptions, 'cwd' | 'env'>) => ReturnType<typeof git>;

/** The top-level folder of the policy's files (content/), which the scratch checkout holds with the files at the top. */
const CONTENT_DIR = POLICY_LAYOUT.sectionsDir.split('/')[0]!;

/**
 * Runs `use` in a new scratch repository at `commit` of the repository whose common git folder is `commonDir`
 * (`git rev-parse --git-common-dir`, absolute); `use` gets the work tree's folder and a git runner for it.
 */
export async function withScratchRepository<T>(commonDir: string, commit: string, use: (dir: string, run: ScratchGit) => Promise<T>): Promise<T> {
  return withTempFolder('policy-scratch-', async (folder) => {
    const dir = path.join(folder, 'tree');
    const gitDir = path.join(folder, 'git');
    await Promise.all(['objects', 'refs', 'info'].map((sub) => mkdir(path.join(gitDir, sub), { recursive: true })));
    await Promise.all([
      writeFile(path.join(gitDir, 'HEAD'), `${commit}\n`),
      writeFile(path.join(gitDir, 'config'), '[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tsparseCheckout = true\n\tsparseCheckoutCone = false\n'),
      // The files at the top (site.yaml, .markdownlint-cli2.jsonc), not the folders, and content/ whole.
      writeFile(path.join(gitDir, 'info', 'sparse-checkout'), `/*\n!/*/\n/${CONTENT_DIR}/\n`),
      mkdir(dir),
    ]);
    const env = {
      GIT_DIR: gitDir,
      GIT_WORK_TREE: dir,
      GIT_INDEX_FILE: path.join(gitDir, 'index'),
      GIT_OBJECT_DIRECTORY: path.join(gitDir, 'objects'),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(commonDir, 'objects'),
    };
    const run: ScratchGit = (args, options = {}) => git([...QUIET_GIT, ...args], { ...options, cwd: dir, env });
    await run(['reset', '--quiet', '--hard', commit]);
    return use(dir, run);
  });
}
