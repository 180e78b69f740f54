import { describe, expect, it } from 'vitest';
import { searchablePages } from '../../src/integrations/pagefind.ts';

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
