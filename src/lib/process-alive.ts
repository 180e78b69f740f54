/** Whether a process still runs: how a lock or a temporary folder named by its maker's process id is told stale. */

/** Whether process `pid` runs (a stopped one does: it goes on when continued; EPERM: it runs as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
