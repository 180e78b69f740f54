/**
 * Vitest global setup: starts the build of the shipped site into a temporary folder for the site and browser tests,
 * and lets the run go on meanwhile: tests that need no site run while it builds, and those that do wait for it with
 * `await builtSite()` (test/support/site.ts).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildEnvironment } from './build-env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder the site is built into; `${siteDir}.json` appears when the build has ended (its exit code and output). */
    siteDir: string;
  }
}

/** What `${siteDir}.json` holds once the build has ended. */
export interface BuildOutcome {
  code: number | null;
  output: string;
}

export default function setup(project: TestProject): () => Promise<void> {
  // Inside the checkout (.cache/ is ignored): Astro keeps its prerender chunks in the output folder then, whereas for an
  // output outside the working directory it falls back to a shared .astro/.prerender that concurrent builds clobber.
  const root = project.config.root;
  const cache = path.join(root, '.cache');
  mkdirSync(cache, { recursive: true });
  // The output and Astro's cache in a folder of their own: the output is a link to the built site beside it
  // (src/integrations/atomic-build.ts), and a build run meanwhile in the checkout has its own cache.
  const parent = mkdtempSync(path.join(cache, 'test-site-'));
  const outDir = path.join(parent, 'dist');
  const bin = path.join(root, 'node_modules', '.bin');
  const child = spawn(path.join(bin, 'astro'), ['build', '--silent'], {
    cwd: root,
    // The project's Node first, as npm scripts have it. A fixed zone, locale and build epoch:
    // test/hostile/reproducible.test.ts builds again under others and must get these bytes.
    env: { ...buildEnvironment(), PATH: `${bin}${path.delimiter}${process.env.PATH}`, POLICY_OUT_DIR: outDir, POLICY_ASTRO_CACHE_DIR: path.join(parent, 'astro-cache'), ASTRO_TELEMETRY_DISABLED: '1', TZ: 'UTC', LANG: 'C.UTF-8', SOURCE_DATE_EPOCH: '946684800' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ended = new Promise<void>((resolve) => {
    child.on('close', (code) => {
      // Whole or not at all: a test polls for this file.
      writeFileSync(`${outDir}.json.tmp`, JSON.stringify({ code, output } satisfies BuildOutcome));
      renameSync(`${outDir}.json.tmp`, `${outDir}.json`);
      resolve();
    });
  });
  project.provide('siteDir', outDir);
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await ended;
    rmSync(parent, { recursive: true, force: true });
  };
}
