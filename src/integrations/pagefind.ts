/** Astro integration: indexes the built site with Pagefind, so search works on the static files. */
import type { AstroIntegration } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefindApi from 'pagefind';

/** The marker of a page's searchable part; Pagefind leaves out every page without it once any page has it. */
const BODY_MARKER = 'data-pagefind-body';

/** An HTML page of the output, by its path relative to the output folder (forward slashes, as Pagefind wants). */
export interface BuiltPage {
  sourcePath: string;
  content: string;
}

/** Every `.html` file under `site`, with its text. */
async function builtPages(site: string): Promise<BuiltPage[]> {
  const names = (await readdir(site, { recursive: true })).filter((name) => name.endsWith('.html'));
  return Promise.all(names.sort().map(async (name) => ({ sourcePath: name.split(path.sep).join('/'), content: await readFile(path.join(site, name), 'utf8') })));
}

/**
 * The pages Pagefind would index: those that mark a searchable body, or every page when none does (Pagefind's
 * own rule). Handing over only these saves Pagefind parsing the pages it would drop (past releases, redlines).
 */
export function searchablePages(pages: BuiltPage[]): BuiltPage[] {
  const marked = pages.filter((page) => page.content.includes(BODY_MARKER));
  return marked.length > 0 ? marked : pages;
}

/** Runs Pagefind over the searchable pages of the output folder once the build is done. */
export function pagefind(): AstroIntegration {
  return {
    name: 'policy-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const pages = searchablePages(await builtPages(site));
        const { index, errors } = await pagefindApi.createIndex({ forceLanguage: 'en' });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await Promise.all(pages.map((page) => index.addHTMLFile(page)));
        const failed = added.flatMap((result, i) => result.errors.map((error) => `${pages[i]!.sourcePath}: ${error}`));
        if (failed.length) throw new Error(`Pagefind could not index ${site}: ${failed.join('; ')}`);
        const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
        if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await pagefindApi.close();
        logger.info(`indexed ${pages.length} pages for search`);
      },
    },
  };
}
