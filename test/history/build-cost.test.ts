import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { searchablePages } from '../../src/integrations/pagefind.ts';
import { JsonCache } from '../../src/lib/history/cache.ts';
import { renderPolicyHtmlCached } from '../../src/lib/history/documents.ts';
import { loadPolicyHistory } from '../../src/lib/history/history.ts';
import { cachedReleaseChanges } from '../../src/lib/history/release-changes.ts';
import { commitFiles, policyFiles, tempDir, tempRepo } from '../support/temp.ts';

const page = (sourcePath: string, main: string) => ({ sourcePath, content: `<!doctype html><html><body>${main}</body></html>` });

describe('what the build hands to Pagefind', () => {
  it('only the pages that mark a searchable body, so past releases and redlines are not even read', () => {
    const pages = [
      page('index.html', '<main data-pagefind-body>The policy</main>'),
      page('releases/3.18/index.html', '<main>The policy as it was</main>'),
      page('releases/3.19/changes/index.html', '<main><ins>new</ins></main>'),
      page('sections/scope/index.html', '<main data-pagefind-body="">Scope</main>'),
    ];
    expect(searchablePages(pages).map((entry) => entry.sourcePath)).toEqual(['index.html', 'sections/scope/index.html']);
  });

  it('every page when none marks a body, as Pagefind itself would index them all', () => {
    const pages = [page('index.html', '<main>One</main>'), page('other/index.html', '<main>Two</main>')];
    expect(searchablePages(pages)).toEqual(pages);
  });
});

const entries = (versions: string[]) => versions.map((version) => `-   **v${version} Jan 1st 2024:** Release ${version}`).join('\n') + '\n';

/** The texts of release `n` (1-based): each release changes the scope and adds a Change History line. */
function release(n: number): Record<string, string> {
  const versions = Array.from({ length: n }, (_, i) => `1.${n - 1 - i}`);
  return policyFiles(`1.${n - 1}`, { scope: `Scope, as of release ${n}.\n`, terms: 'Terms that never change.\n', contacts: 'Write to us.\n', 'change-history': entries(versions) });
}

/** What the site computes from the history, through `cache`: every release's text and every release redline. */
async function siteWork(repo: string, cache: JsonCache): Promise<void> {
  const history = await loadPolicyHistory(repo, { cache, codeVersion: 'test' });
  for (const [index, record] of history.releases.entries()) {
    await renderPolicyHtmlCached(record.document, cache, 'test', {}, 'page');
    const previous = history.releases[index + 1];
    if (previous) await cachedReleaseChanges(cache, 'test', previous, record, '/');
  }
}

/** The cache's entries, as namespace/file. */
function stored(dir: string): Set<string> {
  return new Set(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => `${path.basename(entry.parentPath)}/${entry.name}`));
}

describe('what a rebuild computes again', () => {
  it('after one new release commit: its metadata, its text, its redline and the sections it changed; nothing with no commit', async () => {
    const repo = tempRepo();
    for (let n = 1; n <= 4; n++) commitFiles(repo, release(n), `Policy v1.${n - 1}`);
    const dir = tempDir('policy-cache-');
    await siteWork(repo, new JsonCache(dir));
    const before = stored(dir);

    const unchanged = new JsonCache(dir);
    await siteWork(repo, unchanged);
    expect(unchanged.stats.misses).toBe(0);

    const commit = commitFiles(repo, release(5), 'Policy v1.4');
    const rebuild = new JsonCache(dir);
    await siteWork(repo, rebuild);
    const added = [...stored(dir)].filter((entry) => !before.has(entry)).sort();
    // Two sections changed (scope, change-history): two section renderings; terms and contacts come from the cache.
    expect(added.map((entry) => entry.split('/')[0])).toEqual(['document-test', 'metadata', 'redline-test', 'section-html', 'section-html']);
    expect(added).toContain(`metadata/${commit}.json`);
    expect(added).toContain(`document-test/${commit}.json`);
    expect(rebuild.stats.misses).toBe(added.length);
  });
});
