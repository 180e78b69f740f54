/**
 * A small helper process that starts git for a big one. Node forks every child (libuv uses fork), and a fork costs
 * time in proportion to the parent's memory: an Astro build holds 600 MB, where one git process costs about 30 ms of
 * system time before git runs. A Node process as the helper still cost about 4 ms of processor time for each git it
 * started (the fork of a 50 MB process, its copy-on-write faults afterwards, and Node's spawn machinery); the helper
 * is therefore the system's shell, whose fork costs a fraction of a millisecond. A process that starts many git
 * processes (the site build, the tests) asks it to start them instead.
 *
 * A request is a small shell script in the helper's folder, named by its id on one line of the helper's standard
 * input: it goes to the caller's folder, sets the caller's environment, and runs git with its standard input, output
 * and error in files of that folder; the helper answers `<id> <exit status>` on one line when git has ended. The folder
 * is in memory (/dev/shm) where there is one with room: on disk, the four file operations of a request cost more than
 * the fork.
 *
 * One helper per process: its state lives on `globalThis`, because a build loads the project's modules more than
 * once (the config, the bundled pages), and all of them should share it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { onExitOrSignal } from './exit-cleanup.ts';
import { removeStaleTempFolders } from './temp-folder.ts';

/** What a git run printed and how it ended, as the helper reports it. */
export interface RunnerResult {
  stdout: Buffer;
  stderr: string;
  /** Exit code; 1 when git was ended by a signal (see `signal`). */
  code: number;
  /** The signal that ended git (SIGKILL, say): then it gave no answer, whatever a caller makes of exit code 1. */
  signal?: string;
  /** The error code (ENOENT when git is not on the PATH) when git could not be started at all. */
  spawnError?: string;
}

/**
 * The helper's program, run with `sh -c` and its folder as `$1`: for each request id it reads, it runs that request's
 * script in a subshell of its own (so requests run side by side and one's environment never reaches another) and
 * answers with the script's exit status. It ends when its standard input has closed and every git has answered.
 */
const RUNNER_SCRIPT = 'while IFS= read -r id; do { . "$1/$id.sh"; echo "$id $?"; } & done; wait';

/** The exit status a request's script returns when it cannot enter the caller's folder (git itself never exits so). */
const NO_FOLDER = 254;

/**
 * The free space the memory folder must have for the helper to keep git's output there: a whole history's blobs can be
 * tens of megabytes, and a container's /dev/shm may hold 64 MB in all (Docker's default).
 */
const MEMORY_FOLDER_MIN_FREE = 512 * 1024 * 1024;

/** The helper's folder's parent: memory (`shm`) where the system has it with room to spare, else the temporary directory. */
export function helperParent(shm = '/dev/shm', minimumFree = MEMORY_FOLDER_MIN_FREE): string {
  try {
    accessSync(shm, constants.W_OK | constants.X_OK);
    const { bavail, bsize } = statfsSync(shm);
    if (bavail * bsize >= minimumFree) return shm;
  } catch {
    // No such folder, or not ours to write: the temporary directory.
  }
  return tmpdir();
}

/** The variables the shell's cd sets, which git given its caller's environment must see as the caller has them. */
const SET_BY_CD = ['PWD', 'OLDPWD'];

/** The prefix of a helper's folder; the process id that follows it lets a later helper remove one a kill left. */
export const HELPER_FOLDER_PREFIX = 'policy-git-';

/** A word the shell reads back as `text` exactly. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** Whether the shell can set or unset `name` (a name with other characters can only be inherited). */
function shellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** One running helper: its process, its folder, the environment it was started with, and the answers it still owes. */
interface Runner {
  child: ChildProcess;
  folder: string;
  env: NodeJS.ProcessEnv;
  waiting: Map<number, { cwd: string; resolve: (result: RunnerResult) => void; reject: (error: Error) => void }>;
  nextId: number;
}

