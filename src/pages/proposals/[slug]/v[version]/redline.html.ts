/** The redline of a proposal version against its base as one self-contained HTML file, to attach to a mail. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { allProposalVersions, proposalStandaloneRedline, siteProposalVersion } from '../../../../data/proposals.ts';

export const getStaticPaths = (async () => (await allProposalVersions()).map(({ slug, version }) => ({ params: { slug, version: String(version) } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const entry = await siteProposalVersion(params.slug!, Number(params.version));
  return new Response(await proposalStandaloneRedline(entry), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
};
