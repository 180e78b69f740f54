/** Loading a stored proposal version for the site: the policy at the base, after each patch and as proposed; cached by mbox and base. */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { JsonCache } from '../../src/lib/history/cache.ts';
import { applyProposalVersion, loadProposalVersion, versionCacheKey } from '../../src/lib/proposals/load.ts';
import { SCRATCH_PREFIX } from '../../src/lib/scratch-repository.ts';
import { gitSync, tempDir } from '../support/temp.ts';
import { makeSeries, policyRepo, replaceIn } from './support.ts';

describe('loading a proposal version', () => {
  it('gives the base, each patch before and after, and the proposed policy', async () => {
    const { repo, base } = policyRepo();
    const mbox = Buffer.from(makeSeries(repo, base, [replaceIn('content/policy/introduction.md', 'controverial', 'controversial', 'Fix a word'), replaceIn('content/policy/process.md', 'We fix it.', 'We fix it soon.', 'Promise')], { cover: 'Two fixes' }));
    const objects = gitSync(repo, ['count-objects', '-v']);
    const loaded = await applyProposalVersion(repo, mbox, base, 'v1.mbox');
    expect(loaded.cover).toContain('This series: Two fixes.');
    expect(loaded.base.sections.find((section) => section.id === 'introduction')!.body).toContain('controverial');
    expect(loaded.proposed.sections.find((section) => section.id === 'introduction')!.body).toContain('controversial');
    expect(loaded.patches.map((patch) => [patch.index, patch.title, patch.subject])).toEqual([
      [1, 'Fix a word', '[PATCH v1 1/2] Fix a word'],
      [2, 'Promise', '[PATCH v1 2/2] Promise'],
    ]);
    expect(loaded.patches[0]!.message).toContain('Signed-off-by: Test Author <author@example.org>');
    // Each patch's "after" is the next one's "before": the redline of a patch shows that patch only.
    expect(loaded.patches[0]!.after).toEqual(loaded.patches[1]!.before);
    expect(loaded.patches[0]!.after.sections.find((section) => section.id === 'process')!.body).not.toContain('soon');
    expect(loaded.patches[1]!.after).toEqual(loaded.proposed);
    // Nothing left: no scratch folder of this process, no worktree registered, no object written into the repository.
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`${SCRATCH_PREFIX}${process.pid}-`))).toEqual([]);
    expect(gitSync(repo, ['worktree', 'list', '--porcelain']).match(/^worktree /gm)).toHaveLength(1);
    expect(gitSync(repo, ['count-objects', '-v'])).toBe(objects);
    expect(gitSync(repo, ['status', '--porcelain'])).toBe('');
  });

  it('reads a cached version without applying it again, keyed by the mbox bytes and the base', async () => {
    const { repo, base } = policyRepo();
    const mbox = Buffer.from(makeSeries(repo, base, [replaceIn('content/policy/introduction.md', 'controverial', 'controversial', 'Fix a word')]));
    const cache = new JsonCache(tempDir('policy-cache-'));
    const first = await loadProposalVersion(repo, mbox, base, 'v1.mbox', cache, 'test');
    expect(cache.stats).toEqual({ hits: 0, misses: 1 });
    const again = await loadProposalVersion(repo, mbox, base, 'v1.mbox', new JsonCache(cache.dir), 'test');
    expect(again).toEqual(first);
    expect(versionCacheKey(mbox, base)).not.toBe(versionCacheKey(Buffer.concat([mbox, Buffer.from('\n')]), base));
  });

  it('refuses at build time an mbox committed by hand that touches files outside the policy', async () => {
    const { repo, base } = policyRepo();
    const mbox = Buffer.from(makeSeries(repo, base, [replaceIn('scripts/build.ts', 'export {};', 'process.exit(1);', 'Break the build')]));
    await expect(applyProposalVersion(repo, mbox, base, 'content/proposals/x/v1.mbox')).rejects.toThrow(/content\/proposals\/x\/v1\.mbox:\d+ import-path patch 1\/1 "Break the build": scripts\/build\.ts is outside the policy content/);
  });
});
