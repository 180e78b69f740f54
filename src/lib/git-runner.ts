/**
 * A small helper process that starts git for a big one. Node forks every child (libuv uses fork), and a fork costs
 * time in proportion to the parent's resident memory: an Astro build holds 600 MB, where one git process costs about
 * 30 ms of system time before git runs, against 3 ms from a 50 MB process. A process that starts many git processes
 * late in its life (the site build: about 60) asks this helper to start them instead, over a pipe.
 *
 * One helper per process: its state lives on `globalThis`, because a build loads the project's modules more than
 * once (the config, the bundled pages), and all of them should share it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { onExitOrSignal } from './exit-cleanup.ts';

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
 * The helper's program, run with `node -e`: reads one JSON request a line ({id, args, cwd, env, input}), starts git,
 * and answers one JSON line ({id, code, signal, stdout, stderr, spawnError}); buffers travel as base64. A string, not a
 * module, so that it runs the same from bundled pages, the CLI and tests. It ends when its standard input has closed
 * and the git processes it was asked for have answered.
 */
const RUNNER_SOURCE = `
const { spawn } = require('node:child_process');
let running = 0;
let ended = false;
const answer = (reply) => {
  process.stdout.write(JSON.stringify(reply) + '\\n');
  if (--running === 0 && ended) process.exit(0);
};
function run(request) {
  running++;
  let child;
  try {
    child = spawn('git', request.args, { cwd: request.cwd, env: request.env, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    answer({ id: request.id, code: 1, stdout: '', stderr: String(error && error.message), spawnError: (error && error.code) || 'EUNKNOWN' });
    return;
  }
  const out = [];
  const err = [];
  let answered = false;
  child.stdout.on('data', (chunk) => out.push(chunk));
  child.stderr.on('data', (chunk) => err.push(chunk));
  child.on('error', (error) => {
    if (answered) return;
    answered = true;
    answer({ id: request.id, code: 1, stdout: '', stderr: String(error.message), spawnError: error.code || 'EUNKNOWN' });
  });
  child.on('close', (code, signal) => {
    if (answered) return;
    answered = true;
    answer({ id: request.id, code: code === null ? 1 : code, signal, stdout: Buffer.concat(out).toString('base64'), stderr: Buffer.concat(err).toString('utf8') });
  });
  child.stdin.on('error', () => {});
  child.stdin.end(Buffer.from(request.input, 'base64'));
}
// Only each new chunk is searched for the end of a line: a request of many megabytes arrives in many chunks.
let pending = [];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  let start = 0;
  for (let newline = chunk.indexOf('\\n'); newline >= 0; newline = chunk.indexOf('\\n', start)) {
    pending.push(chunk.slice(start, newline));
    const line = pending.join('');
    pending = [];
    start = newline + 1;
    if (line) run(JSON.parse(line));
  }
  if (start < chunk.length) pending.push(chunk.slice(start));
});
process.stdin.on('end', () => {
  ended = true;
  if (running === 0) process.exit(0);
});
`;

/** One running helper: its process, and the answers it still owes, by request id. */
interface Runner {
  child: ChildProcess;
  waiting: Map<number, { resolve: (result: RunnerResult) => void; reject: (error: Error) => void }>;
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

/** Stops using the helper and ends it (it finishes what it was asked first). */
export function disableGitRunner(): void {
  const current = state();
  current.enabled = false;
  current.runner?.child.stdin?.end();
  current.runner = undefined;
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
  // A process group of its own, so that stopping it (stopHelper) stops the git processes it started too.
  const child = spawn(process.execPath, ['-e', RUNNER_SOURCE], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env, detached: true });
  const started: Runner = { child, waiting: new Map(), nextId: 1 };
  // Only each new chunk is searched for the end of a line: an answer of many megabytes arrives in many chunks.
  let pending: string[] = [];
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
      pending.push(chunk.slice(start, newline));
      const reply = JSON.parse(pending.join('')) as { id: number; code: number; signal: string | null; stdout: string; stderr: string; spawnError?: string };
      pending = [];
      start = newline + 1;
      const waiter = started.waiting.get(reply.id);
      started.waiting.delete(reply.id);
      if (started.waiting.size === 0) holdProcess(started, false);
      waiter?.resolve({ stdout: Buffer.from(reply.stdout, 'base64'), stderr: reply.stderr, code: reply.code, ...(reply.signal ? { signal: reply.signal } : {}), ...(reply.spawnError ? { spawnError: reply.spawnError } : {}) });
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  });
  // The helper gone (killed, or out of memory): what it owed fails, and the next call starts a new one.
  const lost = (why: string) => {
    if (current.runner === started) current.runner = undefined;
    for (const waiter of started.waiting.values()) waiter.reject(new Error(`the git helper process ended (${why}) before git answered; run the command again`));
    started.waiting.clear();
  };
  child.on('error', (error) => lost(error.message));
  child.on('exit', (code, signal) => lost(signal ?? `exit ${code}`));
  child.stdin!.on('error', () => {});
  holdProcess(started, false);
  current.runner = started;
  return started;
}

/** Runs `git args` in `cwd` with exactly the environment `env` and standard input `input`, through the helper. */
export function runGitThroughHelper(args: string[], cwd: string, env: NodeJS.ProcessEnv, input: string | Buffer): Promise<RunnerResult> {
  const helper = runner();
  const id = helper.nextId++;
  // Stopped first if this process is, as a git it started itself would be (see spawnGit in git.ts).
  const unregister = onExitOrSignal(() => stopHelper(helper));
  return new Promise<RunnerResult>((resolve, reject) => {
    if (helper.waiting.size === 0) holdProcess(helper, true);
    helper.waiting.set(id, { resolve, reject });
    const request = { id, args, cwd, env, input: Buffer.from(input).toString('base64') };
    helper.child.stdin!.write(`${JSON.stringify(request)}\n`);
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
