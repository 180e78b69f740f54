/** The git helper process: the same answers as git started directly, git's parent is the helper, and it never holds the process open. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.ts';
import { disableGitRunner, enableGitRunner, HELPER_FOLDER_PREFIX, helperParent } from '../../src/lib/git-runner.ts';
import { git, GitError, GitStoppedError, readBlobs } from '../../src/lib/git.ts';
import { processAlive } from '../../src/lib/process-alive.ts';
import { commitFiles, tempRepo } from '../support/temp.ts';
import { waitUntil } from '../support/wait.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** Every answer the test compares, from one set of git calls in `repo`. */
async function answers(repo: string, blob: string, big: string): Promise<unknown[]> {
  const failure = await git(['rev-parse', '--verify', 'no-such-branch'], { cwd: repo }).catch((error: unknown) => error);
  const missing = await git(['status'], { cwd: repo, env: { PATH: path.join(repo, 'no-bin') } }).catch((error: unknown) => error);
  return [
    (await git(['log', '--format=%H %s'], { cwd: repo })).stdout.toString('utf8'),
    // Bytes in and out: a blob with a NUL and non-ASCII bytes, asked for on standard input.
    [...(await readBlobs(repo, [blob])).values()].map((bytes) => [...bytes]),
    // An answer of megabytes, which reaches the caller in many pieces.
    [...(await readBlobs(repo, [big])).values()].map((bytes) => createHash('sha256').update(bytes).digest('hex')),
    // An exit code the caller accepts, and one it does not.
    (await git(['diff', '--quiet', 'HEAD~1', 'HEAD'], { cwd: repo, okCodes: [1] })).code,
    failure instanceof GitError ? [failure.code, failure.stderr, failure.message] : failure,
    // The caller's environment reaches git.
    (await git(['var', 'GIT_AUTHOR_IDENT'], { cwd: repo, env: { GIT_AUTHOR_NAME: 'Rünner Tëst', GIT_AUTHOR_EMAIL: 'r@example.org', GIT_AUTHOR_DATE: '@0 +0000' } })).stdout.toString('utf8'),
    missing instanceof UsageError ? missing.message : missing,
    // Arguments and values the shell must pass through untouched: quotes, a newline, expansions, a leading dash.
    (await git(['rev-parse', '--sq-quote', "it's", 'two\nlines', '$HOME `id` $(id) \\ "*"', '-x'], { cwd: repo })).stdout.toString('utf8'),
    (await git(['var', 'GIT_COMMITTER_IDENT'], { cwd: repo, env: { GIT_COMMITTER_NAME: "O'Brien $USER `x`", GIT_COMMITTER_EMAIL: 'o@example.org', GIT_COMMITTER_DATE: '@0 +0000' } })).stdout.toString('utf8'),
    // The whole environment git gets, as its alias's shell lists it.
    (await git(['-c', 'alias.environment=!env', 'environment'], { cwd: repo })).stdout.toString('utf8').split('\n').sort(),
    // A folder that is not there: git's own words, not "git is not installed".
    await git(['status'], { cwd: path.join(repo, "no such ' folder") }).catch((error: unknown) => (error instanceof GitError ? [error.code, error.stderr] : error)),
    // git's usage error exits 129, as a git ended by SIGHUP would: through the helper's shell it is still git's refusal.
    await git(['status', '--no-such-option'], { cwd: repo }).catch((error: unknown) => (error instanceof GitError ? [error.code, error.stderr] : error)),
  ];
}

/** The helper folders of process `pid` still there. */
function helperFoldersOf(pid: number): string[] {
  return readdirSync(helperParent()).filter((name) => name.startsWith(`${HELPER_FOLDER_PREFIX}${pid}-`));
}

/** The process id of the parent of the git that `git()` starts in `repo`. */
async function parentOfGit(repo: string): Promise<number> {
  // The alias's shell is git's child: its parent's parent is whoever started git.
  const { stdout } = await git(['-c', 'alias.parent=!ps -o ppid= -p $PPID', 'parent'], { cwd: repo });
  return Number(stdout.toString('utf8').trim());
}

