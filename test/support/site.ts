/** The shared build of the shipped site, started by test/support/build-site.ts when the run begins. */
import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { BuildOutcome } from './build-site.ts';

let built: Promise<string> | undefined;

/** The folder of the built site, once the build has ended; throws with the build's output when it failed. */
export function builtSite(): Promise<string> {
  built ??= (async () => {
    const siteDir = inject('siteDir');
    const marker = `${siteDir}.json`;
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 100));
    const outcome = JSON.parse(readFileSync(marker, 'utf8')) as BuildOutcome;
    if (outcome.code !== 0) throw new Error(`the site did not build (exit ${outcome.code}):\n${outcome.output}`);
    return siteDir;
  })();
  return built;
}
