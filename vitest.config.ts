import { defineConfig, type ViteUserConfig } from 'vitest/config';
import CostliestFirstSequencer from './test/support/sequencer.ts';

/**
 * The edit loop's tests (`npm run test:unit`, test/unit.config.ts): the library on its own, in-process, with no site
 * build, no browser and no command run as a process. Everything else needs the shared site build or spawns git and
 * the CLI.
 */
export const UNIT = [
  'test/feed/**/*.test.ts',
  'test/history/{changed-sections,code-version}.test.ts',
  'test/lint/change-history.test.ts',
  'test/lib/**/*.test.ts',
  'test/load/{folder,markdown-file}.test.ts',
  'test/markdown/**/*.test.ts',
  'test/proposals/subject-and-paths.test.ts',
  'test/redline/!(bounds|cli|sources).test.ts',
  'test/series/output.test.ts',
];

/** What the whole run and the edit loop's run share. */
export const SHARED: NonNullable<ViteUserConfig['test']> = {
  testTimeout: 60_000,
  hookTimeout: 180_000,
  // Tests that drive git or Chromium are I/O bound; two workers fit the 2-core machines.
  maxWorkers: 2,
  // Test files share a worker's loaded modules (the library, Vitest, fast-check): importing them again for every file
  // cost more than many files' tests. No test mocks modules or changes the process's folder or environment.
  isolate: false,
  // --expose-gc: so that test/support/file-hooks.ts can collect what a file left before the next one forks its
  // processes. --single-threaded: V8 without its background compilation and collection threads, which on two cores the
  // run keeps busy cost a little more than they save (the workers' time over the files, the last column of
  // TEST_CPU_LOG summed, in ABBA runs: 70.8 and 66.7 s with it, 72.4 and 72.5 s without).
  execArgv: ['--expose-gc', '--single-threaded'],
  sequence: { sequencer: CostliestFirstSequencer },
  // A poll waits as long as a loaded machine needs for a page to react; passing polls return at once.
  expect: { poll: { timeout: 10_000 } },
  setupFiles: ['test/support/file-hooks.ts'],
};

// The whole suite is one Vitest project: a worker goes on to the next file only when it is of the same project, so
// with the edit loop's files in a project of their own, every switch between the two forked a new worker (a second
// to start and import the library again), and at the end of the run, where short files of both alternate, nearly
// every file forked one.
export default defineConfig({
  test: {
    ...SHARED,
    include: ['test/**/*.test.ts'],
    // The shared site build starts first and runs while the tests that do not need it go on; one Chromium serves every
    // browser test.
    globalSetup: ['test/support/build-site.ts', 'test/support/browser-server.ts'],
  },
});