/** What every copy of this module in the process shares. */
interface RunnerState {
  enabled: boolean;
  runner?: Runner;
}

const STATE_KEY = Symbol.for('policy.git-runner');

function state(): RunnerState {
  const shared = globalThis as { [STATE_KEY]?: RunnerState };
  return (shared[STATE_KEY] ??= { enabled: false });
}

/** Makes this process start its git processes through the helper from now on (the site build calls it first thing). */
export function enableGitRunner(): void {
  state().enabled = true;
}

/** Whether git processes go through the helper. */
export function gitRunnerEnabled(): boolean {
  return state().enabled;
}

/** Stops using the helper and ends it (it finishes what it was asked first); resolves once it has ended. */
export function disableGitRunner(): Promise<void> {
  const current = state();
  const helper = current.runner;
  current.enabled = false;
  current.runner = undefined;
  if (!helper || helper.child.exitCode !== null || helper.child.signalCode !== null) return Promise.resolve();
  const ended = new Promise<void>((resolve) => helper.child.once('close', () => resolve()));
  // Held until it has ended: a caller that waits for it keeps the process alive that long.
  holdProcess(helper, true);
  helper.child.stdin?.end();
  return ended;
}

/** Lets the process exit while the helper idles, and keeps it alive while an answer is owed. */
function holdProcess(runner: Runner, hold: boolean): void {
  const handles = [runner.child, runner.child.stdin, runner.child.stdout] as Array<{ ref(): void; unref(): void } | null>;
  for (const handle of handles) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
}

/** The running helper, started on first use. */
function runner(): Runner {
  const current = state();
  if (current.runner) return current.runner;
  const parent = helperParent();
  removeStaleTempFolders(HELPER_FOLDER_PREFIX, parent);
  const folder = mkdtempSync(path.join(parent, `${HELPER_FOLDER_PREFIX}${process.pid}-`));
  // A process group of its own, so that stopping it (stopHelper) stops the git processes it started too.
  const child = spawn('/bin/sh', ['-c', RUNNER_SCRIPT, 'policy-git-helper', folder], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env, detached: true });
  const started: Runner = { child, folder, env: { ...process.env }, waiting: new Map(), nextId: 1 };
  // However this process ends, the helper's git processes are stopped and its folder removed.
  const unregister = onExitOrSignal(() => {
    stopHelper(started);
    rmSync(folder, { recursive: true, force: true });
  });
  let pending = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      const [id, status] = pending.slice(0, newline).split(' ').map(Number) as [number, number];
      pending = pending.slice(newline + 1);
      const waiter = started.waiting.get(id);
      started.waiting.delete(id);
      if (started.waiting.size === 0) holdProcess(started, false);
      let result: RunnerResult;
      try {
        result = readAnswer(started, id, status, waiter?.cwd ?? '');
      } catch (error) {
        waiter?.reject(error as Error);
        continue;
      }
      waiter?.resolve(result);
    }
  });
  // The helper gone (killed, or out of memory): what it owed fails, and the next call starts a new one.
  const lost = (why: string) => {
    if (current.runner === started) current.runner = undefined;
    for (const waiter of started.waiting.values()) waiter.reject(new Error(`the git helper process ended (${why}) before git answered; run the command again`));
    started.waiting.clear();
    unregister();
    rmSync(folder, { recursive: true, force: true });
  };
  child.on('error', (error) => lost(error.message));
  // On close, not exit: the helper's last answers may still be unread when it has exited.
  child.on('close', (code, signal) => lost(signal ?? `exit ${code}`));
  child.stdin!.on('error', () => {});
  holdProcess(started, false);
  current.runner = started;
  return started;
}

/** The files of request `id` in the helper's folder. */
function requestFiles(helper: Runner, id: number): { script: string; input: string; output: string; errors: string } {
  const file = (extension: string) => path.join(helper.folder, `${id}.${extension}`);
  return { script: file('sh'), input: file('in'), output: file('out'), errors: file('err') };
}

