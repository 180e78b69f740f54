/**
 * Cleanups that must run however the process ends: on exit, and on SIGINT (Ctrl-C), SIGTERM or SIGHUP, after which
 * the signal is raised again so the process ends as the signal says (exit status and all). Callers still clean up
 * in their own `finally`; this covers the ways a `finally` never runs. Only synchronous work finishes here.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Registered cleanups, in the order they were added. */
const cleanups = new Set<() => void>();

/** Runs every registered cleanup, newest first, once; one that fails does not stop the others. */
function runAll(): void {
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort: a stale folder is also found and removed by the next run.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  uninstall();
  // No listener of ours is left, so the signal now ends the process as it would have without us.
  process.kill(process.pid, signal);
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', runAll);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', runAll);
}

/** Runs `cleanup` (synchronous) if the process exits or is stopped by a signal before the returned function is called to unregister it. */
export function onExitOrSignal(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  install();
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) uninstall();
  };
}
