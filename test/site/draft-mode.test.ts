/** Which policy the pages show: the working tree only under `astro dev`, the newest release in every build. */
import { afterEach, describe, expect, it } from 'vitest';
import { draftMode, WORKING_TREE_ENV } from '../../src/integrations/draft-mode.ts';

/** Runs the integration's config hook as Astro would for `command`. */
function setUp(command: 'dev' | 'build' | 'preview' | 'sync'): void {
  const hook = draftMode().hooks['astro:config:setup'] as (options: { command: string }) => void;
  hook({ command });
}

describe('draft mode', () => {
  const saved = process.env[WORKING_TREE_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[WORKING_TREE_ENV];
    else process.env[WORKING_TREE_ENV] = saved;
  });

  it('shows the working tree under astro dev only, whatever NODE_ENV says', () => {
    setUp('dev');
    expect(process.env[WORKING_TREE_ENV]).toBe('1');
    for (const command of ['build', 'preview', 'sync'] as const) {
      process.env[WORKING_TREE_ENV] = '1';
      setUp(command);
      expect(process.env[WORKING_TREE_ENV], command).toBeUndefined();
    }
  });
});
