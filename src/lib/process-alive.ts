/** Whether a process still runs: how a lock or a temporary folder named by its maker's process id is told stale. */
import { readFileSync } from 'node:fs';

/**
 * Whether process `pid` runs (a stopped one does: it goes on when continued; EPERM: it runs as another user). A zombie
 * does not: it has ended and holds nothing, but answers a signal until its parent reaps it, and an orphan's new parent
 * may take seconds (the init of a container or VM reaps on a timer; one that never reaps leaves it for good).
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** Whether `pid` has ended and waits to be reaped, where /proc tells (Linux); elsewhere false. */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false;
  }
  // "pid (command) state …": the command may hold spaces and parentheses, so the state follows the last ")".
  const state = stat[stat.lastIndexOf(')') + 2];
  return state === 'Z' || state === 'X';
}
