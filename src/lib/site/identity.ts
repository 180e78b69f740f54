/** The site's identity (name, organisation, address, licence, list, archive, repository): read from `site.yaml`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PolicyError, type Problem } from '../errors.ts';
import { parseYamlSource, validateYaml } from '../yaml-source.ts';

/** Where the identity lives, relative to the repository root. */
export const SITE_FILE = 'site.yaml';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. "https://example.org/security/"' });

/** The schema of `site.yaml`. */
export const siteIdentitySchema = z.strictObject({
  /** The site's title in every page's header and title, and in the feeds. */
  name: z.string().trim().min(1, 'must not be empty'),
  /** Who publishes the policy; the feeds' author. */
  organisation: z.string().trim().min(1, 'must not be empty').optional(),
  /** The site's public origin and path, without the base: canonical links, feeds and the sitemap use it. */
  url: httpUrl,
  /** The path the site is served under ("/" or "/policy/"). */
  base: z.string().regex(/^\/(?:[^\s?#]*\/)?$/, 'must be a path that starts and ends with "/", e.g. "/" or "/security-policy/"').default('/'),
  /** The licence of the policy text, shown in every page's footer and in the feeds. */
  licence: z.strictObject({ name: z.string().trim().min(1, 'must not be empty'), url: httpUrl.optional() }).optional(),
  /** The mailing list patch series go to: the default --to of `policy series`. */
  list: z.email('must be a mail address, e.g. "policy-discuss@example.org"').optional(),
  /** The discussion link of an imported proposal: a URL with {messageId} in it. */
  archive: z.string().regex(/^https?:\/\/\S*\{messageId\}\S*$/, 'must be an http(s) URL holding "{messageId}", e.g. "https://lore.kernel.org/r/{messageId}"').optional(),
  /** Where the site's git repository can be browsed or cloned; linked from every page's footer. */
  repository: httpUrl.optional(),
});

/** A site's identity, validated, with the environment's deployment address applied. */
export type SiteIdentity = z.infer<typeof siteIdentitySchema>;

/** Parses the text of `site.yaml`; every problem names the file, line and field. */
export function parseSiteIdentity(text: string, file = SITE_FILE): { identity?: SiteIdentity; problems: Problem[] } {
  const { value, problems } = validateYaml(parseYamlSource(text, file), siteIdentitySchema, file, 'the site identity');
  return value ? { identity: value, problems: [] } : { problems };
}

/** Checks `site.yaml` under `root` without throwing: its problems, or one saying it is missing. */
export function checkSiteIdentity(root: string): { identity?: SiteIdentity; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(path.join(root, SITE_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'is missing; every site needs one (name, url, and optionally organisation, licence, list, archive, repository): see docs/adopting.md' : `cannot be read (${code ?? 'error'})`;
    return { problems: [{ file: SITE_FILE, rule: 'site', message }] };
  }
  return parseSiteIdentity(text);
}

/** Reads `site.yaml` under `root`, SITE_URL and BASE_PATH applied; throws a PolicyError naming each problem. */
export function loadSiteIdentity(root: string, env: NodeJS.ProcessEnv = process.env): SiteIdentity {
  const { identity, problems } = checkSiteIdentity(root);
  if (!identity) throw new PolicyError(problems);
  return {
    ...identity,
    ...(env['SITE_URL'] ? { url: env['SITE_URL'] } : {}),
    ...(env['BASE_PATH'] ? { base: env['BASE_PATH'] } : {}),
  };
}

/** The identity under `root` for commands that only take defaults from it: undefined without site.yaml; an invalid one throws. */
export function optionalSiteIdentity(root: string): SiteIdentity | undefined {
  const { identity, problems } = checkSiteIdentity(root);
  if (identity || problems.some((problem) => problem.rule === 'site')) return identity;
  throw new PolicyError(problems);
}
