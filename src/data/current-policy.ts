/** The working tree's policy as a PolicyDocument, from the content collections. */
import { getCollection, getEntry } from 'astro:content';
import type { PolicyDocument } from '../lib/document.ts';

/** Reads the sections and metadata collections back into one document, sections in order. */
export async function currentPolicy(): Promise<PolicyDocument> {
  const metadata = await getEntry('metadata', 'policy');
  if (!metadata) throw new Error('content/policy.yaml was not loaded');
  const entries = await getCollection('policy');
  const sections = entries
    .map((entry) => ({ ...entry.data, body: entry.body ?? '' }))
    .sort((a, b) => a.order - b.order);
  return { metadata: metadata.data, sections };
}
