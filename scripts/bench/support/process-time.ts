/** Timing a process for the benches: wall seconds, and the processor seconds of it and every process it waited for. */
import { spawnSync } from 'node:child_process';

/** The identity and configuration the benches give git, so a run never reads the machine's own. */
export const BENCH_GIT_ENV = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org', GIT_CONFIG_NOSYSTEM: '1' };

/** Wall and processor seconds of one run. */
export interface Run {
  wall: number;
  cpu: number;
}

/** Runs one process (`command[0]` with the rest as arguments) in `cwd` under GNU time; throws with its output when it fails. */
export function timeProcess(cwd: string, command: string[]): Run {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', ...command], { cwd, env: { ...process.env, ...BENCH_GIT_ENV }, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { wall, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN };
}
