/** The site's identity for pages and feeds: site.yaml at the project root, read once per build. */
import path from 'node:path';
import { loadSiteIdentity, type SiteIdentity } from '../lib/site/identity.ts';

let identity: SiteIdentity | undefined;

/** The validated identity (name, organisation, licence, repository, ...) of the site being built. */
export function siteIdentity(): SiteIdentity {
  identity ??= loadSiteIdentity(path.resolve(process.env.POLICY_REPO ?? process.cwd()));
  return identity;
}
