/**
 * Vitest global setup: one headless Chromium for the whole run, started once; every test file connects to it
 * (launchBrowser in browser.ts) instead of starting its own, which cost more than most files' checks.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The WebSocket address of the run's Chromium. */
    browserEndpoint: string;
  }
}

/**
 * Debian's Chromium headless shell (package chromium-headless-shell), else its full Chromium; CHROMIUM_PATH overrides
 * both. The shell renders with the same Blink but opens a context in a third of the time and uses a third of the
 * processor time over the browser tests; Playwright runs it for headless tests too. It never downloads a browser here.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((file) => existsSync(file)) ?? '/usr/bin/chromium';

/**
 * Flags for a quiet, offline, sandbox-free headless Chromium (the CI and the development machines run as root). V8
 * runs single-threaded in it: on a machine whose two cores the run keeps busy, its background compilation and
 * collection threads cost the pages' renderers a little more processor time than they save (the browser test files
 * without a build, in the cgroup of docs/testing.md, ABBA: 132.6 and 120.2 s with it, 137.0 and 121.9 s without).
 * What a page does is the same.
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--single-threaded'];

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  project.provide('browserEndpoint', server.wsEndpoint());
  return () => server.close();
}
