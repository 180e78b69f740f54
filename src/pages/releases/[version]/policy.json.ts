/** The policy at one release as JSON (metadata and sections), for the compare page to redline in the browser. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { siteHistory, siteRelease } from '../../../data/history.ts';

export const getStaticPaths = (async () => {
  const history = await siteHistory();
  return history.releases.map((release) => ({ params: { version: release.version } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const { document } = await siteRelease(params.version!);
  // Where each section was read from is of no use to a reader.
  const sections = document.sections.map(({ source: _source, ...section }) => section);
  return new Response(JSON.stringify({ metadata: document.metadata, sections }), { headers: { 'Content-Type': 'application/json' } });
};
