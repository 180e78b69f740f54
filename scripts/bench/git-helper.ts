/**
 * Bench: what a git process costs the process that starts it, by the way it is started (src/lib/git-runner.ts).
 *
 * `git rev-parse HEAD` N times from a Node process holding about 100 MB of live objects (a test worker or a build holds
 * more): through the git helper (the system's shell), and spawned by Node directly; beside the same N calls from a
 * shell loop, which is what git itself costs. Each is one process under GNU time, which counts the git processes and
 * the helper it waited for; the same process making no call is taken off, so the figure is per call.
 */
import path from 'node:path';
import { timeProcess, type Run } from './support/process-time.ts';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const caller = path.join(import.meta.dirname, 'support', 'git-calls.ts');
const CALLS = 300;

/** One run of the caller script making `calls` calls by `route`. */
function callerRun(route: 'helper' | 'direct', calls: number): Run {
  return timeProcess(projectRoot, [process.execPath, caller, route, String(calls)]);
}

/** Runs the bench and prints its figures. */
export default function gitHelperBench(): void {
  console.log(`git helper: ${CALLS} calls of git rev-parse HEAD from a Node process of about 100 MB`);
  const perCall = { helper: [] as number[], direct: [] as number[], shell: [] as number[] };
  // In turns, three rounds, so a burst of load on the machine does not favour one route.
  for (let round = 0; round < 3; round++) {
    for (const route of ['helper', 'direct'] as const) perCall[route].push((callerRun(route, CALLS).cpu - callerRun(route, 0).cpu) / CALLS);
    perCall.shell.push(timeProcess(projectRoot, ['sh', '-c', `i=0; while [ $i -lt ${CALLS} ]; do git rev-parse HEAD >/dev/null; i=$((i+1)); done`]).cpu / CALLS);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;
  const [helper, direct, shell] = [median(perCall.helper), median(perCall.direct), median(perCall.shell)];
  console.log(`  through the helper:      ${ms(helper)} of processor time a call (median of 3)`);
  console.log(`  spawned directly:        ${ms(direct)} a call  (${(direct / helper).toFixed(2)} × the helper)`);
  console.log(`  from a shell loop:       ${ms(shell)} a call  (the helper = ${(helper / shell).toFixed(2)} × git itself)`);
}
