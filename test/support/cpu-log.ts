/**
 * Each test file's processor time, every process counted (Chromium, git, site builds), when TEST_CPU_LOG names a file:
 * read from the run's cgroup (cgroup v1 cpuacct.stat or v2 cpu.stat) as the file starts and ends. Meaningful with one
 * worker (`--maxWorkers=1`), where nothing else runs beside the file; docs/testing.md says how the run is set up.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';

/** User and system seconds used so far by every process of the cgroup this process runs in. */
function cgroupSeconds(): { user: number; system: number } {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  const v1 = lines.find((line) => /^\d+:[^:]*\bcpuacct\b[^:]*:/.test(line));
  if (v1) {
    const stat = readFileSync(`/sys/fs/cgroup/cpuacct${v1.split(':')[2]}/cpuacct.stat`, 'utf8');
    const ticks = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(stat)![1]) / 100;
    return { user: ticks('user'), system: ticks('system') };
  }
  const v2 = lines.find((line) => line.startsWith('0::'))!;
  const stat = readFileSync(`/sys/fs/cgroup${v2.slice(3)}/cpu.stat`, 'utf8');
  const micros = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(stat)![1]) / 1e6;
  return { user: micros('user_usec'), system: micros('system_usec') };
}

/**
 * Registers the file's hooks when TEST_CPU_LOG is set: one line a file, `file<TAB>wall<TAB>user<TAB>system<TAB>worker`
 * in seconds, where user and system are the cgroup's and worker is this worker process's own (all its threads, none of
 * its children): summed over the files, the workers' share, which holds with any number of workers.
 */
export function logFileCpu(): void {
  const log = process.env.TEST_CPU_LOG;
  if (!log || !existsSync('/proc/self/cgroup')) return;
  let start = { user: 0, system: 0, wall: 0, worker: process.cpuUsage() };
  beforeAll(() => {
    start = { ...cgroupSeconds(), wall: performance.now(), worker: process.cpuUsage() };
  });
  afterAll(() => {
    const end = cgroupSeconds();
    const worker = process.cpuUsage(start.worker);
    const row = [expect.getState().testPath, (performance.now() - start.wall) / 1000, end.user - start.user, end.system - start.system, (worker.user + worker.system) / 1e6];
    appendFileSync(log, `${row.map((value) => (typeof value === 'number' ? value.toFixed(1) : value)).join('\t')}\n`);
  });
}
