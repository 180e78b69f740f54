/** The Content-Security-Policy hashes of the inline scripts in pre-rendered HTML, so the page can allow exactly those. */
import { createHash } from 'node:crypto';
import { REDLINE_SCRIPT_HASH } from '../lib/redline/html.ts';

/**
 * `sha256-…` of each inline `<script>` (without attributes) in `html` that is the redline's own navigation script.
 * Any other script in the HTML (one that got past the sanitizer) is not hashed, so the CSP still blocks it.
 */
export function inlineScriptHashes(html: string): `sha256-${string}`[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)]
    .map((match): `sha256-${string}` => `sha256-${createHash('sha256').update(match[1]!).digest('base64')}`)
    .filter((hash) => hash === REDLINE_SCRIPT_HASH);
}
