/**
 * Where a series' redline will be read on the published site: the proposal page that `policy import` makes of it.
 * The site's address comes from the deployment (SITE_URL and BASE_PATH, as the Astro config reads them), else from
 * the repository's site.yaml.
 */
import { optionalSiteIdentity } from '../site/identity.ts';

/** The published site's root URL with a trailing slash, or undefined when the repository names none. */
export async function siteUrl(repo: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const identity = optionalSiteIdentity(repo);
  const site = env['SITE_URL'] || identity?.url;
  if (!site || !URL.canParse(site)) return undefined;
  const base = (env['BASE_PATH'] || identity?.base || '/').replace(/^\/*/, '/').replace(/\/*$/, '/');
  return new URL(base, site).href;
}

/** The page `policy import` gives version `version` of the proposal `slug`. */
export function proposalPageUrl(site: string, slug: string, version: number): string {
  return new URL(`proposals/${encodeURIComponent(slug)}/v${version}/`, site).href;
}

/**
 * Whether `url` is an address kept for examples and tests (RFC 2606 and 6761: example.org, .com and .net, and the
 * .example, .invalid, .test and .localhost names), such as the one `policy init` writes until the site has its own.
 */
export function isPlaceholderUrl(url: string): boolean {
  const host = URL.canParse(url) ? new URL(url).hostname : '';
  return /(?:^|\.)example\.(?:org|com|net)$|\.(?:example|invalid|test|localhost)$/.test(host);
}
