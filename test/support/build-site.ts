/** Vitest global setup: builds the shipped site once into a temporary folder for the site and browser tests. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder holding the built site. */
    siteDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  // Inside the checkout (.cache/ is ignored): Astro keeps its prerender chunks in the output folder then, whereas for an
  // output outside the working directory it falls back to a shared .astro/.prerender that concurrent builds clobber.
  const cache = path.join(project.config.root, '.cache');
  mkdirSync(cache, { recursive: true });
  // The output in a folder of its own: it is a link to the built site beside it (src/integrations/atomic-build.ts).
  const parent = mkdtempSync(path.join(cache, 'test-site-'));
  const outDir = path.join(parent, 'dist');
  const result = spawnSync('npx', ['astro', 'build', '--silent'], {
    cwd: project.config.root,
    env: { ...process.env, POLICY_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the site did not build:\n${result.stdout}\n${result.stderr}`);
  project.provide('siteDir', outDir);
  return () => rmSync(parent, { recursive: true, force: true });
}
