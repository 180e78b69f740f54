/** The stored mbox of a proposal version, served byte for byte as received, for `git am` or a mail client. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { allProposalVersions, proposalMbox } from '../../../data/proposals.ts';

export const getStaticPaths = (async () => (await allProposalVersions()).map(({ slug, version }) => ({ params: { slug, version: String(version) } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => new Response(new Uint8Array(await proposalMbox(params.slug!, Number(params.version))), { headers: { 'Content-Type': 'application/mbox' } });
