/** The shipped example proposals are exactly what this project's own workflow makes from their recipe. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { remakeExamples, scratchClone, staleExamples, withoutClock } from '../../scripts/examples/make.ts';
import { EXAMPLE_PROPOSALS } from '../../scripts/examples/proposals.ts';
import { gitText } from '../../src/lib/git.ts';
import { tempDir } from '../support/temp.ts';

describe('the shipped example proposals', () => {
  it('are remade byte for byte (clock aside) by policy series and policy import from scripts/examples/proposals.ts', async () => {
    const made = await remakeExamples('.');
    expect([...made.keys()]).toEqual(EXAMPLE_PROPOSALS.map((proposal) => proposal.slug));
    for (const files of made.values()) expect([...files.keys()]).toEqual(['proposal.yaml', 'v1.mbox', 'v2.mbox']);
    // A failure here means the workflow's output changed: run "npm run examples" and review the diff.
    expect(await staleExamples('.', made)).toEqual([]);
    const cover = made.get('fix-spelling-mistakes')!.get('v2.mbox')!;
    expect(cover).toContain('What changes, section by section. Words are marked as git diff\n--word-diff marks them: [-deleted-] {+inserted+}.\n');
    expect(cover).toContain('[-existance-]{+existence+}');
    expect(cover).toContain('- [3/3] Fix the stale reference in step 3.5 (new)');
  }, 120_000);

  it('are remade in a clone where git packs nothing in the background, so the remake can remove it whole', async () => {
    const clone = path.join(tempDir(), 'clone');
    await scratchClone('.', clone);
    const setting = (key: string) => gitText(['config', '--get', key], { cwd: clone });
    expect([await setting('gc.auto'), await setting('maintenance.auto')]).toEqual(['0', 'false']);
  });

  it('ignore only the clock time in Message-Ids and the MIME boundary', () => {
    expect(withoutClock('<cover.1795772474.git.a@b> policy-series-476d1e19002bf0041d963f42')).toBe('<cover.<time>.git.a@b> policy-series-<boundary>');
    expect(withoutClock('From 2b5383ccbfa41213830b2fea690cfb8bc4b474c5')).toBe('From 2b5383ccbfa41213830b2fea690cfb8bc4b474c5');
  });
});
