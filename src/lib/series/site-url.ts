/**
 * Where a series' redline will be read on the published site: the proposal page that `policy import` makes of it.
 * The site's address comes from the deployment (SITE_URL and BASE_PATH, as the Astro config reads them), else from
 * the default the repository's astro.config.mjs writes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The published site's root URL with a trailing slash, or undefined when the repository names none. */
export async function siteUrl(repo: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  let site = env['SITE_URL'];
  if (!site) {
    const config = await readFile(path.join(repo, 'astro.config.mjs'), 'utf8').catch(() => '');
    // `site: process.env.SITE_URL ?? 'https://…'` or `site: 'https://…'`.
    site = /\bsite:\s*(?:process\.env\.SITE_URL\s*\?\?\s*)?['"`](https?:\/\/[^'"`]+)['"`]/.exec(config)?.[1];
  }
  if (!site || !URL.canParse(site)) return undefined;
  const base = (env['BASE_PATH'] ?? '/').replace(/^\/*/, '/').replace(/\/*$/, '/');
  return new URL(base, site).href;
}

/** The page `policy import` gives version `version` of the proposal `slug`. */
export function proposalPageUrl(site: string, slug: string, version: number): string {
  return new URL(`proposals/${encodeURIComponent(slug)}/v${version}/`, site).href;
}
