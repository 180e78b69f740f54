/**
 * Tells the pages whether they are served by `astro dev`, where authors see their working tree as a draft, rather
 * than built. import.meta.env.DEV cannot say: it follows NODE_ENV, so a build run under a test runner reads as dev.
 */
import type { AstroIntegration } from 'astro';

/** The environment variable the pages read: "1" under `astro dev`, unset otherwise. */
export const WORKING_TREE_ENV = 'POLICY_SHOW_WORKING_TREE';

/** Sets WORKING_TREE_ENV from the command Astro runs. */
export function draftMode(): AstroIntegration {
  return {
    name: 'policy-draft-mode',
    hooks: {
      'astro:config:setup': ({ command }) => {
        if (command === 'dev') process.env[WORKING_TREE_ENV] = '1';
        else delete process.env[WORKING_TREE_ENV];
      },
    },
  };
}