/** Reads what request `id` printed, removes its files, and reports its exit status as a direct spawn of git would. */
function readAnswer(helper: Runner, id: number, status: number, cwd: string): RunnerResult {
  const files = requestFiles(helper, id);
  try {
    if (status === NO_FOLDER) return { stdout: Buffer.alloc(0), stderr: `fatal: cannot change to '${path.resolve(cwd)}': No such file or directory\n`, code: 128 };
    const stdout = readFileSync(files.output);
    const stderr = readFileSync(files.errors, 'utf8');
    // The shell answers 127 when it finds no git to run.
    if (status === 127 && /: git: (?:command )?not found/.test(stderr)) return { stdout, stderr, code: 1, spawnError: 'ENOENT' };
    const signal = signalOf(status);
    return signal ? { stdout, stderr, code: 1, signal } : { stdout, stderr, code: status };
  } finally {
    for (const file of Object.values(files)) rmSync(file, { force: true });
  }
}

/**
 * The signal that ended git, from the shell's status for it (128 + the signal's number). git exits 128 and 129 itself
 * (a fatal error, a usage error), so 129 stays an exit code: a git ended by SIGHUP then fails as one that git refused,
 * still never taken for an answer. Every other status above 128 is a signal's.
 */
function signalOf(status: number): string | undefined {
  if (status <= 129) return undefined;
  return Object.entries(osConstants.signals).find(([, number]) => number === status - 128)?.[0] ?? `signal ${status - 128}`;
}

/** Whether the helper can run git with exactly `env`: every variable it must set or unset has a name the shell takes. */
export function helperTakes(env: NodeJS.ProcessEnv): boolean {
  const base = state().runner?.env ?? process.env;
  return [...Object.keys(base), ...Object.keys(env)].every((name) => shellName(name) || base[name] === env[name]);
}

/** Runs `git args` in `cwd` with exactly the environment `env` and standard input `input`, through the helper. */
export function runGitThroughHelper(args: string[], cwd: string, env: NodeJS.ProcessEnv, input: string | Buffer): Promise<RunnerResult> {
  const helper = runner();
  const id = helper.nextId++;
  const files = requestFiles(helper, id);
  const lines = [`cd -- ${shellQuote(path.resolve(cwd))} 2>/dev/null || return ${NO_FOLDER}`];
  // The variables that differ from the helper's own, and the two that cd has just changed.
  const differs = (name: string) => shellName(name) && (SET_BY_CD.includes(name) || env[name] !== helper.env[name]);
  for (const name of new Set([...Object.keys(helper.env), ...SET_BY_CD])) if (env[name] === undefined && differs(name)) lines.push(`unset ${name}`);
  for (const [name, value] of Object.entries(env)) if (value !== undefined && differs(name)) lines.push(`export ${name}=${shellQuote(value)}`);
  let from = '/dev/null';
  if (input.length > 0) {
    writeFileSync(files.input, input);
    from = files.input;
  }
  lines.push(`git ${args.map(shellQuote).join(' ')} <${shellQuote(from)} >${shellQuote(files.output)} 2>${shellQuote(files.errors)}`);
  writeFileSync(files.script, `${lines.join('\n')}\n`);
  // Stopped first if this process is, as a git it started itself would be (see spawnGit in git.ts).
  const unregister = onExitOrSignal(() => stopHelper(helper));
  return new Promise<RunnerResult>((resolve, reject) => {
    if (helper.waiting.size === 0) holdProcess(helper, true);
    helper.waiting.set(id, { cwd, resolve, reject });
    helper.child.stdin!.write(`${id}\n`);
  }).finally(unregister);
}

/** Kills the helper and every git process it started (its process group): what a signal or exit does to a running git. */
function stopHelper(helper: Runner): void {
  try {
    process.kill(-helper.child.pid!, 'SIGKILL');
  } catch {
    // Gone already.
  }
}
