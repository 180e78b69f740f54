/** Runs git itself: every git operation of the project goes through here. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.ts';
import { onExitOrSignal } from './exit-cleanup.ts';
import { gitRunnerEnabled, helperTakes, runGitThroughHelper, type RunnerResult } from './git-runner.ts';

/** Options of one git call. */
export interface GitOptions {
  /** Repository (or worktree) to run in. */
  cwd: string;
  /** Bytes or text for git's standard input. */
  input?: string | Buffer;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Exit codes that are answers, not failures (e.g. 1 for `diff --exit-code`). */
  okCodes?: number[];
  /** Abort signal, e.g. to stop on Ctrl-C. */
  signal?: AbortSignal;
}

/** What git printed and how it exited. */
export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** A git call that failed: its arguments, exit code and what it said. */
export class GitError extends Error {
  readonly args: string[];
  readonly code: number;
  readonly stderr: string;

  constructor(args: string[], code: number, stderr: string) {
    super(`git ${args.join(' ')} failed (exit ${code}): ${stderr.trim() || 'no message'}`);
    this.name = 'GitError';
    this.args = args;
    this.code = code;
    this.stderr = stderr;
  }
}

/**
 * A git call that gave no answer: git was ended by a signal (killed, or stopped for want of memory). Not a GitError,
 * which is git's own refusal: a caller that takes exit code 1 as "no such commit" or "not an ancestor" must never read
 * a killed git so, or a build would publish a history with a release correction or a tag silently left out.
 */
export class GitStoppedError extends Error {
  readonly args: string[];
  readonly signal: string;

  constructor(args: string[], signal: string) {
    super(`git ${args.join(' ')} was stopped by ${signal} before it answered; run the command again`);
    this.name = 'GitStoppedError';
    this.args = args;
    this.signal = signal;
  }
}

/** An environment that makes git's output stable: no pager, no prompts, C locale, no user config surprises. */
function gitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANG: 'C', ...extra };
}

/** The work trees of scratch repositories at work (see scratch-repository.ts), with the environment that names their git folders. */
const scratchRepositories = new Map<string, Record<string, string>>();

/**
 * Makes every git run in `dir` or below it (the work tree of a scratch repository) use the git folder, index and
 * object stores that `env` names, so the callers' readers, given only the folder, read the scratch repository and
 * never the one around it; undefined `env` ends it.
 */
export function setScratchRepository(dir: string, env?: Record<string, string>): void {
  if (env) scratchRepositories.set(dir, env);
  else scratchRepositories.delete(dir);
}

/** The environment of the scratch repository `cwd` is in, if any. */
function scratchEnv(cwd: string): Record<string, string> | undefined {
  for (const [dir, env] of scratchRepositories) if (cwd === dir || cwd.startsWith(`${dir}${path.sep}`)) return env;
  return undefined;
}

/** Runs `git args` and resolves with its output; rejects with GitError on an unexpected exit code, GitStoppedError when a signal ended git. */
export async function git(args: string[], options: GitOptions): Promise<GitResult> {
  const env = gitEnv({ ...scratchEnv(options.cwd), ...options.env });
  // A run that may be stopped keeps its own child, which the signal can kill; so does one whose environment the helper's
  // shell cannot give (a variable named with characters a shell name cannot hold).
  const result = gitRunnerEnabled() && !options.signal && helperTakes(env) ? await runGitThroughHelper(args, options.cwd, env, options.input ?? '') : await spawnGit(args, options.cwd, env, options);
  if (result.spawnError === 'ENOENT') throw new UsageError('git is not installed or not on the PATH; install git and try again');
  if (result.signal) throw new GitStoppedError(args, result.signal);
  if (result.code === 0 || options.okCodes?.includes(result.code)) return { stdout: result.stdout, stderr: result.stderr, code: result.code };
  throw new GitError(args, result.code, result.stderr);
}

/** Starts git as a child of this process. */
function spawnGit(args: string[], cwd: string, env: NodeJS.ProcessEnv, options: GitOptions): Promise<RunnerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, signal: options.signal, stdio: ['pipe', 'pipe', 'pipe'] });
    // Stopped first if this process is (cleanups run newest first): a git left running after a signal that reached only
    // this process would go on writing into the temporary folder the other cleanups remove, and make it again.
    const unregister = onExitOrSignal(() => child.kill('SIGKILL'));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      unregister();
      // Node says ENOENT for a folder that is not there as for a git that is not: git's own words for the first.
      if (error.code === 'ENOENT' && !existsSync(cwd)) resolve({ stdout: Buffer.alloc(0), stderr: `fatal: cannot change to '${path.resolve(cwd)}': No such file or directory\n`, code: 128 });
      else if (error.code === 'ENOENT') resolve({ stdout: Buffer.alloc(0), stderr: error.message, code: 1, spawnError: 'ENOENT' });
      else reject(error);
    });
    child.on('close', (code, signal) => (unregister(), resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1, ...(signal ? { signal } : {}) })));
    child.stdin.on('error', () => {}); // git may exit before reading all input; the exit code tells.
    child.stdin.end(options.input ?? '');
  });
}

