/**
 * Vitest setup file, run before every test file: the hooks each file needs. Test files share their worker's loaded
 * modules (isolate: false), so a hook registered when a module loads would run for the first file that loads it only.
 */
import fc from 'fast-check';
import { afterAll } from 'vitest';
import { enableGitRunner } from '../../src/lib/git-runner.ts';
import { logFileCpu } from './cpu-log.ts';
import { removeTempDirs } from './temp.ts';

// Every property test runs with one fixed seed, so a run is the same on every machine (FUZZ_SEED replays another);
// `npm run fuzz` explores the hostile-input properties with random seeds instead.
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20261127) });

afterAll(removeTempDirs);

// Each file's processor time, when TEST_CPU_LOG asks for it (docs/testing.md).
logFileCpu();

// The library's git processes start from the small helper process, as in the site build: a worker grows to hundreds of
// megabytes over a run, and every process it forked itself would cost system time in proportion.
enableGitRunner();

// The environment put back as the file found it, for the next file on this worker: a variable a file set and forgot
// (useProcessEnv in test/support/process-env.ts is the way to set one) must not change the files after it.
const found = { ...process.env };
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in found)) delete process.env[key];
  Object.assign(process.env, found);
});

// A worker that a file left large makes every later process it starts dearer: Node forks it, and the kernel copies its
// page tables (on this 2-core machine a git process costs ~3 ms of system time more for every 100 MB of the worker).
// Garbage a file left (a big input, a parsed corpus) is collected before the next file starts its processes, where it
// is worth it: a full collection costs tens of milliseconds. The worker runs with --expose-gc (vitest.config.ts).
const COLLECT_ABOVE_BYTES = 200 * 1024 * 1024;
afterAll(() => {
  if (process.memoryUsage.rss() > COLLECT_ABOVE_BYTES) (globalThis as { gc?: () => void }).gc?.();
});
