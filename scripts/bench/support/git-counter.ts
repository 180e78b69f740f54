/** Counting the git processes a command starts: a `git` first on its PATH that notes each run, then runs the real one. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A folder holding a `git` that notes each run in `log` and then runs the real git: put first on the PATH of a command,
 * it counts the git processes the command starts (and costs each a shell, so that run is not timed).
 */
export function gitCounter(log: string): string {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-git-'));
  writeFileSync(path.join(dir, 'git'), `#!/bin/sh\necho run >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return dir;
}

/** How many git processes one command started, from the counter's log. */
export function gitRuns(log: string): number {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
}
