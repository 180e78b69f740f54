import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-site.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Tests that drive git or Chromium are I/O bound; two workers fit the 2-core machines.
    maxWorkers: 2,
  },
});