/** Runs git and returns its standard output as text, trailing newline removed. */
export async function gitText(args: string[], options: GitOptions): Promise<string> {
  return (await git(args, options)).stdout.toString('utf8').replace(/\n$/, '');
}

/** The branch checked out in `repo` (`main`), or undefined when HEAD is detached. */
export async function checkedOutBranch(repo: string): Promise<string | undefined> {
  const { stdout, code } = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repo, okCodes: [1] });
  return code === 0 ? stdout.toString('utf8').trim() : undefined;
}

/**
 * Who git commits as in `cwd` ("Name <email> time zone"), as `git var` says for the author or the committer; a
 * UsageError saying how to set it when git has no identity there, before the command has written anything (git's own
 * refusal comes at the commit, in twelve lines).
 */
export async function commitIdentity(cwd: string, role: 'author' | 'committer' = 'committer'): Promise<string> {
  const { stdout, code } = await git(['var', role === 'author' ? 'GIT_AUTHOR_IDENT' : 'GIT_COMMITTER_IDENT'], { cwd, okCodes: [128] });
  if (code !== 0) throw new UsageError('git does not know who you are, and this command commits or mails as you; run git config --global user.name "Your Name" and git config --global user.email you@example.org, then run it again');
  return stdout.toString('utf8').trim();
}

/** Whether `name` is a full object id (SHA-1 or SHA-256), not a name that could come to mean another commit. */
export function isFullCommitId(name: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(name);
}

/** Resolves a revision to a full commit id, or throws a UsageError that says how to fix it. */
export async function resolveCommit(repo: string, revision: string): Promise<string> {
  if (revision.startsWith('-')) throw new UsageError(`"${revision}" is not a revision; name a branch, tag or commit id`);
  try {
    return await gitText(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], { cwd: repo });
  } catch (error) {
    if (error instanceof GitError) {
      throw new UsageError(`unknown revision "${revision}" in ${repo === '.' ? 'this repository' : 'the repository'}; check the name with "git log --oneline" or "git tag"`);
    }
    throw error;
  }
}

/** git's words (in the C locale gitEnv sets) for a path a commit does not hold. */
const ABSENT_PATH = /^fatal: path '.*' (?:does not exist|exists on disk, but not) in '.*'$/m;

/**
 * The bytes of `file` at `commit` (`git cat-file blob`), or undefined when the commit does not hold it. Any other
 * failure (a missing object, a damaged repository) is a GitError: git exits 128 for both, and a caller that took every
 * 128 for "not there" would go on without a file it has.
 */
export async function readFileAtCommit(repo: string, commit: string, file: string): Promise<Buffer | undefined> {
  const args = ['cat-file', 'blob', `${commit}:${file}`];
  const shown = await git(args, { cwd: repo, okCodes: [128] });
  if (shown.code === 0) return shown.stdout;
  if (ABSENT_PATH.test(shown.stderr)) return undefined;
  throw new GitError(args, shown.code, shown.stderr);
}

/** Reads many blobs in one `git cat-file --batch` process; returns their bytes by object id. */
export async function readBlobs(repo: string, objectIds: string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(objectIds)];
  const blobs = new Map<string, Buffer>();
  if (unique.length === 0) return blobs;
  const { stdout } = await git(['cat-file', '--batch'], { cwd: repo, input: unique.join('\n') + '\n' });
  let offset = 0;
  for (const id of unique) {
    const newline = stdout.indexOf(0x0a, offset);
    const header = stdout.subarray(offset, newline).toString('utf8').split(' ');
    if (header[1] === 'missing') throw new GitError(['cat-file', '--batch'], 1, `object ${id} is missing`);
    const size = Number(header[2]);
    blobs.set(id, stdout.subarray(newline + 1, newline + 1 + size));
    offset = newline + 1 + size + 1;
  }
  return blobs;
}

/** One entry of `git ls-tree`. */
export interface TreeEntry {
  mode: string;
  type: string;
  objectId: string;
  path: string;
}

/** Lists the files of `commit` under `paths`, recursively, with their modes and blob ids. */
export async function listTree(repo: string, commit: string, paths: string[]): Promise<TreeEntry[]> {
  const { stdout } = await git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths], { cwd: repo });
  return stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, objectId] = line.slice(0, tab).split(' ') as [string, string, string];
      return { mode, type, objectId, path: line.slice(tab + 1) };
    });
}
