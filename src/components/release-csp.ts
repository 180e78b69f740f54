/** The Content-Security-Policy hashes of the inline scripts in pre-rendered HTML, so the page can allow exactly those. */
import { createHash } from 'node:crypto';

/** `sha256-…` of the text of each inline `<script>` (without attributes) in `html`. */
export function inlineScriptHashes(html: string): `sha256-${string}`[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match): `sha256-${string}` => `sha256-${createHash('sha256').update(match[1]!).digest('base64')}`);
}
