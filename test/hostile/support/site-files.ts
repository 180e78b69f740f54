/** Reading a built site from disk: its pages, their Content-Security-Policy and their inline scripts. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every file under `root`, as sorted paths relative to it. */
export function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The HTML pages of a built site, relative paths. */
export function htmlPages(root: string): string[] {
  return listFiles(root).filter((file) => file.endsWith('.html'));
}

/** The content of the page's `<meta http-equiv="content-security-policy">`, parsed into directive → sources. */
export function metaCsp(html: string): Map<string, string[]> | undefined {
  const match = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
  if (!match) return undefined;
  const directives = new Map<string, string[]>();
  for (const part of match[1]!.replaceAll('&#39;', "'").split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The CSP source (`'sha256-…'`) of each inline `<script>` of the page (scripts with `src` load by origin instead). */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)]
    .filter((match) => !/\ssrc=/i.test(match[1] ?? ''))
    .map((match) => `'sha256-${createHash('sha256').update(match[2]!).digest('base64')}'`);
}

/** Each file's sha256 by relative path, so two trees can be compared file by file. */
export function fileDigests(root: string): Map<string, string> {
  return new Map(listFiles(root).map((file) => [file, createHash('sha256').update(readFileSync(path.join(root, file))).digest('hex')]));
}

/** One digest of a whole folder: every file's relative path and bytes. */
export function hashTree(root: string): string {
  const hash = createHash('sha256');
  for (const [file, digest] of fileDigests(root)) hash.update(`${file}\0${digest}\n`);
  return hash.digest('hex');
}
