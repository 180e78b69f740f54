/**
 * The folder a command works on when the user names none: the policy's repository, found from wherever in it the
 * command was typed, as git finds its own (`git rev-parse --show-toplevel`). Paths the user typed stay relative to
 * where they were typed (userPath); only the policy's own files are read from the repository's top.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/lib/errors.ts';
import { git, GitError } from '../../src/lib/git.ts';
import { POLICY_LAYOUT } from '../../src/lib/load/parse.ts';
import { userPath, type CommandIo } from './command.ts';
import { requireFolder } from './options.ts';

/** What to do, said wherever a command finds no policy: one sentence for all of them. */
const WHERE_TO_RUN = `run policy in your policy's repository (the folder holding ${POLICY_LAYOUT.metadataFile})`;

/** The folder as the user should read it in a message: as given, but the command line's own '.' as its full path. */
function shown(folder: string): string {
  return folder === '.' ? path.resolve(folder) : folder;
}

/** Whether `folder` holds a policy: its metadata file or its sections folder (either is enough for lint to report on the other). */
export function isPolicyFolder(folder: string): boolean {
  return existsSync(path.join(folder, POLICY_LAYOUT.metadataFile)) || existsSync(path.join(folder, POLICY_LAYOUT.sectionsDir));
}

/**
 * The top folder of the git repository around `folder`: `folder` itself (as given, so messages keep naming it so) when
 * it is the top, else git's absolute path; undefined when `folder` is in no repository's working tree. Any other
 * failure of git (a repository git refuses as unsafe, say) is git's own error.
 */
export async function findRepository(folder: string): Promise<string | undefined> {
  const args = ['rev-parse', '--show-toplevel'];
  const { stdout, stderr, code } = await git(args, { cwd: folder, okCodes: [128] });
  // (inside .git, or a bare repository, git says it needs a work tree: no policy files to work on there either)
  if (code !== 0 && /not a git repository|must be run in a work tree/.test(stderr)) return undefined;
  if (code !== 0) throw new GitError(args, code, stderr);
  const top = stdout.toString('utf8').replace(/\n$/, '');
  return top === realpathSync(folder) ? folder : top;
}

/** The repository a git-reading command works on (release, series, import, a revision for check or redline); a UsageError outside one. */
export async function repositoryRoot(folder: string): Promise<string> {
  await requireFolder(folder);
  const top = await findRepository(folder);
  if (top === undefined) throw new UsageError(`${shown(folder)} is not in a git repository; ${WHERE_TO_RUN}`);
  return top;
}

/**
 * The folder lint and check read when given none: `folder` when it holds the policy (no git needed: a copy of the files
 * outside git lints too), else the top of its repository. A UsageError when neither holds a policy, rather than a
 * report of every file missing.
 */
export async function policyRoot(folder: string): Promise<string> {
  if (isPolicyFolder(folder)) return folder;
  const top = await findRepository(folder);
  if (top !== undefined && isPolicyFolder(top)) return top;
  return refuseNonPolicyFolder(top ?? folder);
}

/** The folder lint and check read: the one given on the command line (which must hold a policy), else policyRoot's. */
export async function policyFolder(io: CommandIo, given: string | undefined): Promise<string> {
  if (given === undefined) return policyRoot(io.cwd);
  const folder = userPath(io, given);
  await requireFolder(folder);
  if (!isPolicyFolder(folder)) refuseNonPolicyFolder(folder);
  return folder;
}

/** The refusal for a folder that holds no policy. */
function refuseNonPolicyFolder(folder: string): never {
  throw new UsageError(`${shown(folder)} is not a policy folder: it holds neither ${POLICY_LAYOUT.metadataFile} nor ${POLICY_LAYOUT.sectionsDir}/; ${WHERE_TO_RUN}, or give that folder`);
}