describe('the git helper process', () => {
  afterEach(() => disableGitRunner());

  it('gives what git started directly gives, and starts git itself', async () => {
    const repo = tempRepo();
    commitFiles(repo, { 'a.txt': 'one\n' }, 'One');
    const line = Array.from({ length: 64 }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join('');
    commitFiles(repo, { 'a.txt': 'two\n', 'b.bin': '\0\xff\xfe binary\n', 'big.txt': Array.from({ length: 15_000 }, (_, i) => `${i} ${line} é\n`).join('') }, 'Two');
    const [blob, big] = (await git(['rev-parse', 'HEAD:b.bin', 'HEAD:big.txt'], { cwd: repo })).stdout.toString('utf8').trim().split('\n') as [string, string];
    // The tests' setup turns the helper on for every file (test/support/file-hooks.ts): off first, for git itself.
    disableGitRunner();
    const direct = await answers(repo, blob, big);
    expect(await parentOfGit(repo)).toBe(process.pid);
    enableGitRunner();
    expect(await answers(repo, blob, big)).toEqual(direct);
    expect(await parentOfGit(repo)).not.toBe(process.pid);
  });

  it('lets the process exit when no git run is waiting', () => {
    const repo = tempRepo();
    const script = [
      `import { enableGitRunner } from ${JSON.stringify(path.join(projectRoot, 'src/lib/git-runner.ts'))};`,
      `import { gitText } from ${JSON.stringify(path.join(projectRoot, 'src/lib/git.ts'))};`,
      'enableGitRunner();',
      `console.log(await gitText(['rev-parse', '--is-inside-work-tree'], { cwd: ${JSON.stringify(repo)} }));`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('true\n');
    expect(run.status).toBe(0);
    expect(helperFoldersOf(run.pid)).toEqual([]);
  });

  it('keeps its files in memory only where there is room for a big answer, else in the temporary directory', () => {
    // A container's /dev/shm may hold 64 MB in all; a folder that is not there cannot be used.
    expect(helperParent('/dev/shm', Number.MAX_SAFE_INTEGER)).toBe(tmpdir());
    expect(helperParent(path.join(tmpdir(), 'no-such-folder'), 0)).toBe(tmpdir());
    if (existsSync('/dev/shm')) expect(helperParent('/dev/shm', 0)).toBe('/dev/shm');
  });

  it('removes the folder a helper killed with its process left, when the next helper starts', async () => {
    const repo = tempRepo();
    // A process id no process has (above the kernel's limit), as a folder left by a SIGKILL would name a gone one.
    const stale = path.join(helperParent(), `${HELPER_FOLDER_PREFIX}4194305-test`);
    mkdirSync(path.join(stale, 'inside'), { recursive: true });
    disableGitRunner();
    enableGitRunner();
    await git(['rev-parse', '--git-dir'], { cwd: repo });
    expect(existsSync(stale)).toBe(false);
  });

  it.each([
    ['through the helper', true],
    ['started directly', false],
  ])('reports a git ended by a signal, %s, as stopped: never as an exit code the caller takes for an answer', async (_how, helper) => {
    const repo = tempRepo();
    if (helper) enableGitRunner();
    else disableGitRunner();
    // The alias's shell kills its parent, the git that runs it; exit code 1 would read as "no" to this caller.
    const run = git(['-c', 'alias.die=!kill -KILL $PPID', 'die'], { cwd: repo, okCodes: [1] });
    await expect(run).rejects.toThrow(GitStoppedError);
    await expect(run).rejects.toThrow(/^git -c alias\.die=!kill -KILL \$PPID die was stopped by SIGKILL before it answered; run the command again$/);
    // Each signal by its own name (the helper's shell reports 128 plus its number).
    await expect(git(['-c', 'alias.die=!kill -TERM $PPID', 'die'], { cwd: repo, okCodes: [1, 143] })).rejects.toThrow(/stopped by SIGTERM/);
    // The route under test was the one taken.
    expect((await parentOfGit(repo)) === process.pid).toBe(!helper);
  });

  it('stops the git processes it started when the process is stopped by a signal', async () => {
    const repo = tempRepo();
    const pidFile = path.join(repo, 'git-child.pid');
    // A git whose alias writes its shell's process id, then waits far longer than the test. The id is written beside
    // the file and renamed into place: the file the shell's redirection creates is empty until echo has run.
    const script = [
      `import { enableGitRunner } from ${JSON.stringify(path.join(projectRoot, 'src/lib/git-runner.ts'))};`,
      `import { git } from ${JSON.stringify(path.join(projectRoot, 'src/lib/git.ts'))};`,
      'enableGitRunner();',
      `await git(['-c', 'alias.wait=!echo $$ > git-child.tmp && mv git-child.tmp git-child.pid; exec sleep 60', 'wait'], { cwd: ${JSON.stringify(repo)} });`,
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await waitUntil(() => existsSync(pidFile), 10);
    const gitChild = Number(readFileSync(pidFile, 'utf8').trim());
    expect(processAlive(gitChild)).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    await waitUntil(() => !processAlive(gitChild), 5);
    expect(processAlive(gitChild)).toBe(false);
    expect(helperFoldersOf(child.pid!)).toEqual([]);
  }, 30_000);

  it('off, a git started directly is stopped too when the process is stopped by a signal', async () => {
    const repo = tempRepo();
    const pidFile = path.join(repo, 'git-child.pid');
    // The alias's shell writes its own id (it becomes the sleep) and its parent's, the git that spawnGit started.
    const script = [
      `import { git } from ${JSON.stringify(path.join(projectRoot, 'src/lib/git.ts'))};`,
      `await git(['-c', 'alias.wait=!echo $$ $PPID > git-child.tmp && mv git-child.tmp git-child.pid; exec sleep 60', 'wait'], { cwd: ${JSON.stringify(repo)} });`,
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await waitUntil(() => existsSync(pidFile), 10);
    const [sleeper, gitProcess] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number) as [number, number];
    try {
      expect(processAlive(gitProcess)).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe('SIGTERM');
      await waitUntil(() => !processAlive(gitProcess), 5);
      expect(processAlive(gitProcess)).toBe(false);
    } finally {
      // Killing git does not reach its alias's shell, which is not what this test is about.
      try {
        process.kill(sleeper, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }, 30_000);
});
