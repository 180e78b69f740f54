/**
 * Variables set in this process's environment for a while, then put back as they were. Test files share their
 * worker (isolate: false), so a variable a file leaves set reaches every later file on that worker.
 */
import { afterAll, beforeAll } from 'vitest';

/** Sets `vars` in process.env; returns a function that restores each one's previous value (or its absence). */
export function setProcessEnv(vars: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Vitest hooks: `vars` set in process.env for the tests of the calling file, restored after them. */
export function useProcessEnv(vars: Record<string, string>): void {
  let restore: (() => void) | undefined;
  beforeAll(() => {
    restore = setProcessEnv(vars);
  });
  afterAll(() => restore?.());
}
